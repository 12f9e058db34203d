package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletion safety across instances, with a real Redis and recording backends (and the embedded store on one
 * instance): one deletion per target at a time, idempotency keys, TTLs on everything kept, a lease outliving a
 * killed gateway only until it expires.
 */
class DeletionSafetyTest {
  static RedisProcess redis;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
  }

  /** The shipped config: every backend {@code backend}, a deletion limit that never refuses, short backend timeouts. */
  static RunningGateway gateway(RecordingBackend backend, boolean shared, String idempotency) throws Exception {
    return gateway(backend, shared, idempotency, 1000);
  }

  static RunningGateway gateway(RecordingBackend backend, boolean shared, String idempotency, int responseTimeoutMillis) throws Exception {
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("response_timeout_ms: 15000", "response_timeout_ms: " + responseTimeoutMillis)
      .replace("connect_timeout_ms: 2000", "connect_timeout_ms: 500").replace("idempotency: optional", "idempotency: " + idempotency);
    return RunningGateway.fromYaml(yaml, backend.asEveryBackend("DELETIONS_PER_MINUTE", "100000", "REDIS_URL",
      shared ? redis.url() : "", "REDIS_TIMEOUT_MS", "2000"));
  }

  static String user(String email) {
    return "{\"email\":\"" + email + "\",\"namespace\":\"system\"}";
  }

  static HttpRequest.Builder cascade(Http http, String body, String key) {
    HttpRequest.Builder request = http.request(CASCADE).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body));
    return key == null ? request : request.header("Idempotency-Key", key);
  }

  static long calls(RecordingBackend backend, String email) {
    return backend.received.stream().filter(r -> new String(r.body()).toLowerCase().contains(email.toLowerCase())).count();
  }

  @Test
  void concurrentIdenticalDeletesOnTwoInstancesReachTheBackendOnce() throws Exception {
    try (RecordingBackend backend = new RecordingBackend();
         RunningGateway a = gateway(backend, true, "optional", 60_000); RunningGateway b = gateway(backend, true, "optional", 60_000)) {
      backend.hold();  // the first deletion stays at the backend until every other one has been answered
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Http http = (i % 2 == 0 ? a : b).http.as(DemoTokens.FULL);
        String body = user(i % 3 == 0 ? "Carol@Example.com" : "carol@example.com");
        answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> http.send(cascade(http, body, null))));
      }
      Conditions.await("seven deletions refused while the first is at the backend",
        () -> answers.stream().filter(java.util.concurrent.CompletableFuture::isDone).count() == 7);
      backend.release();
      List<HttpResponse<String>> all = answers.stream().map(java.util.concurrent.CompletableFuture::join).toList();
      assertEquals(1, all.stream().filter(r -> r.statusCode() == 200).count(), all.toString());
      all.stream().filter(r -> r.statusCode() != 200).forEach(r -> {
        Http.assertError(r, 409, "deletion_in_progress");
        assertTrue(r.headers().firstValue("retry-after").isPresent());
      });
      assertEquals(1, calls(backend, "carol@example.com"), "one deletion of the user, whatever the spelling of its email");
    }
  }

  @Test
  void aRetryAfterA504WhileTheFirstStillRunsNeverReachesTheBackend() throws Exception {
    try (RecordingBackend stalled = new RecordingBackend(0, 3000); RunningGateway a = gateway(stalled, true, "optional");
         RunningGateway b = gateway(stalled, true, "optional")) {
      Http.assertError(a.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b"), 504, "gateway_timeout");
      HttpResponse<String> retry = b.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b");
      Http.assertError(retry, 409, "deletion_in_progress");
      assertEquals(1, stalled.received.size(), "the retry never reached the backend");
      Map<String, Long> ttls = redis.ttls("dg:lease:*");
      assertTrue(!ttls.isEmpty() && ttls.values().stream().allMatch(ttl -> ttl > 0), "the lease has a TTL: " + ttls);
    }
  }

  @Test
  void aKeyedRepeatIsReplayedAnotherRequestUnderTheKeyIs422AndEverythingKeptExpires() throws Exception {
    for (boolean shared : new boolean[] {true, false}) {
      try (RecordingBackend backend = new RecordingBackend(); RunningGateway a = gateway(backend, shared, "optional");
           RunningGateway b = gateway(backend, shared, "optional")) {
        RunningGateway second = shared ? b : a;  // the embedded store is one instance's
        String key = "\"key-" + shared + "-" + System.nanoTime() + "\"";
        HttpResponse<String> first = a.http.send(cascade(a.http.as(DemoTokens.FULL), user("dave@example.com"), key));
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> again = second.http.send(cascade(second.http.as(DemoTokens.FULL), user("dave@example.com"), key));
        assertEquals(200, again.statusCode());
        assertEquals(first.body(), again.body(), "the same answer");
        assertEquals("true", again.headers().firstValue("idempotent-replayed").orElse(null));
        assertEquals(1, calls(backend, "dave@example.com"), "the repeat never reached the backend");
        Http.assertError(second.http.send(cascade(second.http.as(DemoTokens.FULL), user("erin@example.com"), key)), 422,
          "idempotency_key_reused");
        assertEquals(0, calls(backend, "erin@example.com"));
        if (shared) {
          Map<String, Long> ttls = redis.ttls("dg:idem:*");
          assertTrue(!ttls.isEmpty() && ttls.values().stream().allMatch(ttl -> ttl > 0 && ttl <= 24L * 3600 * 1000), ttls.toString());
          assertTrue(redis.ttls("dg:lease:*").isEmpty(), "the lease is released once the answer came back");
        }
      }
    }
  }

  @Test
  void aKeyedRepeatWhileTheFirstRunsIs409AndARequiredKeyMissingIs400() throws Exception {
    try (RecordingBackend slow = new RecordingBackend(); RunningGateway a = gateway(slow, true, "required", 60_000)) {
      Http http = a.http.as(DemoTokens.FULL);
      Http.assertError(http.send(cascade(http, user("frank@example.com"), null)), 400, "missing_idempotency_key");
      slow.hold();
      java.util.concurrent.CompletableFuture<HttpResponse<String>> first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        http.send(cascade(http, user("frank@example.com"), "k-frank")));
      Conditions.await("the first is at the backend", () -> calls(slow, "frank@example.com") == 1);
      HttpResponse<String> busy = http.send(cascade(http, user("frank@example.com"), "k-frank"));
      Http.assertError(busy, 409, "idempotency_key_in_use");
      assertTrue(busy.headers().firstValue("retry-after").isPresent());
      slow.release();
      assertEquals(200, first.join().statusCode());
      assertEquals("true", http.send(cascade(http, user("frank@example.com"), "k-frank")).headers().firstValue("idempotent-replayed")
        .orElse(null), "and once it is answered, the repeat is its replay");
      assertEquals(1, calls(slow, "frank@example.com"));
    }
  }

  @Test
  void aLeaseOutlivesAKilledGatewayOnlyUntilItExpires() throws Exception {
    try (RecordingBackend stalled = new RecordingBackend(0, 60_000); RecordingBackend healthy = new RecordingBackend()) {
      Path config = Files.createTempFile("gateway", ".yaml");
      Files.writeString(config, Files.readString(RunningGateway.SHIPPED_CONFIG).replace("response_timeout_ms: 15000", "response_timeout_ms: 1000")
        .replace("connect_timeout_ms: 2000", "connect_timeout_ms: 500"));
      GatewayProcess doomed = GatewayProcess.start(config, stalled.asEveryBackend("REDIS_URL", redis.url(), "REDIS_TIMEOUT_MS", "2000",
        "DELETIONS_PER_MINUTE", "100000"));
      java.util.concurrent.CompletableFuture<HttpResponse<String>> lost = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        doomed.http.as(DemoTokens.FULL).send(cascade(doomed.http.as(DemoTokens.FULL), user("grace@example.com"), null)));
      Conditions.await("the deletion reached the stalled backend", () -> calls(stalled, "grace@example.com") == 1);
      doomed.signal("KILL");
      try (RunningGateway survivor = gateway(healthy, true, "optional")) {
        Http http = survivor.http.as(DemoTokens.FULL);
        Http.assertError(http.send(cascade(http, user("grace@example.com"), null)), 409, "deletion_in_progress");
        assertEquals(0, calls(healthy, "grace@example.com"), "held while its lease lives");
        Conditions.await("the lost gateway's lease expires", () -> http.send(cascade(http, user("grace@example.com"), null)).statusCode() == 200);
        assertEquals(1, calls(healthy, "grace@example.com"));
      } finally {
        lost.handle((r, e) -> null);
        doomed.close();
      }
    }
  }

  /** Redis commands the gateway has sent so far (the scripts' own calls inside Redis not counted). */
  static long commands() throws Exception {
    long total = 0;
    for (String line : redis.cli("INFO", "commandstats").split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^cmdstat_(\\w+):calls=(\\d+)").matcher(line.trim());
      if (m.find() && !List.of("info", "time", "hmget", "hset", "pexpire", "get", "set", "pttl", "del", "hget", "scan", "ping")
        .contains(m.group(1))) {
        total += Long.parseLong(m.group(2));
      }
    }
    return total;
  }

  @Test
  void aKeyedDeletionTakesOneRedisCallBeforeItsForwardedAndOneAfter() throws Exception {
    try (RecordingBackend backend = new RecordingBackend(); RunningGateway a = gateway(backend, true, "optional")) {
      Http http = a.http.as(DemoTokens.FULL);
      assertEquals(200, http.send(cascade(http, user("heidi@example.com"), "warm-up")).statusCode());  // scripts loaded
      backend.hold();
      long before = commands();
      java.util.concurrent.CompletableFuture<HttpResponse<String>> deletion = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        http.send(cascade(http, user("ivan@example.com"), "one-call")));
      Conditions.await("the deletion is at the backend", () -> calls(backend, "ivan@example.com") == 1);
      assertEquals(1, commands() - before, "limit, lease and record decided in one call before forwarding");
      backend.release();
      assertEquals(200, deletion.join().statusCode());
      assertEquals(2, commands() - before, "and one more to record the answer and release the lease");
    }
  }
}
