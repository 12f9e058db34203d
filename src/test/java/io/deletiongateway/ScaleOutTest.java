package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose topology without Docker: two gateway processes (the shipped config, REDIS_URL set) and one Redis.
 * They share rate limits exactly; and SIGTERM drains one of them without losing an in-flight deletion.
 */
class ScaleOutTest {
  @Test
  void twoProcessesShareRateLimitsExactlyAndDrainOnSigterm(@TempDir Path dir) throws Exception {
    try (RedisProcess redis = RedisProcess.start(); RecordingBackend slowAtlas = new RecordingBackend(0, 1_000)) {
      // A generous decision timeout: this test counts decisions; cold JVMs under a burst are slow to decide.
      Map<String, String> env = Map.of("REDIS_URL", redis.url(), "READS_PER_MINUTE", "10", "REDIS_TIMEOUT_MS", "2000",
        "ATLAS_BACKEND_URL", slowAtlas.url(), "AUDIT_LOG", dir.resolve("audit.log").toString());
      try (GatewayProcess a = GatewayProcess.start(env); GatewayProcess b = GatewayProcess.start(env)) {
        List<HttpRequest.Builder> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          GatewayProcess gw = i % 2 == 0 ? a : b;
          requests.add(gw.http.as(DemoTokens.FULL).request(STEPS + "?organization%5Bsub_domain%5D=acme").GET());
        }
        List<HttpResponse<String>> answers = a.http.sendAll(requests);
        assertEquals(10, answers.stream().filter(r -> r.statusCode() == 200).count(), "10 a minute, shared by both");
        assertEquals(90, answers.stream().filter(r -> r.statusCode() == 429).count());

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
          () -> a.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "4888442a3354817a7320eb61"));
        for (int i = 0; i < 100 && slowAtlas.received.isEmpty(); i++) {
          Thread.sleep(20);
        }
        assertEquals(1, slowAtlas.received.size(), "the deletion reached the backend");
        long terminated = System.nanoTime();
        a.terminate();
        assertEquals(204, inFlight.get(15, TimeUnit.SECONDS).statusCode(), "the in-flight deletion completed during the drain");
        assertTrue(a.process.waitFor(20, TimeUnit.SECONDS), "the process exited after draining");
        assertTrue(System.nanoTime() - terminated < TimeUnit.SECONDS.toNanos(10), "exited once drained, not at the drain timeout");
        assertEquals(1, slowAtlas.received.size(), "sent once");
        assertEquals(429, b.http.as(DemoTokens.FULL).get(STEPS + "?organization%5Bsub_domain%5D=acme").statusCode(),
          "the survivor still shares the exhausted bucket");
      }
    }
  }

  @Test
  void theReferenceBackendsRunAloneAsTheComposeFileRunsThem() throws Exception {
    int port = io.deletiongateway.support.Ports.free();
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "io.deletiongateway.cli.Main", "reference-backends", Integer.toString(port)))
      .redirectErrorStream(true).start();
    try {
      String first = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
      assertTrue(first != null && first.startsWith("reference backends listening"), String.valueOf(first));
      try (RedisProcess redis = RedisProcess.start();
           GatewayProcess gw = GatewayProcess.start(Map.of("REDIS_URL", redis.url(),
             "KATAPULT_BACKEND_URL", "http://127.0.0.1:" + port, "ATLAS_BACKEND_URL", "http://127.0.0.1:" + port,
             "F5XC_BACKEND_URL", "http://127.0.0.1:" + port))) {
        assertEquals(200, gw.http.as(DemoTokens.FULL).get(STEPS + "?organization%5Bsub_domain%5D=acme").statusCode());
        assertEquals(204, gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e9f").statusCode());
      }
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
