package io.deletiongateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The values a credential contributes to identity, organization and scopes reach backend headers and logs, so
 * each must be a non-empty token of visible ASCII (no space, no control character: nothing that could split or
 * fold a header) of bounded length. A credential carrying anything else is invalid, not a 500.
 */
final class ClaimValues {
  static final int MAX_CHARS = 256;
  static final int MAX_ITEMS = 64;
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1," + MAX_CHARS + "}");

  private ClaimValues() {
  }

  static boolean valid(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }

  /** A string claim: absent → null; present, it must be valid, else {@link Invalid}. */
  static String optional(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !valid(s)) {
      throw new Invalid();
    }
    return s;
  }

  /** A string or array-of-strings claim; every item valid, at most {@link #MAX_ITEMS}, else {@link Invalid}. */
  static Set<String> items(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    Set<String> out = new LinkedHashSet<>();
    if (value == null) {
      return Set.of();
    }
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> out.add(item instanceof String s ? s : null));
    } else {
      throw new Invalid();
    }
    if (out.size() > MAX_ITEMS || out.stream().anyMatch(item -> !valid(item))) {
      throw new Invalid();
    }
    return Set.copyOf(out);
  }

  /** Scopes from {@code scope} (space-separated, RFC 8693) and {@code scp} (an array, as some providers send). */
  static Set<String> scopes(JsonObject claims) {
    Set<String> scopes = new LinkedHashSet<>();
    Object scope = claims.getValue("scope");
    if (scope != null) {
      if (!(scope instanceof String s) || s.length() > MAX_CHARS * MAX_ITEMS) {
        throw new Invalid();
      }
      for (String item : s.split(" ", -1)) {
        if (!item.isEmpty()) {  // RFC 6749: scope tokens separated by single spaces; any other byte must be valid
          scopes.add(item);
        }
      }
    }
    scopes.addAll(items(claims, "scp"));
    if (scopes.size() > MAX_ITEMS || scopes.stream().anyMatch(item -> !valid(item))) {
      throw new Invalid();
    }
    return Set.copyOf(scopes);
  }

  /** A claim value the gateway will not carry. */
  /**
   * RFC 8705 §3.1: the client certificate a token is bound to, {@code cnf.x5t#S256} (a base64url SHA-256, 43
   * characters); a {@code cnf} of any other shape is refused rather than ignored.
   */
  static java.util.Optional<String> certificateBinding(JsonObject claims) {
    Object cnf = claims.getValue("cnf");
    if (cnf == null) {
      return java.util.Optional.empty();
    }
    if (cnf instanceof JsonObject confirmation && confirmation.size() == 1 && confirmation.getValue("x5t#S256") instanceof String thumbprint
      && thumbprint.matches("[A-Za-z0-9_-]{43}")) {
      return java.util.Optional.of(thumbprint);
    }
    throw new Invalid();
  }

  static final class Invalid extends RuntimeException {
    Invalid() {
      super("invalid claim value", null, false, false);
    }
  }
}
