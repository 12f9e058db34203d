package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.JwksServer;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.TestKeys;
import io.deletiongateway.support.TestPki;
import io.deletiongateway.tls.Certificates;
import io.deletiongateway.tls.Thumbprints;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Mutual TLS with real clients and certificates of a private CA: required client certificates refuse a client
 * without one and one signed by another CA; credentials bound to a certificate (RFC 8705) are refused over another
 * certificate and over plaintext, and the backend receives nothing then; the verified certificate reaches the
 * backend only as the gateway sets it.
 */
class MutualTlsTest {
  static final String ISSUER = "https://identity.test";
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";
  static final String BOUND_TOKEN = io.deletiongateway.auth.ApiTokenFormat.generate("bound");
  static TestPki pki;
  static TestPki other;
  static TestPki.Written server;
  static Certificates.Issued alice;
  static Certificates.Issued bob;
  static TestKeys idp;
  static JwksServer jwks;
  static RecordingBackend backend;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create("mTLS test CA");
    other = TestPki.create("another CA");
    server = pki.server("gateway", "localhost");
    alice = pki.client("alice", "alice").issued();
    bob = pki.client("bob", "bob").issued();
    idp = new TestKeys("k1");
    jwks = new JwksServer(300, idp);
    backend = new RecordingBackend();
  }

  @AfterAll
  static void stop() throws Exception {
    jwks.close();
    backend.close();
  }

  static RunningGateway gateway(String clientCertificates) throws Exception {
    return RunningGateway.fromYaml("""
      server:
        host: 127.0.0.1
        port: 0
        tls: {port: 0, certificate: "%s", key: "%s", client_certificates: %s, client_ca: "%s"}
      backends: {recorder: {url: "%s"}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: recorder, operations: {"get:organization_deletion_steps": {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"]}
          bound: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"], certificate: "x5t#S256:%s"}
        jwt_issuers:
          identity: {issuer: %s, audiences: [deletion-gateway], algorithms: [RS256], jwks_url: "%s"}
      organizations: {org_5xk2n8qvd3: {alias: acme}}
      """.formatted(server.certificate(), server.key(), clientCertificates, pki.caFile(), backend.url(),
      ApiTokenFormat.hash(DemoTokens.FULL), ApiTokenFormat.hash(BOUND_TOKEN), Thumbprints.x5tS256(alice.certificate()),
      ISSUER, jwks.url()), Map.of());
  }

  static HttpResponse<String> overTls(RunningGateway gw, javax.net.ssl.SSLContext context, String token, String... headers)
    throws Exception {
    return overTls(gw, tlsClient(context), token, headers);
  }

  /** An HTTP/1.1 client presenting {@code context}'s certificate, if any. */
  static HttpClient tlsClient(javax.net.ssl.SSLContext context) {
    return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** On {@code client}'s connection: one client, kept, sends its requests on one keep-alive connection. */
  static HttpResponse<String> overTls(RunningGateway gw, HttpClient client, String token, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gw.tlsPort() + ACME))
      .header("Authorization", "Bearer " + token);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String boundJwt(Certificates.Issued holder) {
    long now = System.currentTimeMillis() / 1000;
    return idp.sign(new JsonObject().put("iss", ISSUER).put("aud", "deletion-gateway").put("sub", "svc-7").put("org", "org_5xk2n8qvd3")
      .put("scope", "api.katapult.io/core/v1/organizations:delete").put("iat", now).put("exp", now + 300)
      .put("cnf", new JsonObject().put("x5t#S256", Thumbprints.x5tS256(holder.certificate()))), null);
  }

  @Test
  void requiredClientCertificatesRefuseNoneAndAnotherCasAndReachTheBackendAsTheGatewaySetsThem() throws Exception {
    try (RunningGateway gw = gateway("required")) {
      assertThrows(IOException.class, () -> overTls(gw, pki.context(null), DemoTokens.FULL), "no client certificate");
      Certificates.Issued stranger = other.client("mallory", "mallory").issued();
      assertThrows(IOException.class, () -> overTls(gw, pki.context(stranger), DemoTokens.FULL), "signed by another CA");

      HttpResponse<String> answer = overTls(gw, pki.context(alice), DemoTokens.FULL,
        "X-Gateway-Client-Certificate-Sha256", "forged", "X_Gateway_Client_Certificate_Sha256", "forged");
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals(Thumbprints.x5tS256(alice.certificate()), backend.last().headers().get("X-Gateway-Client-Certificate-Sha256"));
      assertEquals(1, backend.last().headers().getAll("X-Gateway-Client-Certificate-Sha256").size(), "the client's copies dropped");
      assertNull(backend.last().headers().get("X_Gateway_Client_Certificate_Sha256"));
      assertEquals("https", backend.last().headers().get("X-Forwarded-Proto"), "the TLS listener's scheme");
    }
  }

  /** The certificate is found once per TLS session: each connection's requests carry its own, and only its own. */
  @Test
  void everyRequestOfAConnectionCarriesThatConnectionsCertificate() throws Exception {
    try (RunningGateway gw = gateway("optional")) {
      HttpClient alices = tlsClient(pki.context(alice));
      HttpClient bobs = tlsClient(pki.context(bob));
      HttpClient anonymous = tlsClient(pki.context(null));
      for (int round = 0; round < 3; round++) {
        assertEquals(200, overTls(gw, alices, DemoTokens.FULL).statusCode());
        assertEquals(Thumbprints.x5tS256(alice.certificate()), backend.last().headers().get("X-Gateway-Client-Certificate-Sha256"));
        assertEquals(200, overTls(gw, anonymous, DemoTokens.FULL, "X-Gateway-Client-Certificate-Sha256", "forged").statusCode());
        assertNull(backend.last().headers().get("X-Gateway-Client-Certificate-Sha256"), "round " + round);
        assertEquals(200, overTls(gw, bobs, DemoTokens.FULL).statusCode());
        assertEquals(Thumbprints.x5tS256(bob.certificate()), backend.last().headers().get("X-Gateway-Client-Certificate-Sha256"));
      }
      Http.assertError(overTls(gw, bobs, BOUND_TOKEN), 403, "invalid_api_token");  // alice's token, on bob's connection
      assertEquals(200, overTls(gw, alices, BOUND_TOKEN).statusCode(), "and on alice's");
    }
  }

  @Test
  void boundCredentialsNeedTheirCertificate() throws Exception {
    try (RunningGateway gw = gateway("optional")) {
      HttpResponse<String> bound = overTls(gw, pki.context(alice), BOUND_TOKEN);
      assertEquals(200, bound.statusCode(), "the bound token over its certificate: " + bound.body());
      assertEquals(200, overTls(gw, pki.context(alice), boundJwt(alice)).statusCode(), "the bound JWT over its certificate");
      int received = backend.received.size();

      Http.assertError(overTls(gw, pki.context(bob), BOUND_TOKEN), 403, "invalid_api_token");
      Http.assertError(overTls(gw, pki.context(bob), boundJwt(alice)), 403, "invalid_api_token");
      Http.assertError(overTls(gw, pki.context(null), boundJwt(alice)), 403, "invalid_api_token");
      Http.assertError(gw.http.as(BOUND_TOKEN).get(ACME), 403, "invalid_api_token");
      Http.assertError(gw.http.as(boundJwt(alice)).get(ACME), 403, "invalid_api_token");
      assertEquals(received, backend.received.size(), "nothing reached the backend");

      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "an unbound token needs no certificate");
      assertNull(backend.last().headers().get("X-Gateway-Client-Certificate-Sha256"), "none presented, none claimed");
    }
  }
}
