package io.deletiongateway.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

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
}
