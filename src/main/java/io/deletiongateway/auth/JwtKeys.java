package io.deletiongateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable set of verification keys and the vertx-auth-jwt provider built over them. Never built empty:
 * with no keys vertx-auth-jwt would accept unsigned tokens.
 */
record JwtKeys(JWTAuth auth, Set<String> kids) {

  static JwtKeys fromPem(Vertx vertx, List<JwtIssuerConfig.PemKey> keys, io.vertx.ext.auth.JWTOptions options) {
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
    Set<String> kids = new HashSet<>();
    for (JwtIssuerConfig.PemKey key : keys) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(key.algorithm()).setBuffer(key.pem()).setId(key.kid()));
      kids.add(key.kid());
    }
    return build(vertx, auth, kids);
  }

  /** Keys of a JWKS document usable with the allowed algorithms; others are skipped. */
  static JwtKeys fromJwks(Vertx vertx, JsonObject jwks, Set<String> algorithms, io.vertx.ext.auth.JWTOptions options) {
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
    Set<String> kids = new HashSet<>();
    List<JsonObject> usable = new ArrayList<>();
    for (Object item : jwks.getJsonArray("keys", new io.vertx.core.json.JsonArray())) {
      if (!(item instanceof JsonObject jwk) || "enc".equals(jwk.getString("use"))) {
        continue;
      }
      for (String alg : algorithmsFor(jwk, algorithms)) {
        usable.add(jwk.copy().put("alg", alg));
        if (jwk.getString("kid") != null) {
          kids.add(jwk.getString("kid"));
        }
      }
    }
    usable.forEach(auth::addJwk);
    return build(vertx, auth, kids);
  }

  private static JwtKeys build(Vertx vertx, JWTAuthOptions options, Set<String> kids) {
    boolean noPem = options.getPubSecKeys() == null || options.getPubSecKeys().isEmpty();
    boolean noJwk = options.getJwks() == null || options.getJwks().isEmpty();
    if (noPem && noJwk) {
      throw new IllegalArgumentException("no usable verification key");
    }
    return new JwtKeys(JWTAuth.create(vertx, options), Set.copyOf(kids));
  }

  private static List<String> algorithmsFor(JsonObject jwk, Set<String> allowed) {
    String declared = jwk.getString("alg");
    if (declared != null) {
      return allowed.contains(declared) ? List.of(declared) : List.of();
    }
    List<String> candidates = switch (String.valueOf(jwk.getString("kty"))) {
      case "RSA" -> List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
      case "EC" -> switch (String.valueOf(jwk.getString("crv"))) {
        case "P-256" -> List.of("ES256");
        case "P-384" -> List.of("ES384");
        case "P-521" -> List.of("ES512");
        default -> List.of();
      };
      case "OKP" -> List.of("EdDSA");
      default -> List.of();
    };
    return candidates.stream().filter(allowed::contains).toList();
  }
}
