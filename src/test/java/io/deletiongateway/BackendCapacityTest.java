package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.OperationsTest.ACME;
import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backend capacity is not backend failure: a full pool is answered 503 and never opens the circuit. */
class BackendCapacityTest {
  static String metrics(RunningGateway gw) {
    return Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/metrics").body();
  }

  @Test
  void aFullPoolIsServiceUnavailableWithRetryAfterAndTheCircuitStaysClosed() throws Exception {
    try (RecordingBackend slow = new RecordingBackend(0, 1_500);
         RunningGateway gw = RunningGateway.fromYaml("""
           server: {host: 127.0.0.1, port: 0}
           backends:
             slow: {url: "%s", max_connections: 2, connect_timeout_ms: 300, circuit_max_failures: 2, circuit_reset_ms: 600000}
           apis:
             atlas: {contract: openapi/atlas-admin.yaml, backend: slow, operations: {deleteOrganizationV1: {}}}
           auth:
             api_tokens:
               demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a40", "65a1b2c3d4e5f60718293a41", "65a1b2c3d4e5f60718293a42", "65a1b2c3d4e5f60718293a43", "65a1b2c3d4e5f60718293a44", "65a1b2c3d4e5f60718293a45", "65a1b2c3d4e5f60718293a46", "65a1b2c3d4e5f60718293a47"], scopes: ["ORG_OWNER"]}
           organizations: {org_5xk2n8qvd3: {}, 65a1b2c3d4e5f60718293a4b: {}, 65a1b2c3d4e5f60718293a40: {}, 65a1b2c3d4e5f60718293a41: {}, 65a1b2c3d4e5f60718293a42: {}, 65a1b2c3d4e5f60718293a43: {}, 65a1b2c3d4e5f60718293a44: {}, 65a1b2c3d4e5f60718293a45: {}, 65a1b2c3d4e5f60718293a46: {}, 65a1b2c3d4e5f60718293a47: {}}
           """.formatted(slow.url(), ApiTokenFormat.hash(DemoTokens.FULL)), Map.of())) {
      Http http = gw.http.as(DemoTokens.FULL);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String org = "65a1b2c3d4e5f60718293a" + Integer.toHexString(0x40 + i);  // eight targets: one deletion each at a time
        calls.add(CompletableFuture.supplyAsync(() -> http.delete(ATLAS_V1 + org)));
      }
      int served = 0;
      int unavailable = 0;
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);
        if (answer.statusCode() == 503) {
          Http.assertError(answer, 503, "service_unavailable");
          assertTrue(answer.headers().firstValue("retry-after").isPresent(), "Retry-After on a full pool");
          unavailable++;
        } else {
          assertEquals(204, answer.statusCode(), answer.body());
          served++;
        }
      }
      assertEquals(2, served, "the pool's two connections served");
      assertEquals(6, unavailable);
      String scrape = metrics(gw);
      assertEquals(6.0, Scrape.value(scrape, "gateway_backend_failures_total", "backend=\"slow\"", "kind=\"pool_exhausted\""), scrape);
      assertEquals(0.0, Scrape.value(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"slow\""), "six refusals, circuit still closed");
      assertEquals(204, http.delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b").statusCode(), "and the next one goes through");
      assertEquals(3, slow.received.size(), "only what had a connection reached the backend");
    }
  }

  @Test
  void clientsThatNeverReadTheirAnswersHoldNoBackendConnection() throws Exception {
    try (RunningGateway gw = RunningGateway.shipped(Map.of("READS_PER_MINUTE", "1000000"))) {
      String request = "GET " + ACME + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + DemoTokens.FULL + "\r\n\r\n";
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int c = 0; c < 100; c++) {
          Socket socket = new Socket("127.0.0.1", gw.port());
          socket.setReceiveBufferSize(4096);
          socket.getOutputStream().write(request.repeat(20).getBytes(StandardCharsets.US_ASCII));  // pipelined, never read
          stalled.add(socket);
        }
        Http http = gw.http.as(DemoTokens.FULL);
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> answer = http.get(ACME);
          assertEquals(200, answer.statusCode(), "a normal client is served: " + answer.body());
        }
        String scrape = metrics(gw);
        assertEquals(0.0, Scrape.value(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"katapult\""));
        assertEquals(0.0, Scrape.sum(scrape, "gateway_backend_failures_total"), scrape);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }
}
