package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.deletiongateway.RedisDirectoryTest.EMPTYCO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A Redis that comes back empty must not bring a revoked token back to life: the last known directory stays in
 * force (reported on readiness and in a metric) until the directory is written again.
 */
class RedisDirectoryLossTest {
  static HttpResponse<String> ready(RunningGateway gw) {
    return Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/health/ready");
  }

  static String metrics(RunningGateway gw) {
    return Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/metrics").body();
  }

  static void publish(RedisProcess redis, String hash, String id, JsonObject json) throws Exception {
    redis.cli("HSET", hash, id, json.encode());
    redis.cli("PUBLISH", "dg:directory", id);
  }

  @Test
  void aTokenRevokedInRedisStaysRefusedAfterRedisRestartsEmpty() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
         RunningGateway gw = RunningGateway.fromYaml(java.nio.file.Files.readString(RunningGateway.SHIPPED_CONFIG)
           .replace("  timeout_ms: ${REDIS_TIMEOUT_MS:-250}", "  timeout_ms: ${REDIS_TIMEOUT_MS:-250}\n  directory_refresh_ms: 200"),
           Map.of("REDIS_URL", redis.url()))) {
      Http full = gw.http.as(DemoTokens.FULL);
      assertEquals(200, full.get(EMPTYCO).statusCode());
      publish(redis, "dg:tokens", "demo-full", RedisDirectoryTest.entry(DemoTokens.FULL, "revoked"));
      Conditions.await("the revocation applies", () -> full.get(EMPTYCO).statusCode() == 403);
      Conditions.await("the directory is marked as seen", () -> redis.cliOrEmpty("EXISTS", "dg:directory:seen").equals("1"));

      redis.restart();  // no persistence: it comes back empty
      Conditions.await("the loss is reported", () -> ready(gw).body().contains("degraded"));
      HttpResponse<String> readiness = ready(gw);
      assertEquals(200, readiness.statusCode(), "degraded, still ready: " + readiness.body());
      assertEquals(1.0, Scrape.value(metrics(gw), "gateway_directory_last_known"), "the gauge says so");
      for (int i = 0; i < 5; i++) {
        Http.assertError(full.get(EMPTYCO), 403, "invalid_api_token");
      }

      // Written again: applied, no longer degraded (and the token is still revoked, as now written).
      publish(redis, "dg:tokens", "demo-full", RedisDirectoryTest.entry(DemoTokens.FULL, "revoked"));
      Conditions.await("the directory is back", () -> !ready(gw).body().contains("degraded"));
      assertEquals(0.0, Scrape.value(metrics(gw), "gateway_directory_last_known"));
      Http.assertError(full.get(EMPTYCO), 403, "invalid_api_token");

      // Emptied on purpose (the mark stays): applied, the config's entry is back in force.
      redis.cli("HDEL", "dg:tokens", "demo-full");
      redis.cli("PUBLISH", "dg:directory", "demo-full");
      Conditions.await("a deliberate removal applies", () -> full.get(EMPTYCO).statusCode() == 200);
      assertFalse(ready(gw).body().contains("degraded"));
    }
  }

}
