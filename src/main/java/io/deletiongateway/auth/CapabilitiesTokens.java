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
public final class CapabilitiesTokens implements CredentialVerifier {
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

  @Override
  public boolean owns(PresentedCredential credential) {
    return credential.header() != null && isCapabilitiesToken(credential.header());
  }

  @Override
  public Future<Principal> verify(PresentedCredential credential) {
    JwsForm.Parts parts = JwsForm.parse(credential.text());
    if (parts == null || !algorithms.contains(parts.header().getString("alg"))) {
      return invalid();
    }
    return JwtClaims.authenticate(keys.auth(), credential.text()).transform(result -> {
      if (result.failed()) {
        return invalid();
      }
      JsonObject claims = result.result().attributes().getJsonObject("accessToken");
      Object exp = claims.getValue("exp");
      long now = System.currentTimeMillis() / 1000;
      // exp is a whole number within year 9999 (JwsForm): this difference cannot overflow.
      if (!(exp instanceof Number expiry) || expiry.longValue() - now > config.maxLifetime().toSeconds() + config.leewaySeconds()
        || !(claims.getValue("ops") instanceof io.vertx.core.json.JsonArray)) {
        return invalid();
      }
      try {
        String subject = ClaimValues.optional(claims, "sub");
        if (subject == null) {
          return invalid();
        }
        return Future.succeededFuture(new Principal("cap:" + subject, "capabilities", java.util.Optional.empty(),
          ClaimValues.optional(claims, "org"), Set.of(), List.of(), new Grant.Operations(ClaimValues.items(claims, "ops")),
          ClaimValues.certificateBinding(claims)));
      } catch (ClaimValues.Invalid e) {
        return invalid();
      }
    });
  }

  private static <T> Future<T> invalid() {
    return Future.failedFuture(GatewayError.of(ErrorCode.INVALID_CAPABILITIES_TOKEN));
  }
}
