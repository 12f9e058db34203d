package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.hygiene.CanonicalPath;
import io.deletiongateway.network.IpAddresses;
import io.deletiongateway.support.RandomText;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The checks every request passes through were regular expressions and are scans now (#18: they cost more than the
 * rest of their stages). Each scan is compared with the regular-expression version it replaced, kept here as the
 * oracle, on inputs drawn from the characters that matter to it, plus the cases written out.
 */
class HotPathScannersTest {
  static final int CASES = 20_000;

  @Test
  void canonicalPathsAreJudgedAsTheRegularExpressionsJudgedThem() {
    List<String> paths = new ArrayList<>(List.of("/", "/a", "/a/", "//", "/./a", "/a/..", "/a/.b", "/a/..b", "/%2e", "/%2E%2e",
      "/%", "/%4", "/%41", "/%4g", "/%c3%a9", "/%c3", "/%e2%80%8b", "/%ef%bc%91", "/\uff11", "/%\uff14\uff11", "/a;b", "/a\\b",
      "/a%2fb", "/%5c", "/%7e", "/%7F", "/%00", "/%20", "/%3A", "/%40", "/%5B", "/%60", "/%7b", "/a b", "/\u00e9", "/.", "/.."));
    for (String tail : RandomText.of(18, CASES, "/.%;\\aA09fFgG-_~:@ \u00e9\uff11\u0001", 12)) {
      paths.add("/" + tail);
    }
    paths.add("no-slash");
    for (String path : paths) {
      assertEquals(OldCanonicalPath.problem(path), CanonicalPath.problem(path), path);
    }
  }

  @Test
  void apiTokensAreReadAsTheRegularExpressionReadThem() {
    String valid = ApiTokenFormat.generate("ci-1");
    List<String> tokens = new ArrayList<>(List.of(valid, valid + "x", valid.substring(1), valid.replace("dgt_", "dgx_"),
      valid.replace("ci-1", "-ci1"), valid.replace("ci-1", "Ci-1"), valid.replace("ci-1_", "ci_1_"), "dgt__" + valid.substring(9),
      ApiTokenFormat.generate("a"), ApiTokenFormat.generate("a234567890123456789012345678901b"), "", "dgt_"));
    char[] chars = valid.toCharArray();
    java.util.Random random = new java.util.Random(18);
    for (int n = 0; n < CASES; n++) {  // one character changed, removed or added: mostly checksum or shape failures
      char[] changed = chars.clone();
      changed[random.nextInt(changed.length)] = "_-aZ09é\u0000".charAt(random.nextInt(8));
      tokens.add(new String(changed));
      tokens.add(valid.substring(0, random.nextInt(valid.length())));
    }
    String secret = valid.substring(valid.length() - 46, valid.length() - 6);
    for (String id : RandomText.of(18, 2_000, "abz09-_A", 34)) {  // ids of every shape, with a checksum that fits them
      String body = "dgt_" + id + "_" + secret;
      tokens.add(body + OldApiTokenFormat.checksum(body));
    }
    for (String token : tokens) {
      assertEquals(OldApiTokenFormat.idOf(token), ApiTokenFormat.idOf(token), token);
    }
    assertEquals("ci-1", ApiTokenFormat.idOf(valid));
  }

  @Test
  void ipLiteralsAreParsedAsTheRegularExpressionParsedThem() throws Exception {
    List<String> texts = new ArrayList<>(List.of("127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3",
      "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "[1.2.3.4]", "1.2.3.4%eth0", "1234.1.1.1", "\uff11.2.3.4", "::1",
      "::ffff:10.0.0.1", "[::1]", "fe80::1%eth0", "1::2::3", "localhost", ""));
    texts.addAll(RandomText.of(18, CASES, "0123456789....", 16));
    texts.addAll(RandomText.of(19, CASES, "0123456789abcdef::.", 20));
    for (String text : texts) {
      byte[] expected = OldIpAddresses.parse(text);
      assertArrayEquals(expected, IpAddresses.parse(text), text);
      if (expected != null && expected.length == 4) {
        assertEquals(InetAddress.getByAddress(expected).getHostAddress(), IpAddresses.format(expected), text);
      }
    }
    assertNull(IpAddresses.parse("1.2.3.04"));
  }

  /** The media-type and method-override checks lower-cased a copy; the scan finds what that found, no more. */
  @Test
  void caseInsensitiveContainsFindsWhatLowerCasingFound() {
    List<String> texts = new ArrayList<>(List.of("", "json", "JSON", "application/problem+Json; charset=utf-8", "jso", "js on",
      "_method", "X-HTTP-Method-Override", "METHO", "éjson", "text/html"));
    texts.addAll(RandomText.of(18, CASES, "jJsSoOnNmMeEtThHdD-_+/; é", 10));
    for (String text : texts) {
      for (String word : List.of("json", "method")) {
        assertEquals(text.toLowerCase(java.util.Locale.ROOT).contains(word), io.deletiongateway.hygiene.CaseInsensitive.contains(text, word),
          text + " / " + word);
      }
    }
  }

