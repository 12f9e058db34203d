package io.deletiongateway.hygiene;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986): every {@code %} starts two hex digits, the decoded bytes are valid UTF-8
 * (no overlong forms, no encoded surrogates, nothing truncated), no raw byte outside visible ASCII is accepted, and
 * no decoded character is a control. Anything else has more than one reading, so it is refused, not guessed.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {
  }

  /** The decoded text, or null when {@code text} is not strictly encoded. {@code plusIsSpace}: form (query) rules. */
  static String decode(String text, boolean plusIsSpace) {
    if (visibleAsciiOnly(text)) {
      return plusIsSpace ? text.replace('+', ' ') : text;  // nothing encoded: nothing to decode or check
    }
    byte[] bytes = new byte[text.length()];
    int length = 0;
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? hex(text.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hex(text.charAt(i + 2));
        if (low < 0) {
          return null;
        }
        int b = high * 16 + low;
        ascii &= b < 0x80;
        bytes[length++] = (byte) b;
        i += 2;
      } else if (c <= 0x20 || c >= 0x7f) {
        return null;
      } else {
        bytes[length++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
      }
    }
    String decoded;
    if (ascii) {
      decoded = new String(bytes, 0, length, StandardCharsets.US_ASCII);
    } else {
      try {
        decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
      } catch (CharacterCodingException invalid) {
        return null;
      }
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
        return null;
      }
    }
    return decoded;
  }

  /** An ASCII hex digit's value, else -1 (Character.digit would also take other scripts' digits). */
  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean unreservedOnly(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!unreserved(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986's unreserved characters: letters, digits, {@code - . _ ~}. */
  static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean visibleAsciiOnly(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '%') {
        return false;
      }
    }
    return true;
  }

  /** Encodes everything but RFC 3986's unreserved characters: one spelling for every value. */
  static String encode(String text) {
    if (unreservedOnly(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (unreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
