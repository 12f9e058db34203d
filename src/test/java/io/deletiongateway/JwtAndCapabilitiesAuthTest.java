package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.JwksServer;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWT access tokens from a JWKS served by a test server, and capabilities tokens, signed with keys made here. */
class JwtAndCapabilitiesAuthTest {
  static final String ISSUER = "https://identity.test";
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";
  static final String PREFIX = "api.katapult.io/core/v1/";
  static Vertx vertx;
  static TestKeys k1;
  static TestKeys k2;
  static TestKeys capKey;
  static TestKeys stranger;

  @BeforeAll
  static void keys() throws Exception {
    vertx = Vertx.vertx();
    k1 = new TestKeys("k1");
    k2 = new TestKeys("k2");
    capKey = new TestKeys("cap-1");
    stranger = new TestKeys("cap-1");  // same kid, different key
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static RunningGateway gateway(JwksServer jwks, int minRefreshMs) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends: {reference: {url: embedded}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: reference, operations: {"get:organization_deletion_steps": {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"]}
        jwt_issuers:
          identity:
            issuer: %s
            audiences: [deletion-gateway]
            algorithms: [RS256]
            leeway_seconds: 5
            jwks_url: %s
            min_refresh_interval_ms: %d
        capabilities:
          max_lifetime_seconds: 600
          keys:
            cap-1: {algorithm: RS256, pem: "%s"}
      organizations: {org_5xk2n8qvd3: {alias: acme}, org_7hd93kfw1c: {alias: emptyco}}
      """.formatted(ApiTokenFormat.hash(DemoTokens.FULL), ISSUER, jwks.url(), minRefreshMs,
      capKey.publicPem().replace("\n", "\\n")), Map.of());
  }

  static JsonObject claims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", ISSUER).put("aud", "deletion-gateway").put("sub", "svc-42")
      .put("org", "org_5xk2n8qvd3").put("scope", PREFIX + "organizations:delete openid").put("iat", now).put("exp", now + 300);
  }

  @Test
  void validAccessTokensPassWithScopeOrScp() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 60_000)) {
      assertEquals(200, gw.http.as(k1.sign(claims(), null)).get(ACME).statusCode());
      JsonObject scp = claims();
      scp.remove("scope");
      scp.put("scp", new JsonArray().add(PREFIX + "managed_organizations:delete"));
      assertEquals(200, gw.http.as(k1.sign(scp, null)).get(ACME).statusCode());
      // The API token path keeps working beside it.
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode());
    }
  }

  @Test
  void missingOAuthScopeListsThePrefixedScopes() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 60_000)) {
      JsonObject readOnly = claims().put("scope", PREFIX + "organizations:read");
      JsonObject detail = Http.assertError(gw.http.as(k1.sign(readOnly, null)).get(ACME), 403, "scope_not_granted");
      assertEquals(List.of(PREFIX + "organizations:delete", PREFIX + "managed_organizations:delete"), detail.getJsonArray("scopes").getList());
      Http.assertError(gw.http.as(k1.sign(claims().put("org", "org_other"), null)).get(ACME), 403, "permission_denied");
    }
  }

  @Test
  void attacksAreRefused() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 60_000)) {
      long now = System.currentTimeMillis() / 1000;
      JWTAuth hmacWithPublicKey = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(k1.publicPem())));
      Map<String, String> attacks = new java.util.LinkedHashMap<>();
      attacks.put("alg none", TestKeys.unsigned(new JsonObject().put("alg", "none").put("typ", "JWT"), claims()));
      attacks.put("HS256 keyed with the RSA public key", hmacWithPublicKey.generateToken(claims(),
          new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true).setHeader(new JsonObject().put("kid", "k1"))));
      attacks.put("expired", k1.sign(claims().put("exp", now - 60), null));
      attacks.put("not yet valid", k1.sign(claims().put("nbf", now + 600), null));
      attacks.put("wrong issuer", k1.sign(claims().put("iss", "https://evil.test"), null));
      attacks.put("wrong audience", k1.sign(claims().put("aud", "someone-else"), null));
      attacks.put("no exp", k1.sign(without(claims(), "exp"), null));
      attacks.put("exp null", k1.sign(claims().put("exp", (Object) null), null));
      attacks.put("exp not a number", k1.sign(claims().put("exp", "tomorrow"), null));
      attacks.put("tampered payload", tamper(k1.sign(claims(), null)));
      attacks.put("signed by an unknown key with a known kid", new TestKeys("k1").sign(claims(), null));
      attacks.forEach((name, token) ->
        assertEquals(403, gw.http.as(token).get(ACME).statusCode(), name));
      attacks.forEach((name, token) -> Http.assertError(gw.http.as(token).get(ACME), 403, "invalid_api_token"));
    }
  }

  @Test
  void aFloodOfUnknownKidsFetchesTheJwksAtMostOncePerInterval() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 60_000)) {
      int before = jwks.fetches();
      for (int i = 0; i < 50; i++) {
        TestKeys forged = new TestKeys("kid-" + UUID.randomUUID());
        Http.assertError(gw.http.as(forged.sign(claims(), null)).get(ACME), 403, "invalid_api_token");
      }
      assertTrue(jwks.fetches() - before <= 1, "JWKS fetched " + (jwks.fetches() - before) + " times for 50 unknown kids");
    }
  }

  @Test
  void rotatedKeysAreFetchedOnFirstSightAndOldOnesDropped() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 200)) {
      assertEquals(200, gw.http.as(k1.sign(claims(), null)).get(ACME).statusCode());
      jwks.publish(k2);
      Thread.sleep(300);  // past the refetch debounce interval
      assertEquals(200, gw.http.as(k2.sign(claims(), null)).get(ACME).statusCode(), "new kid triggers one refetch");
      Http.assertError(gw.http.as(k1.sign(claims(), null)).get(ACME), 403, "invalid_api_token");
    }
  }

  @Test
  void lastKnownKeysAreKeptWhileTheIssuerIsDown() throws Exception {
    try (JwksServer jwks = new JwksServer(1, k1); RunningGateway gw = gateway(jwks, 200)) {
      jwks.failing(true);
      int before = jwks.fetches();
      Thread.sleep(2_500);  // max-age 1 s: the gateway tried to refresh and failed
      assertTrue(jwks.fetches() > before, "a refresh was attempted");
      assertEquals(200, gw.http.as(k1.sign(claims(), null)).get(ACME).statusCode());
    }
  }

  @Test
  void noJwtIsAcceptedBeforeKeysAreLoaded() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1)) {
      jwks.failing(true);
      try (RunningGateway gw = gateway(jwks, 300)) {
        String unsignedToken = TestKeys.unsigned(new JsonObject().put("alg", "RS256").put("kid", "k1"), claims());
        Http.assertError(gw.http.as(k1.sign(claims(), null)).get(ACME), 503, "service_unavailable");
        Http.assertError(gw.http.as(unsignedToken).get(ACME), 403, "invalid_api_token");  // malformed whatever the keys
        assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "API tokens do not depend on the JWKS");
        jwks.failing(false);
        Thread.sleep(800);  // the failed first load is retried after min_refresh_interval
        assertEquals(200, gw.http.as(k1.sign(claims(), null)).get(ACME).statusCode());
        Http.assertError(gw.http.as(unsignedToken).get(ACME), 403, "invalid_api_token");
      }
    }
  }

  static JsonObject capabilities(long lifetime) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "runbook-7").put("org", "org_5xk2n8qvd3")
      .put("ops", new JsonArray().add("get:organization_deletion_steps")).put("iat", now).put("exp", now + lifetime);
  }

  @Test
  void capabilitiesTokensAuthorizeExactlyTheirOperations() throws Exception {
    try (JwksServer jwks = new JwksServer(300, k1); RunningGateway gw = gateway(jwks, 60_000)) {
      assertEquals(200, gw.http.as(capKey.sign(capabilities(120), "dg-cap+jwt")).get(ACME).statusCode());
      JsonObject otherOp = capabilities(120).put("ops", new JsonArray().add("deleteOrganization"));
      Http.assertError(gw.http.as(capKey.sign(otherOp, "dg-cap+jwt")).get(ACME), 403, "permission_denied");
      Http.assertError(gw.http.as(capKey.sign(capabilities(120).put("org", "org_other"), "dg-cap+jwt")).get(ACME), 403, "permission_denied");
      for (String bad : List.of(
        capKey.sign(capabilities(-60), "dg-cap+jwt"),                 // expired
        capKey.sign(capabilities(7200), "dg-cap+jwt"),                // longer than max_lifetime
        stranger.sign(capabilities(120), "dg-cap+jwt"),               // wrong key
        tamper(capKey.sign(capabilities(120), "dg-cap+jwt")),         // altered
        TestKeys.unsigned(new JsonObject().put("alg", "none").put("typ", "dg-cap+jwt"), capabilities(120)))) {
        Http.assertError(gw.http.as(bad).get(ACME), 403, "invalid_capabilities_token");
      }
    }
  }

  static JsonObject without(JsonObject claims, String name) {
    claims.remove(name);
    return claims;
  }

  /** Replaces the payload with one granting more, keeping the original signature. */
  static String tamper(String jws) {
    String[] parts = jws.split("\\.");
    JsonObject forged = claims().put("org", "org_7hd93kfw1c").put("scope", "everything");
    return parts[0] + "." + TestKeys.b64url(forged.encode()) + "." + parts[2];
  }
}
