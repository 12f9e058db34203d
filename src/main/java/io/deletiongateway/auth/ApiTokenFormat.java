package io.deletiongateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * API tokens look like {@code dgt_<id>_<40 base62 secret><6 base62 CRC32>}. The prefix makes them recognisable
 * (secret scanners, logs); the id selects the stored entry without touching the secret; the checksum lets a
 * typo or a forged string be refused before any lookup. 40 base62 characters carry 238 bits of entropy, so
 * an unsalted SHA-256 of the whole token is a sufficient stored form.
 */
public final class ApiTokenFormat {
  public static final String PREFIX = "dgt_";
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final int SECRET_CHARS = 40;
  private static final int CHECKSUM_CHARS = 6;
  private static final int MAX_ID_CHARS = 32;
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** One digest per thread: the provider lookup of getInstance() costs more than hashing a token. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private ApiTokenFormat() {
  }

  public static String generate(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("token id must match " + ID.pattern());
    }
    StringBuilder secret = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      secret.append(BASE62.charAt(RANDOM.nextInt(62)));
    }
    String body = PREFIX + id + "_" + secret;
    return body + checksum(body);
  }

  /** The token's id when it is well formed and its checksum matches, otherwise null. */
  public static String idOf(String token) {
    // dgt_ID_SECRETCHECKSUM, scanned (every request with an API token comes here): an id has no '_', so its length
    // is what the fixed-size rest leaves.
    int idLength = token.length() - PREFIX.length() - 1 - SECRET_CHARS - CHECKSUM_CHARS;
    int separator = PREFIX.length() + idLength;
    if (idLength < 1 || idLength > MAX_ID_CHARS || !token.startsWith(PREFIX) || token.charAt(separator) != '_') {
      return null;
    }
    for (int i = PREFIX.length(); i < separator; i++) {
      char c = token.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (c != '-' || i == PREFIX.length())) {
        return null;
      }
    }
    for (int i = separator + 1; i < token.length(); i++) {
      if (!base62(token.charAt(i))) {
        return null;
      }
    }
    int checksumAt = token.length() - CHECKSUM_CHARS;
    return checksum(token, checksumAt).equals(token.substring(checksumAt)) ? token.substring(PREFIX.length(), separator) : null;
  }

  private static boolean base62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  public static boolean looksLikeApiToken(String credential) {
    return credential.startsWith(PREFIX);
  }

  /** The stored form: {@code sha256:<hex>}. */
  public static String hash(String token) {
    return "sha256:" + HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));  // digest() resets it for the next use
  }

  private static String checksum(String body) {
    return checksum(body, body.length());
  }

  /** The checksum of {@code text}'s first {@code length} characters (ASCII: the format admits nothing else). */
  private static String checksum(String text, int length) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.US_ASCII), 0, length);
    long value = crc.getValue();
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }
}
