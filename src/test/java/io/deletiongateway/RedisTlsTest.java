package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.TestPki;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rediss:// against a real redis-server serving TLS only: verified by host name against the configured CA; buckets
 * live there. A certificate that does not name the host is refused: readiness fails and deletions fail closed.
 */
class RedisTlsTest {
  @Test
  void bucketsLiveInATlsRedisVerifiedByName() throws Exception {
    TestPki pki = TestPki.create("redis CA");
    try (RedisProcess redis = RedisProcess.tls(pki.server("redis", "localhost"), pki.caFile());
         RunningGateway gw = RunningGateway.shipped(Map.of("REDIS_URL", redis.url(), "REDIS_TLS_CA", pki.caFile().toString(),
           "REDIS_TIMEOUT_MS", "2000", "DELETIONS_PER_MINUTE", "1"))) {
      assertEquals(200, Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/health/ready").statusCode());
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(204, http.delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b").statusCode());
      Http.assertError(http.delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b"), 429, "rate_limit_reached");  // its bucket is empty
      assertTrue(redis.cli("--scan").contains("deletions"), "the bucket is in the TLS Redis: " + redis.cli("--scan"));
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    TestPki pki = TestPki.create("redis CA");
    try (RedisProcess redis = RedisProcess.tls(pki.server("redis", "elsewhere.test"), pki.caFile());
         RunningGateway gw = RunningGateway.shipped(Map.of("REDIS_URL", redis.url(), "REDIS_TLS_CA", pki.caFile().toString(),
           "REDIS_TIMEOUT_MS", "2000"))) {
      assertEquals(503, Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/health/ready").statusCode());
      Http.assertError(gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b"), 503, "service_unavailable");
    }
  }
}
