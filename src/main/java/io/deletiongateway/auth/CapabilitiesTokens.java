package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;

import java.util.List;
import java.util.Set;

/**
 * Capabilities tokens: short-lived credentials that name the exact operations they may perform. Format
 * (documented in the README): a compact JWS with header {@code typ: dg-cap+jwt} and claims {@code sub},
 * {@code org}, {@code ops} (operationIds), {@code exp} (required, at most {@code max_lifetime} ahead) and
 * {@code iat}; signed with one of the configured keys. Anything wrong → 403 invalid_capabilities_token.
 */
public final class CapabilitiesTokens {
  public static final String TYPE = "dg-cap+jwt";

  private final JwtKeys keys;
  private final CapabilitiesConfig config;
  private final Set<String> algorithms;

  public CapabilitiesTokens(Vertx vertx, CapabilitiesConfig config) {
    this.config = config;
    this.keys = JwtKeys.fromPem(vertx, config.keys(), new JWTOptions().setLeeway(config.leewaySeconds()));
    this.algorithms = Set.copyOf(config.keys().stream().map(JwtIssuerConfig.PemKey::algorithm).toList());
  }

  public static boolean isCapabilitiesToken(JsonObject header) {
    return TYPE.equals(header.getString("typ"));
  }

  public Future<Principal> verify(String token, JsonObject header) {
    if (!algorithms.contains(header.getString("alg"))) {
      return invalid();
    }
    return JwtClaims.authenticate(keys.auth(), token).transform(result -> {
      if (result.failed()) {
        return invalid();
      }
      JsonObject claims = result.result().attributes().getJsonObject("accessToken");
      Object exp = claims.getValue("exp");
      long now = System.currentTimeMillis() / 1000;
      if (!(exp instanceof Number expiry) || expiry.longValue() - now > config.maxLifetime().toSeconds() + config.leewaySeconds()
        || !(claims.getValue("ops") instanceof io.vertx.core.json.JsonArray) || claims.getString("sub") == null) {
        return invalid();
      }
      String org = claims.getString("org");
      return Future.succeededFuture(new Principal("cap:" + claims.getString("sub"), Principal.Kind.CAPABILITIES,
        org, Set.of(), Set.of(), List.of(), JwtClaims.strings(claims, "ops")));
    });
  }

  private static <T> Future<T> invalid() {
    return Future.failedFuture(GatewayError.of(ErrorCode.INVALID_CAPABILITIES_TOKEN));
  }
}
