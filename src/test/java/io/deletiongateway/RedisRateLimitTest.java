package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.support.LimitedGateways.ATLAS;
import static io.deletiongateway.support.LimitedGateways.ATLAS_ORGS;
import static io.deletiongateway.support.LimitedGateways.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis store against a real redis-server started by the test. */
class RedisRateLimitTest {
  static final String TEN_NO_REFILL = "capacity: 10, rate: 1, period_seconds: 3600";
  RedisProcess redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start();
  }

  @AfterEach
  void stopRedis() throws Exception {
    redis.close();
  }

  /** A generous decision timeout: these tests count decisions; latency is measured in bench/. */
  String redisSection() {
    return "{url: \"" + redis.url() + "\", timeout_ms: 2000}";
  }

  static List<HttpRequest.Builder> interleaved(RunningGateway a, RunningGateway b, String path, int count) {
    List<HttpRequest.Builder> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add((i % 2 == 0 ? a : b).http.as(DemoTokens.FULL).request(path).GET());
    }
    return requests;
  }

  @Test
  void twoInstancesSharingOneRedisAdmitExactlyTheBucket() throws Exception {
    try (RunningGateway a = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL);
         RunningGateway b = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      List<HttpResponse<String>> answers = a.http.sendAll(interleaved(a, b, STEPS, 200));
      assertTrue(answers.stream().allMatch(r -> r.headers().firstValue("ratelimit").isPresent()), "every answer was decided, none failed open");
      long passed = answers.stream().filter(r -> r.statusCode() == 200).count();
      long limited = answers.stream().filter(r -> r.statusCode() == 429).count();
      assertEquals(10, passed, "exactly the bucket's 10 pass across both instances");
      assertEquals(190, limited);
      HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
      assertEquals(0, Http.assertError(refused, 429, "rate_limit_reached").getInteger("total_permitted"), "1 an hour is 0 a minute, rounded");
      assertTrue(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow()) > 0);
      assertEquals("\"reads\";q=1;w=3600", refused.headers().firstValue("ratelimit-policy").orElseThrow());
      assertTrue(refused.headers().firstValue("ratelimit").orElseThrow().startsWith("\"reads\";r=0;t="));
    }
  }

  @Test
  void bucketsRefillOverTime() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), "capacity: 2, rate: 4, period_seconds: 1", TEN_NO_REFILL)) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(200, http.get(STEPS).statusCode());
      HttpResponse<String> second = http.get(STEPS);
      assertEquals(200, second.statusCode());
      assertEquals("0", second.headers().firstValue("x-ratelimit-remaining").orElseThrow());
      assertEquals("240", second.headers().firstValue("x-ratelimit-permitted").orElseThrow(), "4 per second is 240 per minute");
      assertEquals(429, http.get(STEPS).statusCode());
      Thread.sleep(600);  // 4 tokens a second: two are back, capacity caps at 2
      assertEquals(200, http.get(STEPS).statusCode());
      assertEquals(200, http.get(STEPS).statusCode());
      assertEquals(429, http.get(STEPS).statusCode());
    }
  }

  @Test
  void everyLimiterKeyHasATtlAndOneKeyPerPartition() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      Http http = gw.http.as(DemoTokens.FULL);
      http.get(STEPS);
      for (String org : ATLAS_ORGS) {
        http.delete(ATLAS + org);
      }
      Http.assertError(gw.http.as("dgt_nobody_" + "A".repeat(46)).get(STEPS), 403, "invalid_api_token");
      Map<String, Long> ttls = redis.ttls("dg:*");
      assertEquals(5, ttls.size(), ttls::toString);  // 1 reads bucket, 3 deletion buckets, 1 auth-failure bucket
      ttls.forEach((key, ttl) -> assertTrue(ttl > 0, key + " has no TTL: " + ttl));
      assertTrue(ttls.containsKey("dg:rl:{reads:demo-full}"), ttls::toString);
      assertTrue(ttls.containsKey("dg:rl:{deletions:demo-full|4888442a3354817a7320eb61}"), ttls::toString);
      assertTrue(ttls.containsKey("dg:af:{127.0.0.1}"), ttls::toString);
      long hour = 3_600_000L;
      assertTrue(ttls.get("dg:rl:{reads:demo-full}") <= hour, "TTL is the time to refill, at most one token period here");
    }
  }

  @Test
  void aFlushedScriptCacheIsReloaded() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(200, http.get(STEPS).statusCode());
      assertEquals("OK", redis.cli("SCRIPT", "FLUSH"));
      HttpResponse<String> afterFlush = http.get(STEPS);
      assertEquals(200, afterFlush.statusCode(), afterFlush.body());
      assertEquals("8", afterFlush.headers().firstValue("x-ratelimit-remaining").orElseThrow(), "the same bucket, still counted");
    }
  }

  @Test
  void aBucketKeyHoldingSomethingElseFailsClosedForItsRequestsOnly() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      redis.cli("SET", "dg:rl:{deletions:demo-full|" + ATLAS_ORGS[0] + "}", "overwritten by someone");
      Http http = gw.http.as(DemoTokens.FULL);
      Http.assertError(http.delete(ATLAS + ATLAS_ORGS[0]), 503, "service_unavailable");
      HttpResponse<String> other = http.delete(ATLAS + ATLAS_ORGS[1]);
      assertTrue(other.statusCode() != 503 && other.statusCode() != 429, "another bucket is decided: " + other.statusCode());
      assertEquals("9", other.headers().firstValue("x-ratelimit-remaining").orElseThrow());
    }
  }

  @Test
  void redisDownFailsClosedDeletionsAndFailsOpenReadsThenRecovers() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(409, http.delete(ATLAS + ATLAS_ORGS[0]).statusCode(), "reaches the backend while Redis is up");
      assertEquals(200, http.get(STEPS).statusCode());

      redis.stop();
      long started = System.nanoTime();
      HttpResponse<String> closed = http.delete(ATLAS + ATLAS_ORGS[0]);
      Http.assertError(closed, 503, "service_unavailable");
      assertTrue(closed.headers().firstValue("retry-after").isPresent());
      HttpResponse<String> open = http.get(STEPS);
      assertEquals(200, open.statusCode(), "reads fail open");
      assertFalse(open.headers().firstValue("ratelimit").isPresent(), "no limit information without a decision");
      assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered quickly, not after long waits");

      redis.restart();
      HttpResponse<String> recovered = null;
      for (int i = 0; i < 50 && (recovered == null || recovered.statusCode() == 503); i++) {
        recovered = http.delete(ATLAS + ATLAS_ORGS[0]);
        Thread.sleep(100);
      }
      assertEquals(409, recovered.statusCode(), "deletions flow again once Redis is back");
      assertEquals("9", recovered.headers().firstValue("x-ratelimit-remaining").orElseThrow(), "a fresh Redis starts a full bucket");
      assertEquals("9", http.get(STEPS).headers().firstValue("x-ratelimit-remaining").orElseThrow());
    }
  }

  @Test
  void failedCredentialsAreThrottledPerAddress() throws Exception {
    try (RunningGateway gw = LimitedGateways.start(redisSection(), TEN_NO_REFILL, TEN_NO_REFILL)) {
      for (int i = 0; i < 3; i++) {
        Http.assertError(gw.http.as("dgt_guess" + i + "_" + "A".repeat(46)).get(STEPS), 403, "invalid_api_token");
      }
      HttpResponse<String> throttled = gw.http.as("dgt_guess9_" + "A".repeat(46)).get(STEPS);
      Http.assertError(throttled, 429, "rate_limit_reached");
      assertTrue(throttled.headers().firstValue("retry-after").isPresent());
      // While blocked, even a valid credential from that address is refused before verification.
      Http.assertError(gw.http.as(DemoTokens.FULL).get(STEPS), 429, "rate_limit_reached");
      assertEquals(1, redis.ttls("dg:af:*").size());
    }
  }
}
