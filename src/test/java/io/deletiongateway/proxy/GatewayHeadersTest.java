package io.deletiongateway.proxy;

import io.deletiongateway.support.RandomText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The header-value check is a scan now (#18); it judges every value as the regular expression it replaced did. */
class GatewayHeadersTest {
  static final Pattern OLD = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,8190}[\\x21-\\x7E])?");

  @Test
  void valuesAreJudgedAsTheRegularExpressionJudgedThem() {
    List<String> values = new ArrayList<>(List.of("", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\r\nb", "\u0000", "é",
      "~", "x".repeat(8192), "x".repeat(8193), "x" + " ".repeat(8190) + "x", "x" + " ".repeat(8191) + "x"));
    values.addAll(RandomText.of(18, 20_000, "a Z~!\u007f\u0000\r\n\t\u00e9\u0100", 8));
    for (String value : values) {
      assertEquals(OLD.matcher(value).matches(), GatewayHeaders.safe(value), value.length() + " characters: " + value.substring(0, Math.min(20, value.length())));
    }
  }
}