  /**
   * Header names to drop were lower-cased (and for the gateway's own and client-address names, '_' made '-') and
   * looked up in a set; HeaderNames folds as it hashes and must answer as that did, with and without underscores.
   */
  @Test
  void headerNamesMatchWhatLowerCasingMatched() {
    List<String> names = List.of("x-forwarded-for", "host", "te", "x-request-id", "via", "cf-connecting-ipv6");
    List<String> prefixes = List.of("x-gateway-");
    io.deletiongateway.hygiene.HeaderNames exact = io.deletiongateway.hygiene.HeaderNames.of(names);
    io.deletiongateway.hygiene.HeaderNames anySpelling = io.deletiongateway.hygiene.HeaderNames.ofAnySpelling(names, prefixes);
    io.deletiongateway.hygiene.HeaderNames plus = anySpelling.plus(List.of("Traceparent"));
    List<String> asked = new ArrayList<>(List.of("", "X-Forwarded-For", "x_forwarded_for", "X-FORWARDED-FOR ", "HOST", "Host_",
      "TE", "t_e", "X-Gateway-Principal", "x_gateway_scopes", "X-Gateway-", "x-gateway", "xgateway-a", "traceparent",
      "TRACEPARENT", "VIA", "vi\u0430", "X-Request-\u0130d"));
    for (String name : names) {  // each name in drawn spellings: cases flipped, dashes made underscores
      for (String mask : RandomText.of(names.indexOf(name), 200, "aA_", name.length())) {
        StringBuilder spelled = new StringBuilder(name);
        for (int i = 0; i < mask.length(); i++) {
          char c = name.charAt(i);
          spelled.setCharAt(i, mask.charAt(i) == 'A' ? Character.toUpperCase(c) : mask.charAt(i) == '_' && c == '-' ? '_' : c);
        }
        asked.add(spelled.toString());
      }
    }
    asked.addAll(RandomText.of(18, CASES, "xXgGaA-_tTeE", 12));
    for (String name : asked) {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      String dashed = lower.replace('_', '-');
      boolean inAnySpelling = names.contains(dashed) || dashed.startsWith("x-gateway-");
      assertEquals(names.contains(lower), exact.contains(name), name);
      assertEquals(inAnySpelling, anySpelling.contains(name), name);
      assertEquals(inAnySpelling || dashed.equals("traceparent"), plus.contains(name), name);
    }
  }

  /** CanonicalPath and PercentEncoding.decode as they were (commit 0485ae0). */
  static final class OldCanonicalPath {
    static final Pattern REFUSED_ENCODING = Pattern.compile(
      "%(2[fFeE5]|5[cC]|[01][0-9a-fA-F]|7[fF]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dD]|5[fF]|7[eE])");
    static final Pattern MALFORMED_ENCODING = Pattern.compile("%(?![0-9a-fA-F]{2})");

    static String problem(String rawPath) {
      if (rawPath == null || !rawPath.startsWith("/")) {
        return "the path must start with /";
      }
      for (int i = 0; i < rawPath.length(); i++) {
        char c = rawPath.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          return "control character";
        }
        if (c == '\\') {
          return "backslash";
        }
        if (c == ';') {
          return "path parameter (;)";
        }
      }
      if (MALFORMED_ENCODING.matcher(rawPath).find()) {
        return "malformed percent-encoding";
      }
      if (REFUSED_ENCODING.matcher(rawPath).find()) {
        return "percent-encoded slash, backslash, dot, percent, control or unreserved character";
      }
      if (decode(rawPath) == null) {
        return "raw non-ASCII, or a percent-encoding that is not valid UTF-8 or decodes to a control";
      }
      for (String segment : rawPath.substring(1).split("/", -1)) {
        if (segment.equals(".") || segment.equals("..")) {
          return "dot segment";
        }
      }
      if (rawPath.contains("//") || (rawPath.length() > 1 && rawPath.endsWith("/"))) {
        return "empty path segment";
      }
      return null;
    }

    static String decode(String text) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '%') {
          if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
            return null;
          }
          bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
          i += 2;
        } else if (c <= 0x20 || c >= 0x7f) {
          return null;
        } else {
          bytes.write(c);
        }
      }
      String decoded;
      try {
        decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      } catch (CharacterCodingException invalid) {
        return null;
      }
      for (int i = 0; i < decoded.length(); i++) {
        char c = decoded.charAt(i);
        if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
          return null;
        }
      }
      return decoded;
    }
  }

  /** ApiTokenFormat.idOf as it was. */
  static final class OldApiTokenFormat {
    static final Pattern TOKEN = Pattern.compile("dgt_([a-z0-9][a-z0-9-]{0,31})_([0-9A-Za-z]{40})([0-9A-Za-z]{6})");

    static String idOf(String token) {
      java.util.regex.Matcher m = TOKEN.matcher(token);
      if (!m.matches()) {
        return null;
      }
      String body = token.substring(0, token.length() - 6);
      return checksum(body).equals(m.group(3)) ? m.group(1) : null;
    }

    static String checksum(String body) {
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(body.getBytes(StandardCharsets.US_ASCII));
      long value = crc.getValue();
      char[] out = new char[6];
      for (int i = 5; i >= 0; i--) {
        out[i] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt((int) (value % 62));
        value /= 62;
      }
      return new String(out);
    }
  }

  /** IpAddresses.parse as it was. */
  static final class OldIpAddresses {
    static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    static byte[] parse(String text) {
      String s = text.trim();
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      int zone = s.indexOf('%');
      if (zone >= 0) {
        s = s.substring(0, zone);
      }
      if (IPV4.matcher(s).matches()) {
        for (String part : s.split("\\.")) {
          if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
            return null;
          }
        }
      } else if (!s.contains(":") || !IPV6.matcher(s).matches()) {
        return null;
      }
      try {
        byte[] address = InetAddress.getByName(s).getAddress();
        if (address.length == 16 && Arrays.equals(Arrays.copyOf(address, 12),
          new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})) {
          return Arrays.copyOfRange(address, 12, 16);
        }
        return address;
      } catch (java.net.UnknownHostException e) {
        return null;
      }
    }
  }
}
