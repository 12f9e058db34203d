package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.IntSupplier;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tokens and organizations added, revoked or suspended in Redis take effect without a restart, through the
 * shipped config with REDIS_URL set. Hashes only: the plaintext token never reaches Redis.
 */
class RedisDirectoryTest {
  static final String EMPTYCO = STEPS + "?organization%5Bsub_domain%5D=emptyco";
  static RedisProcess redis;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start();
    gateway = RunningGateway.shipped(Map.of("REDIS_URL", redis.url()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    redis.close();
  }

  static JsonObject entry(String token, String status) {
    return new JsonObject().put("hash", ApiTokenFormat.hash(token)).put("organization", "org_5xk2n8qvd3")
      .put("manages", new JsonArray().add("org_7hd93kfw1c")).put("scopes", new JsonArray().add("organizations:delete"))
      .put("status", status);
  }

  static void publish(String hash, String id, JsonObject json) throws Exception {
    redis.cli("HSET", hash, id, json.encode());
    redis.cli("PUBLISH", "dg:directory", id);
  }

  /** Polls until the status is seen (pub/sub makes it near-immediate; the periodic re-read is the backstop). */
  static int eventually(int expected, IntSupplier status) throws InterruptedException {
    int last = -1;
    for (int i = 0; i < 60 && last != expected; i++) {
      last = status.getAsInt();
      if (last != expected) {
        Thread.sleep(50);
      }
    }
    return last;
  }

  @Test
  void tokensAddedRevokedAndOrganizationsSuspendedInRedisApplyWithoutRestart() throws Exception {
    String live = ApiTokenFormat.generate("live-1");
    Http.assertError(gateway.http.as(live).get(EMPTYCO), 403, "invalid_api_token");

    publish("dg:tokens", "live-1", entry(live, "active"));
    assertEquals(200, eventually(200, () -> gateway.http.as(live).get(EMPTYCO).statusCode()), "added live");

    redis.cli("HSET", "dg:tokens", "broken", "{\"hash\":\"nope\"}");
    publish("dg:tokens", "demo-full", entry(DemoTokens.FULL, "revoked"));
    assertEquals(403, eventually(403, () -> gateway.http.as(DemoTokens.FULL).get(EMPTYCO).statusCode()), "config token revoked live");
    assertEquals(200, gateway.http.as(live).get(EMPTYCO).statusCode(), "an invalid entry is skipped, the rest applies");

    publish("dg:organizations", "org_7hd93kfw1c", new JsonObject().put("alias", "emptyco").put("status", "suspended"));
    assertEquals(403, eventually(403, () -> gateway.http.as(live).get(EMPTYCO).statusCode()));
    Http.assertError(gateway.http.as(live).get(EMPTYCO), 403, "organization_suspended");

    String stored = redis.cli("HGETALL", "dg:tokens");
    assertEquals(false, stored.contains(live.substring(12)), "only the hash is in Redis");

    redis.stop();
    Thread.sleep(200);
    Http.assertError(gateway.http.as(live).get(EMPTYCO), 403, "organization_suspended");  // last state stays in force
    redis.restart();
  }
}
