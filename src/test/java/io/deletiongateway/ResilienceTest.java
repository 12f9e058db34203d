package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.Ports;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends that die, a circuit that opens and recovers, and a shutdown that loses no in-flight deletion. */
class ResilienceTest {
  static final String ATLAS = "/api/atlas/v1.0/orgs/4888442a3354817a7320eb61";

  static RunningGateway gateway(int backendPort, String backendOptions) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0, drain_timeout_ms: 10000}
      backends: {atlas: {url: "http://127.0.0.1:%d", connect_timeout_ms: 1000, %s}}
      apis:
        atlas: {contract: openapi/atlas-admin.yaml, backend: atlas, operations: {deleteOrganizationV1: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["4888442a3354817a7320eb61", "4888442a3354817a7320eb62", "4888442a3354817a7320eb63", "4888442a3354817a7320eb64", "4888442a3354817a7320eb65"], scopes: ["ORG_OWNER"]}
      organizations: {org_5xk2n8qvd3: {}, 4888442a3354817a7320eb61: {}, 4888442a3354817a7320eb62: {}, 4888442a3354817a7320eb63: {}, 4888442a3354817a7320eb64: {}, 4888442a3354817a7320eb65: {}}
      """.formatted(backendPort, backendOptions, ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
  }

  @Test
  void aKilledBackendIsServiceUnavailableWithinItsTimeout() throws Exception {
    RecordingBackend backend = new RecordingBackend();
    int port = Integer.parseInt(backend.url().substring(backend.url().lastIndexOf(':') + 1));
    try (RunningGateway gw = gateway(port, "circuit_max_failures: 100")) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(204, http.delete(ATLAS).statusCode(), "alive: a pooled keep-alive connection now exists");
      backend.close();
      long started = System.nanoTime();
      HttpResponse<String> dead = http.delete(ATLAS);
      Http.assertError(dead, 503, "service_unavailable");
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "within the 1 s connect timeout, not a hang");
    }
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresAndRecoversThroughAHalfOpenProbe() throws Exception {
    Ports.Refusing down = Ports.refusing();  // held until the backend comes up there: nothing else can take the port
    int port = down.port();
    try (down; RunningGateway gw = gateway(port, "circuit_max_failures: 3, circuit_reset_ms: 700")) {
      Http http = gw.http.as(DemoTokens.FULL);
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> refused = http.delete(ATLAS);
        Http.assertError(refused, 503, "service_unavailable");
        assertTrue(refused.headers().firstValue("retry-after").isPresent(), "retrying clients are told when");
      }
      String metrics = io.deletiongateway.support.Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/metrics").body();
      assertEquals(3.0, io.deletiongateway.support.Scrape.value(metrics, "gateway_backend_failures_total", "kind=\"unreachable\""),
        "three real attempts, not the open circuit");
      HttpResponse<String> open = http.delete(ATLAS);
      Http.assertError(open, 503, "service_unavailable");
      assertEquals("1", open.headers().firstValue("retry-after").orElseThrow(), "the circuit is open: answered at once");
      metrics = io.deletiongateway.support.Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/metrics").body();
      assertEquals(1.0, io.deletiongateway.support.Scrape.value(metrics, "gateway_backend_failures_total", "kind=\"circuit_open\""));

      down.close();
      try (RecordingBackend backend = new RecordingBackend(port, 0)) {
        Http.assertError(http.delete(ATLAS), 503, "service_unavailable");  // still open: the backend is not even tried
        assertEquals(0, backend.received.size());
        Thread.sleep(900);  // past circuit_reset_ms: the next request is the half-open probe
        assertEquals(204, http.delete(ATLAS).statusCode(), "the probe succeeds and closes the circuit");
        assertEquals(204, http.delete(ATLAS).statusCode());
        assertEquals(2, backend.received.size());
      }
    }
  }

  @Test
  void shutdownDuringInFlightDeletionsLosesNoneAndAcceptsNoMore() throws Exception {
    try (RecordingBackend backend = new RecordingBackend(0, 800)) {
      int port = Integer.parseInt(backend.url().substring(backend.url().lastIndexOf(':') + 1));
      RunningGateway gw = gateway(port, "circuit_max_failures: 100");
      Http http = gw.http.as(DemoTokens.FULL);
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        String org = ATLAS.substring(0, ATLAS.length() - 1) + i;  // five organizations: one deletion per target at a time
        inFlight.add(CompletableFuture.supplyAsync(() -> http.delete(org)));
      }
      for (int i = 0; i < 100 && backend.received.size() < 5; i++) {
        Thread.sleep(20);
      }
      assertEquals(5, backend.received.size(), "all five deletions reached the backend before the shutdown");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
        try {
          gw.close();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(100);  // draining now; the deletions are still in flight
      // No new request is accepted: the listener no longer accepts connections (or, on a connection already
      // open, answers 503 and closes it).
      try {
        HttpResponse<String> refused = http.delete(ATLAS);
        Http.assertError(refused, 503, "service_unavailable");
        assertTrue(refused.headers().firstValue("connection").orElse("").contains("close"), refused.headers().toString());
      } catch (AssertionError notAccepted) {
        assertTrue(String.valueOf(notAccepted.getCause()).contains("ConnectException"), notAccepted.toString());
      }
      for (CompletableFuture<HttpResponse<String>> answer : inFlight) {
        assertEquals(204, answer.get(10, TimeUnit.SECONDS).statusCode(), "every in-flight deletion completed");
      }
      closing.get(15, TimeUnit.SECONDS);
      assertEquals(5, backend.received.size(), "none lost, none doubled");
    }
  }
}
