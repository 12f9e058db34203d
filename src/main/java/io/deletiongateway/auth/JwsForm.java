package io.deletiongateway.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one accepted spelling of a compact JWS (RFC 7515), checked before any signature is: three segments of
 * canonical unpadded base64url (re-encoding the decoded bytes gives the segment back, so no padding and no
 * stray trailing bits), no {@code crit} (the gateway implements no extension, so RFC 7515 §4.1.11 makes any
 * listed one invalid) and no {@code b64}, an ECDSA signature in its raw R‖S form (not DER), and numeric dates
 * that are whole numbers within year 9999 (no overflow in any lifetime check, no {@code 1e400}). One token,
 * one spelling: a deny list or replay cache keyed on the token string cannot be sidestepped.
 */
final class JwsForm {
  /** 9999-12-31T23:59:59Z. */
  static final long LATEST_DATE = 253_402_300_799L;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Map<String, Integer> ECDSA_SIGNATURE_BYTES = Map.of("ES256", 64, "ES384", 96, "ES512", 132);

  private JwsForm() {
  }

  /** The parts of a canonical compact JWS, or null when the token is not one. */
  record Parts(JsonObject header, JsonObject claims) {
  }

  static Parts parse(String token) {
    String[] segments = token.split("\\.", -1);
    if (segments.length != 3) {
      return null;
    }
    byte[][] decoded = new byte[3][];
    for (int i = 0; i < 3; i++) {
      decoded[i] = canonical(segments[i]);
      if (decoded[i] == null) {
        return null;
      }
    }
    JsonObject header;
    JsonObject claims;
    try {
      header = new JsonObject(Buffer.buffer(decoded[0]));
      claims = new JsonObject(Buffer.buffer(decoded[1]));
    } catch (RuntimeException notJson) {
      return null;
    }
    if (header.containsKey("crit") || header.containsKey("b64") || !(header.getValue("alg") instanceof String alg)) {
      return null;
    }
    Integer ecdsa = ECDSA_SIGNATURE_BYTES.get(alg);
    if (ecdsa != null && decoded[2].length != ecdsa) {
      return null;
    }
    for (String date : new String[] {"exp", "nbf", "iat"}) {
      if (claims.containsKey(date) && !boundedWholeNumber(claims.getValue(date))) {
        return null;
      }
    }
    return new Parts(header, claims);
  }

  private static byte[] canonical(String segment) {
    if (!SEGMENT.matcher(segment).matches()) {
      return null;
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(segment);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(segment) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean boundedWholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      long n = ((Number) value).longValue();
      return n >= 0 && n <= LATEST_DATE;
    }
    return false;
  }
}
