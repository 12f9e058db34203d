package io.deletiongateway.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/** Small readers over decoded JWT content: the unverified header (for routing only), scopes, string sets. */
final class JwtClaims {
  private JwtClaims() {
  }

  /**
   * The JOSE header of a compact JWS, or null when it is not three segments with a JSON header. An empty
   * signature is let through here on purpose: the verifier refuses it with the right code for the token type.
   */
  static JsonObject header(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      return null;
    }
    try {
      return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, first))));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Scopes from {@code scope} (space-separated, RFC 8693) or {@code scp} (array, as some providers send). */
  static Set<String> scopes(JsonObject claims) {
    Set<String> scopes = new LinkedHashSet<>();
    Object scope = claims.getValue("scope");
    if (scope instanceof String s) {
      for (String item : s.trim().split("\\s+")) {
        if (!item.isEmpty()) {
          scopes.add(item);
        }
      }
    }
    scopes.addAll(strings(claims, "scp"));
    return Set.copyOf(scopes);
  }

  /**
   * Runs a vertx-auth-jwt authentication so that anything it throws (it throws on some malformed claims,
   * e.g. {"exp": null}) becomes a failed future instead of escaping as a 500.
   */
  static io.vertx.core.Future<io.vertx.ext.auth.User> authenticate(io.vertx.ext.auth.jwt.JWTAuth auth, String token) {
    try {
      return auth.authenticate(new io.vertx.ext.auth.authentication.TokenCredentials(token));
    } catch (RuntimeException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  static Set<String> strings(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    Set<String> out = new LinkedHashSet<>();
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof JsonArray array) {
      array.forEach(v -> {
        if (v instanceof String s) {
          out.add(s);
        }
      });
    }
    return Set.copyOf(out);
  }
}
