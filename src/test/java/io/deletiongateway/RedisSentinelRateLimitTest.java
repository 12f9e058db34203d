package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.deletiongateway.support.LimitedGateways.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sentinel mode: the gateway asks a real Sentinel for the master and decides there, exactly. */
class RedisSentinelRateLimitTest {
  @Test
  void sentinelModeFindsTheMasterAndAdmitsExactlyTheBucket() throws Exception {
    try (RedisProcess master = RedisProcess.start();
         RedisProcess sentinel = RedisProcess.sentinel(master, "deletions-master");
         RunningGateway gw = LimitedGateways.start(
           "{url: \"" + sentinel.url() + "\", mode: sentinel, master_name: deletions-master, timeout_ms: 2000}",
           "capacity: 10, rate: 1, period_seconds: 3600", "capacity: 10, rate: 1, period_seconds: 3600")) {
      List<HttpRequest.Builder> requests = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        requests.add(gw.http.as(DemoTokens.FULL).request(STEPS).GET());
      }
      List<HttpResponse<String>> answers = gw.http.sendAll(requests);
      assertTrue(answers.stream().allMatch(r -> r.headers().firstValue("ratelimit").isPresent()), "every answer was decided");
      assertEquals(10, answers.stream().filter(r -> r.statusCode() == 200).count());
      assertEquals(1, master.ttls("dg:rl:*").size(), "the bucket lives on the master the Sentinel named");
    }
  }
}
