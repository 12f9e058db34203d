package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RecordingBackend;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.OperationsTest.ACME;
import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM, as Kubernetes sends it, to the gateway process with deletions in flight. */
class DrainTest {
  static final String[] ORGS = {"65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c", "65a1b2c3d4e5f60718293a4d", "65a1b2c3d4e5f60718293a4e"};

  @Test
  void readinessFailsAtOnceTheListenerServesOnAndEveryInFlightDeletionIsAnsweredOnce() throws Exception {
    try (RecordingBackend backend = new RecordingBackend(0, 2_500);
         GatewayProcess gw = GatewayProcess.start(Map.of("ATLAS_BACKEND_URL", backend.url(), "DRAIN_DELAY_MS", "800"))) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(200, gw.admin.get("/health/ready").statusCode());
      List<CompletableFuture<HttpResponse<String>>> deletions = new ArrayList<>();
      for (String org : ORGS) {
        deletions.add(CompletableFuture.supplyAsync(() -> http.delete(ATLAS_V1 + org)));
      }
      Conditions.await("all four deletions reached the backend", () -> backend.received.size() == ORGS.length);

      long signalled = System.nanoTime();
      gw.signal("TERM");
      int status = 200;
      while (status != 503) {
        status = gw.admin.get("/health/ready").statusCode();
      }
      long flippedMillis = (System.nanoTime() - signalled) / 1_000_000;
      System.out.printf("drain: readiness 503 %d ms after SIGTERM%n", flippedMillis);
      assertTrue(flippedMillis <= 100, "readiness 503 within 100 ms of SIGTERM, took " + flippedMillis + " ms");
      assertTrue(gw.admin.get("/health/ready").body().contains("DRAINING"));
      // During the drain delay the public listener still serves (load balancers are still noticing).
      assertEquals(200, http.get(ACME).statusCode(), "served during the drain delay");

      for (CompletableFuture<HttpResponse<String>> deletion : deletions) {
        assertEquals(204, deletion.get(30, TimeUnit.SECONDS).statusCode(), "every in-flight deletion is answered");
      }
      assertTrue(gw.process.waitFor(30, TimeUnit.SECONDS), "the process exits once drained");
      assertEquals(ORGS.length, backend.received.size(), "none sent twice");
      assertEquals(ORGS.length, backend.received.stream().map(RecordingBackend.Received::uri).distinct().count());
    }
  }
}
