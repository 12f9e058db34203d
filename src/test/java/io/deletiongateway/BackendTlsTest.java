package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.LogCapture;
import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import io.deletiongateway.support.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TLS to backends, against real HTTPS backends with certificates of a private CA: verified with the configured CA
 * bundle, by the configured server name, with a client certificate where the backend requires one; a certificate the
 * gateway refuses is a 502 in the documented shape, counted and logged with its reason.
 */
class BackendTlsTest {
  static final String ACME = STEPS + "?organization%5Bid%5D=org_5xk2n8qvd3";
  static Vertx vertx;
  static TestPki pki;
  static TestPki.Written gatewayAsClient;
  static LogCapture capture;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    pki = TestPki.create("backend CA");
    gatewayAsClient = pki.client("gateway-client", "deletion-gateway");
    capture = LogCapture.errors();
  }

  @AfterAll
  static void stop() throws Exception {
    capture.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** An HTTPS backend answering every request with deletion steps. */
  static HttpServer backend(TestPki.Written certificate, boolean requireClientCertificate) throws Exception {
    HttpServerOptions options = new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificate().toString()).setKeyPath(certificate.key().toString()));
    if (requireClientCertificate) {
      options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions().addCertPath(pki.caFile().toString()));
    }
    return vertx.createHttpServer(options).requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
      .end("{\"steps\":{}}")).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  static RunningGateway gateway(String backendYaml) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends: {tls: %s}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: tls, operations: {"get:organization_deletion_steps": {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["organizations:delete"]}
      organizations: {org_5xk2n8qvd3: {alias: acme}}
      """.formatted(backendYaml, ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
  }

  @Test
  void aPrivateCaByNameAndWithAClientCertificate() throws Exception {
    HttpServer plain = backend(pki.server("backend", "localhost"), false);
    try (RunningGateway gw = gateway("{url: \"https://localhost:%d\", tls_ca: \"%s\"}".formatted(plain.actualPort(), pki.caFile()))) {
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "verified with the configured CA");
    }
    HttpServer named = backend(pki.server("named", "orgs.internal"), false);
    try (RunningGateway gw = gateway("{url: \"https://127.0.0.1:%d\", tls_ca: \"%s\", tls_server_name: orgs.internal}"
      .formatted(named.actualPort(), pki.caFile()))) {
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "verified as the configured server name");
    }
    HttpServer mutual = backend(pki.server("mutual", "localhost"), true);
    try (RunningGateway gw = gateway("{url: \"https://localhost:%d\", tls_ca: \"%s\", tls_client_certificate: \"%s\", tls_client_key: \"%s\"}"
      .formatted(mutual.actualPort(), pki.caFile(), gatewayAsClient.certificate(), gatewayAsClient.key()))) {
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(ACME).statusCode(), "mutual TLS to the backend");
    }
    try (RunningGateway gw = gateway("{url: \"https://localhost:%d\", tls_ca: \"%s\"}".formatted(mutual.actualPort(), pki.caFile()))) {
      Http.assertError(gw.http.as(DemoTokens.FULL).get(ACME), 502, "bad_gateway");  // the backend refused us
    }
  }

  @Test
  void aCertificateTheGatewayRefusesIsA502CountedAndLoggedWithItsReason() throws Exception {
    HttpServer wrongName = backend(pki.server("wrong", "elsewhere.test"), false);
    HttpServer unknownCa = backend(TestPki.create("unknown CA").server("stranger", "localhost"), false);
    Map<HttpServer, String> reasons = Map.of(wrongName, "No subject alternative DNS name matching localhost",
      unknownCa, "unable to find valid certification path");
    for (HttpServer backend : List.of(wrongName, unknownCa)) {
      capture.messages.clear();
      try (RunningGateway gw = gateway("{url: \"https://localhost:%d\", tls_ca: \"%s\"}".formatted(backend.actualPort(), pki.caFile()))) {
        HttpResponse<String> answer = gw.http.as(DemoTokens.FULL).get(ACME);
        assertEquals("backend_tls", Http.assertError(answer, 502, "bad_gateway").getString("rule"), answer.body());
        assertEquals(1.0, Scrape.value(gw.metrics(), "gateway_backend_failures_total", "backend=\"tls\"", "kind=\"tls\""));
        Conditions.await("the reason is logged", () -> capture.messages.stream()
          .anyMatch(m -> m.contains("backend tls: TLS failed (" + reasons.get(backend))));
      }
    }
  }
}
