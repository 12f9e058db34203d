package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.LimitedGateways;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.deletiongateway.support.LimitedGateways.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded store (no Redis configured): the same exact answers within one instance. */
class EmbeddedRateLimitTest {
  @Test
  void concurrentRequestsAgainstABucketOfTenAdmitExactlyTen() throws Exception {
    try (RunningGateway gw = LimitedGateways.start("{}", "capacity: 10, rate: 1, period_seconds: 3600", "capacity: 10, rate: 1, period_seconds: 3600")) {
      List<HttpRequest.Builder> requests = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        requests.add(gw.http.as(DemoTokens.FULL).request(STEPS).GET());
      }
      List<HttpResponse<String>> answers = gw.http.sendAll(requests);
      assertEquals(10, answers.stream().filter(r -> r.statusCode() == 200).count());
      assertEquals(190, answers.stream().filter(r -> r.statusCode() == 429).count());
      Http.assertError(answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(), 429, "rate_limit_reached");
    }
  }

  @Test
  void refillsOverTime() throws Exception {
    try (RunningGateway gw = LimitedGateways.start("{}", "capacity: 1, rate: 5, period_seconds: 1", "capacity: 10, rate: 1, period_seconds: 3600")) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(200, http.get(STEPS).statusCode());
      HttpResponse<String> refused = http.get(STEPS);
      assertEquals(429, refused.statusCode());
      assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
      Thread.sleep(250);
      assertEquals(200, http.get(STEPS).statusCode());
    }
  }
}
