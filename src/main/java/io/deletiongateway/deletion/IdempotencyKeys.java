package io.deletiongateway.deletion;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header): a structured-field string
 * ({@code "8e03978e-40d5"}), or, as many clients send it, the bare token. 1 to 255 visible ASCII characters.
 */
final class IdempotencyKeys {
  private static final Pattern QUOTED = Pattern.compile("\"((?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\"\\\\]){1,255})\"");
  private static final Pattern BARE = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private IdempotencyKeys() {
  }

  /** The key, or null when the value is not one. */
  static String parse(String value) {
    String trimmed = value.trim();
    Matcher quoted = QUOTED.matcher(trimmed);
    if (quoted.matches()) {
      return quoted.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return BARE.matcher(trimmed).matches() && !trimmed.startsWith("\"") ? trimmed : null;
  }
}
