package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What reaches the backend: never the client's credential, never a client-forged identity header; the gateway's
 * own identity and forwarding headers instead. And X-Forwarded-For is believed only from trusted proxies.
 */
class ForwardingIdentityTest {
  static final String ACME = STEPS + "?organization%5Bid%5D=org_5xk2n8qvd3";
  static RecordingBackend backend;
  static RunningGateway direct;
  static RunningGateway behindProxy;

  static RunningGateway gateway(String trustedProxies) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0, trusted_proxies: %s}
      backends: {recorder: {url: "%s", authorization: "Bearer backend-service-credential"}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: recorder, operations: {"get:organization_deletion_steps": {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"]}
          demo-othernet: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"], networks: ["203.0.113.0/24"]}
      organizations: {org_5xk2n8qvd3: {alias: acme}}
      """.formatted(trustedProxies, backend.url(), ApiTokenFormat.hash(DemoTokens.FULL), ApiTokenFormat.hash(DemoTokens.OTHER_NETWORK)),
      Map.of());
  }

  @BeforeAll
  static void start() throws Exception {
    backend = new RecordingBackend();
    direct = gateway("[]");
    behindProxy = gateway("[\"127.0.0.0/8\", \"10.0.0.0/8\"]");
  }

  @AfterAll
  static void stop() throws Exception {
    direct.close();
    behindProxy.close();
    backend.close();
  }

  @Test
  void theBackendNeverSeesTheClientsCredentialOrForgedIdentity() {
    var response = direct.http.send(direct.http.as(DemoTokens.FULL).request(ACME)
      .header("X-Gateway-Principal", "admin")
      .header("x-gateway-organization", "org_victim")
      .header("X_Gateway_Scopes", "everything")
      .header("X-GATEWAY-PRINCIPAL-KIND", "root")
      .header("X-Request-Id", "trace-123"));
    assertEquals(200, response.statusCode(), response.body());
    RecordingBackend.Received got = backend.last();
    assertEquals("Bearer backend-service-credential", got.headers().get("Authorization"), "replaced by the configured backend credential");
    assertEquals(1, got.headers().getAll("Authorization").size());
    assertFalse(got.headers().toString().contains(DemoTokens.FULL), "the client's token appears nowhere");
    assertEquals("demo-full", got.headers().get("X-Gateway-Principal"));
    assertEquals("api_token", got.headers().get("X-Gateway-Principal-Kind"));
    assertEquals("org_5xk2n8qvd3", got.headers().get("X-Gateway-Organization"));
    assertEquals("organizations:delete", got.headers().get("X-Gateway-Scopes"));
    assertEquals(1, got.headers().getAll("X-Gateway-Principal").size());
    assertNull(got.headers().get("X_Gateway_Scopes"));
    assertEquals("trace-123", got.headers().get("X-Request-Id"));
    assertEquals("trace-123", response.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void withoutAUsableRequestIdEachRequestGetsAFreshRandomUuid() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String given : new String[] {null, "has spaces", "x".repeat(129)}) {
      var request = direct.http.as(DemoTokens.FULL).request(ACME);
      var response = direct.http.send(given == null ? request : request.header("X-Request-Id", given));
      String id = response.headers().firstValue("x-request-id").orElseThrow();
      java.util.UUID uuid = java.util.UUID.fromString(id);
      assertEquals(4, uuid.version(), id);
      assertEquals(2, uuid.variant(), id);
      assertEquals(id, backend.last().headers().get("X-Request-Id"), "the backend sees the same id");
      ids.add(id);
    }
    assertEquals(3, ids.size(), "a fresh id every time");
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    var refused = direct.http.send(direct.http.as(DemoTokens.OTHER_NETWORK).request(ACME).header("X-Forwarded-For", "203.0.113.7"));
    assertEquals("127.0.0.1", Http.assertError(refused, 403, "unauthorized_network_for_api_token").getString("ip_address"));

    assertEquals(200, direct.http.send(direct.http.as(DemoTokens.FULL).request(ACME).header("X-Forwarded-For", "203.0.113.7")).statusCode());
    assertEquals("127.0.0.1", backend.last().headers().get("X-Forwarded-For"), "the client's X-Forwarded-For is replaced, not appended to");
  }

  @Test
  void forwardedForFromATrustedProxyIsWalkedRightToLeft() {
    Http http = behindProxy.http.as(DemoTokens.OTHER_NETWORK);
    assertEquals(200, http.send(http.request(ACME).header("X-Forwarded-For", "203.0.113.7")).statusCode());
    assertEquals("203.0.113.7", backend.last().headers().get("X-Forwarded-For"));
    // The client prepended a spoofed entry; the trusted hops (10.x, the 127.x peer) are skipped right to left.
    assertEquals(200, http.send(http.request(ACME).header("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3")).statusCode());
    // An untrusted address nearer than the allowed one is the client, whatever stands left of it.
    var spoofed = http.send(http.request(ACME).header("X-Forwarded-For", "203.0.113.7, 198.51.100.9"));
    assertEquals("198.51.100.9", Http.assertError(spoofed, 403, "unauthorized_network_for_api_token").getString("ip_address"));
    // IPv4-mapped IPv6 is the same client as its IPv4 form.
    assertEquals(200, http.send(http.request(ACME).header("X-Forwarded-For", "::ffff:203.0.113.8")).statusCode());
    assertEquals("203.0.113.8", backend.last().headers().get("X-Forwarded-For"));
    // Garbage stops the walk at the trusted hop that passed it on.
    var garbage = http.send(http.request(ACME).header("X-Forwarded-For", "203.0.113.7, not-an-ip"));
    assertEquals("127.0.0.1", Http.assertError(garbage, 403, "unauthorized_network_for_api_token").getString("ip_address"));
  }

  @Test
  void methodOverrideHeadersNeverReachTheBackend() {
    var response = direct.http.send(direct.http.as(DemoTokens.FULL).request(ACME)
      .header("X-HTTP-Method-Override", "DELETE").header("X-Method-Override", "DELETE").header("X-HTTP-Method", "DELETE"));
    assertEquals(200, response.statusCode());
    RecordingBackend.Received got = backend.last();
    assertEquals("GET", got.method());
    assertNull(got.headers().get("X-HTTP-Method-Override"));
    assertNull(got.headers().get("X-Method-Override"));
    assertNull(got.headers().get("X-HTTP-Method"));
  }

  @Test
  void http2ClearTextIsServedThroughTheSamePipeline() throws Exception {
    java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + direct.port() + ACME))
      .header("Authorization", "Bearer " + DemoTokens.FULL).GET().build();
    h2.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());  // the first request upgrades the connection
    var response = h2.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(java.net.http.HttpClient.Version.HTTP_2, response.version());
    assertEquals(200, response.statusCode());
    var refused = h2.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + direct.port() + ACME)).GET().build(),
      java.net.http.HttpResponse.BodyHandlers.ofString());
    Http.assertError(refused, 400, "missing_api_token");
  }
}
