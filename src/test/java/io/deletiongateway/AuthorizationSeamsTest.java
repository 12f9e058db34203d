package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.network.ClientAddressHeaders;
import io.deletiongateway.support.LogCapture;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules around valid credentials, tried as an attacker who holds one would: every refusal is checked both at
 * the client (status, code) and at a recording backend (it received nothing, or exactly what is allowed).
 */
class AuthorizationSeamsTest {
  static final String PREFIX = "api.katapult.io/core/v1/";
  static final String SUSPENDED_MANAGER = ApiTokenFormat.generate("sus-manager");
  static final String EMPTYCO = STEPS + "?organization%5Bsub_domain%5D=emptyco";
  static final String MANAGED_ATLAS = "65a1b2c3d4e5f60718293a4b";
  static final String USER = "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}";

  static RecordingBackend backend;
  static RunningGateway gateway;
  static Path audit;
  static TestKeys idpA;
  static TestKeys idpB;
  static TestKeys idpEc;
  static TestKeys lenient;
  static TestKeys capKey;
  static LogCapture severe;

  static String pem(TestKeys keys) {
    return keys.publicPem().replace("\n", "\\n");
  }

  @BeforeAll
  static void start() throws Exception {
    idpA = new TestKeys("ka");
    idpB = new TestKeys("kb");
    idpEc = TestKeys.ec("ke");
    lenient = new TestKeys("kl");
    capKey = new TestKeys("cap-1");
    backend = new RecordingBackend();
    audit = Files.createTempFile("audit", ".log");
    severe = LogCapture.errors();
    String all = "[\"organizations:delete\", \"ORG_OWNER\", \"ves-io-admin-role\"]";
    gateway = RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      observability: {access_log: "off", audit_log: "%s"}
      backends: {recorder: {url: "%s"}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: recorder, operations: {"get:organization_deletion_steps": {}}}
        atlas: {contract: openapi/atlas-admin.yaml, backend: recorder, operations: {deleteOrganizationV1: {}}}
        f5xc: {contract: openapi/f5xc-user.yaml, backend: recorder, auth_scheme: APIToken, operations: {ves.io.schema.user.CustomAPI.CascadeDelete: {rate_limit: users}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: [org_7hd93kfw1c, "%s"], scopes: %s}
          sus-manager: {hash: "%s", organization: org_s8k2lq0ax4, manages: [org_7hd93kfw1c, "%s"], scopes: %s}
          demo-pending: {hash: "%s", organization: org_n4m2p9zzb2, scopes: %s}
        jwt_issuers:
          idp-a: {issuer: "https://a.test", audiences: [deletion-gateway], algorithms: [RS256], public_keys: {ka: {algorithm: RS256, pem: "%s"}}}
          idp-b: {issuer: "https://b.test", audiences: [deletion-gateway], algorithms: [RS256, ES256],
                  public_keys: {kb: {algorithm: RS256, pem: "%s"}, ke: {algorithm: ES256, pem: "%s"}}}
          idp-lenient: {issuer: "https://lenient.test", audiences: [deletion-gateway], algorithms: [RS256], accept_bare_scopes: true,
                        public_keys: {kl: {algorithm: RS256, pem: "%s"}}}
        capabilities:
          max_lifetime_seconds: 600
          keys: {cap-1: {algorithm: RS256, pem: "%s"}}
      organizations:
        org_5xk2n8qvd3: {alias: acme}
        org_7hd93kfw1c: {alias: emptyco}
        org_s8k2lq0ax4: {alias: suspendedco, status: suspended}
        org_n4m2p9zzb2: {alias: pendingco, status: not_activated}
        "%s": {}
        5f1e0b6e0d4c7a3b2c1d0e9f: {}
      rate_limits:
        policies:
          users: {capacity: 3, rate: 1, period_seconds: 3600, key: [principal]}
      """.formatted(audit, backend.url(), ApiTokenFormat.hash(DemoTokens.FULL), MANAGED_ATLAS, all,
      ApiTokenFormat.hash(SUSPENDED_MANAGER), MANAGED_ATLAS, all, ApiTokenFormat.hash(DemoTokens.PENDING_ORG), all,
      pem(idpA), pem(idpB), pem(idpEc), pem(lenient), pem(capKey), MANAGED_ATLAS), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    severe.close();
    gateway.close();
    backend.close();
  }

  @BeforeEach
  void forget() {
    backend.received.clear();
    severe.messages.clear();
  }

  static JsonObject claims(String issuer, String sub) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", issuer).put("aud", "deletion-gateway").put("sub", sub).put("org", "org_5xk2n8qvd3")
      .put("managed_orgs", new JsonArray().add("org_7hd93kfw1c").add(MANAGED_ATLAS))
      .put("scope", PREFIX + "organizations:delete ORG_OWNER ves-io-admin-role").put("iat", now).put("exp", now + 300);
  }

  static JsonObject capabilities(String sub) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", sub).put("org", "org_5xk2n8qvd3")
      .put("ops", new JsonArray().add("get:organization_deletion_steps")).put("iat", now).put("exp", now + 120);
  }

  static Http as(String credential) {
    return gateway.http.as(credential);
  }

  static void assertNothingForwarded() {
    assertEquals(List.of(), backend.received, "the backend received nothing");
  }

  // 1. The credential's own organization must be active, for every API.

  @Test
  void aSuspendedOrganizationsCredentialDeletesNothingAnywhere() {
    Http.assertError(as(SUSPENDED_MANAGER).get(EMPTYCO), 403, "organization_suspended");
    Http.assertError(as(SUSPENDED_MANAGER).delete(ATLAS_V1 + MANAGED_ATLAS), 403, "organization_suspended");
    Http.assertError(as(SUSPENDED_MANAGER).postJson(CASCADE, USER), 403, "organization_suspended");
    Http.assertError(as(DemoTokens.PENDING_ORG).postJson(CASCADE, USER), 403, "organization_not_activated");
    String suspendedJwt = idpA.sign(claims("https://a.test", "svc").put("org", "org_s8k2lq0ax4"), null);
    Http.assertError(as(suspendedJwt).get(EMPTYCO), 403, "organization_suspended");
    Http.assertError(as(suspendedJwt).delete(ATLAS_V1 + MANAGED_ATLAS), 403, "organization_suspended");
    assertNothingForwarded();
  }

  // 2. Values that would reach headers.

  @Test
  void claimsThatCouldSplitOrFoldAHeaderAreInvalidCredentials() {
    List<JsonObject> hostile = List.of(
      claims("https://a.test", "svc\r\nX-Injected: yes"),
      claims("https://a.test", "svc\r\n X-Injected: yes"),   // obs-fold
      claims("https://a.test", "svc\u0000"),
      claims("https://a.test", "svc\n"),
      claims("https://a.test", ""),
      claims("https://a.test", "svc").put("org", "org_5xk2n8qvd3\r\nX-Injected: yes"),
      claims("https://a.test", "svc").put("scope", PREFIX + "organizations:delete\tX"),
      claims("https://a.test", "svc").put("scp", new JsonArray().add(PREFIX + "organizations:delete extra")),
      claims("https://a.test", "svc").put("managed_orgs", new JsonArray().add("org_7hd93kfw1c\r\n")));
    for (JsonObject claim : hostile) {
      Http.assertError(as(idpA.sign(claim, null)).get(EMPTYCO), 403, "invalid_api_token");
    }
    Http.assertError(as(capKey.sign(capabilities("runbook\r\nX-Injected: yes"), "dg-cap+jwt")).get(EMPTYCO), 403, "invalid_capabilities_token");
    Http.assertError(as(capKey.sign(capabilities("runbook").put("ops", new JsonArray().add("get:organization_deletion_steps x")),
      "dg-cap+jwt")).get(EMPTYCO), 403, "invalid_capabilities_token");
    assertNothingForwarded();
    assertEquals(List.of(), List.copyOf(severe.messages), "nothing logged as a failure of ours");
  }

  // 3. Issuer-qualified principals.

  @Test
  void theSameSubFromTwoIssuersIsTwoPrincipals() throws Exception {
    String fromA = idpA.sign(claims("https://a.test", "svc-same"), null);
    String fromB = idpB.sign(claims("https://b.test", "svc-same"), null);
    assertEquals(200, as(fromA).get(EMPTYCO).statusCode());
    assertEquals(200, as(fromB).get(EMPTYCO).statusCode());
    assertEquals("jwt:idp-a:svc-same", backend.received.get(0).headers().get("X-Gateway-Principal"));
    assertEquals("idp-a", backend.received.get(0).headers().get("X-Gateway-Principal-Issuer"));
    assertEquals("jwt:idp-b:svc-same", backend.received.get(1).headers().get("X-Gateway-Principal"));
    // Two buckets (user deletions: 3 per principal): A spends its bucket, B still has its own.
    for (int i = 0; i < 3; i++) {
      assertEquals(200, as(fromA).postJson(CASCADE, USER).statusCode());
    }
    Http.assertError(as(fromA).postJson(CASCADE, USER), 429, "rate_limit_reached");
    assertEquals(200, as(fromB).postJson(CASCADE, USER).statusCode(), "B's bucket is its own");
    // Two audit identities.
    assertEquals(204, as(fromA).delete(ATLAS_V1 + MANAGED_ATLAS).statusCode());
    assertEquals(204, as(fromB).delete(ATLAS_V1 + MANAGED_ATLAS).statusCode());
    List<String> lines = Files.readAllLines(audit);
    JsonObject a = new JsonObject(lines.get(lines.size() - 2));
    JsonObject b = new JsonObject(lines.get(lines.size() - 1));
    assertEquals("jwt:idp-a:svc-same", a.getString("principal"));
    assertEquals("idp-a", a.getString("principal_issuer"));
    assertEquals("jwt:idp-b:svc-same", b.getString("principal"));
    assertEquals("idp-b", b.getString("principal_issuer"));
  }

  // 4. Client-address headers.

  @Test
  void everyClientAddressHeaderIsRemovedInEverySpelling() throws Exception {
    StringBuilder request = new StringBuilder("GET " + EMPTYCO + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + DemoTokens.FULL + "\r\n");
    for (String name : ClientAddressHeaders.DEFAULTS) {
      request.append(name).append(": 198.51.100.7\r\n");
      request.append(name.toUpperCase().replace('-', '_')).append(": 198.51.100.8\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request.toString());
    assertEquals(200, answer.status(), answer.body());
    var received = backend.last().headers();
    for (String name : ClientAddressHeaders.DEFAULTS) {
      if (!name.equals("x-forwarded-for")) {
        assertNull(received.get(name), name + " reached the backend");
      }
      assertNull(received.get(name.toUpperCase().replace('-', '_')), name + " (underscores) reached the backend");
    }
    assertEquals(List.of("127.0.0.1"), received.getAll("X-Forwarded-For"), "only the gateway's own");
    assertTrue(received.names().stream().noneMatch(n -> received.get(n).contains("198.51.100")), received.toString());
  }

  // 5. JWS strictness.

  @Test
  void oneTokenHasOneSpelling() {
    JsonObject claims = claims("https://b.test", "svc-strict");
    String valid = idpB.sign(claims, null);
    assertEquals(200, as(valid).get(EMPTYCO).statusCode(), "the canonical token is accepted");
    String[] parts = valid.split("\\.");
    String padded = parts[0] + "." + parts[1] + "." + parts[2] + "=".repeat((4 - parts[2].length() % 4) % 4);
    assertTrue(padded.endsWith("="), "the RS256 signature needs padding");
    Http.assertError(as(padded).get(EMPTYCO), 403, "invalid_api_token");
    // The same signature bytes spelled with other trailing bits.
    char last = parts[2].charAt(parts[2].length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String sibling = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    Http.assertError(as(sibling).get(EMPTYCO), 403, "invalid_api_token");
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", "kb");
    Http.assertError(as(idpB.signWithHeader(header.copy().put("crit", new JsonArray().add("exp")), claims)).get(EMPTYCO), 403, "invalid_api_token");
    Http.assertError(as(idpB.signWithHeader(header.copy().put("b64", false).put("crit", new JsonArray().add("b64")), claims)).get(EMPTYCO),
      403, "invalid_api_token");
    Http.assertError(as(idpB.signWithHeader(header.copy().put("b64", true), claims)).get(EMPTYCO), 403, "invalid_api_token");
    assertEquals(200, as(idpEc.sign(claims, null)).get(EMPTYCO).statusCode(), "ES256 with a raw R||S signature is accepted");
    Http.assertError(as(idpEc.signDer(claims)).get(EMPTYCO), 403, "invalid_api_token");
    assertEquals(2, backend.received.size(), "only the two canonical tokens were forwarded");
  }

  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";

  @Test
  void numericDatesAreBoundedWholeNumbers() {
    long now = System.currentTimeMillis() / 1000;
    String header = new JsonObject().put("alg", "RS256").put("typ", "dg-cap+jwt").put("kid", "cap-1").encode();
    String base = "{\"sub\":\"runbook\",\"org\":\"org_5xk2n8qvd3\",\"ops\":[\"get:organization_deletion_steps\"],\"iat\":" + now;
    assertEquals(200, as(capKey.signRaw(header, base + ",\"exp\":" + (now + 60) + "}")).get(ACME).statusCode());
    for (String exp : List.of("9300000000000000000", new BigInteger("2").pow(64).add(BigInteger.valueOf(now)).toString(), "1e400",
      "1.7e9", String.valueOf(now + 60) + ".5", "-1")) {
      Http.assertError(as(capKey.signRaw(header, base + ",\"exp\":" + exp + "}")).get(ACME), 403, "invalid_capabilities_token");
    }
    assertEquals(1, backend.received.size());
  }

  // 6. No existence oracle.

  @Test
  void aForeignOrganizationAnswersExactlyLikeAnUnknownOne() {
    Http full = as(DemoTokens.FULL);
    List<HttpResponse<String>> pairs = List.of(
      full.get(STEPS + "?organization%5Bsub_domain%5D=suspendedco"), full.get(STEPS + "?organization%5Bsub_domain%5D=nosuchco"),
      full.get(STEPS + "?organization%5Bid%5D=org_s8k2lq0ax4"), full.get(STEPS + "?organization%5Bid%5D=org_zzzzzzzzzz"),
      full.delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e9f"), full.delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e90"));
    for (int i = 0; i < pairs.size(); i += 2) {
      Http.assertError(pairs.get(i), 404, "organization_not_found");
      assertEquals(pairs.get(i).statusCode(), pairs.get(i + 1).statusCode());
      assertEquals(pairs.get(i).body(), pairs.get(i + 1).body(), "foreign and unknown are indistinguishable");
    }
    assertNothingForwarded();
  }

  // 7. Credentials never leave through the query.

  @Test
  void aCredentialInTheQueryIsRefusedAndNeverForwarded() {
    Http full = as(DemoTokens.FULL);
    for (String query : List.of("&access_token=" + DemoTokens.FULL, "&Access-Token=x", "&api_key=abc", "&note=" + DemoTokens.NO_SCOPE,
      "&x=" + idpA.sign(claims("https://a.test", "svc"), null))) {
      JsonObject detail = Http.assertError(full.get(EMPTYCO + query), 400, "credential_in_query");
      assertTrue(!detail.encode().contains("dgt_"), "the credential is not echoed: " + detail);
    }
    Http.assertError(gateway.http.get(EMPTYCO + "&access_token=" + DemoTokens.FULL), 400, "credential_in_query");
    assertNothingForwarded();
  }

  // 8. OAuth2 scopes in their documented form.

  @Test
  void aJwtMustHoldKatapultScopesWithTheirDocumentedPrefix() {
    JsonObject bare = claims("https://a.test", "svc-bare").put("scope", "organizations:delete");
    JsonObject detail = Http.assertError(as(idpA.sign(bare, null)).get(EMPTYCO), 403, "scope_not_granted");
    assertTrue(detail.getJsonArray("scopes").getList().contains(PREFIX + "organizations:delete"), detail.encode());
    assertNothingForwarded();
    assertEquals(200, as(idpA.sign(bare.copy().put("scope", PREFIX + "organizations:delete"), null)).get(EMPTYCO).statusCode());
    assertEquals(200, as(lenient.sign(bare.copy().put("iss", "https://lenient.test"), null)).get(EMPTYCO).statusCode(),
      "an issuer configured with accept_bare_scopes");
    assertEquals(200, as(DemoTokens.FULL).get(EMPTYCO).statusCode(), "API tokens keep the bare names");
  }
}
