package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.Scrape;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.OperationsTest.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Distinct client addresses (through a trusted proxy) cannot grow the embedded limiter without bound: IPv6
 * addresses count by their /64, the store holds at most max_buckets, and what lies beyond shares one bucket.
 */
class AddressFloodTest {
  static RunningGateway gateway() throws Exception {
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("trusted_proxies: ${TRUSTED_PROXIES:-}", "trusted_proxies: [\"127.0.0.1/32\"]")
      .replace("rate_limits:\n", "rate_limits:\n  max_buckets: 500\n");
    return RunningGateway.fromYaml(yaml, Map.of());
  }

  static List<HttpResponse<String>> guesses(RunningGateway gw, List<String> addresses) {
    List<HttpRequest.Builder> requests = new ArrayList<>();
    for (String address : addresses) {
      requests.add(gw.http.as("dgt_guess_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").request(ACME).header("X-Forwarded-For", address).GET());
    }
    return gw.http.sendAll(requests);
  }

  @Test
  void addressesOfOneSlash64ShareOneBucket() throws Exception {
    try (RunningGateway gw = gateway()) {
      List<String> oneSubscriber = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        oneSubscriber.add("2001:db8:1:2:" + Integer.toHexString(i) + ":" + Integer.toHexString(i * 7) + "::1");
      }
      List<HttpResponse<String>> answers = guesses(gw, oneSubscriber);
      long limited = answers.stream().filter(a -> a.statusCode() == 429).count();
      assertEquals(20, answers.size() - limited, "20 failures per minute for the whole /64 (the shipped auth_failures)");
      HttpResponse<String> neighbour = gw.http.as(DemoTokens.FULL).send(
        gw.http.as(DemoTokens.FULL).request(ACME).header("X-Forwarded-For", "2001:db8:1:2:ffff::9").GET());
      Http.assertError(neighbour, 429, "rate_limit_reached");
      HttpResponse<String> elsewhere = gw.http.as(DemoTokens.FULL).send(
        gw.http.as(DemoTokens.FULL).request(ACME).header("X-Forwarded-For", "2001:db8:1:3::9").GET());
      assertEquals(200, elsewhere.statusCode(), "another /64 is another client");
    }
  }

  @Test
  void aFloodOfDistinctNetworksStaysWithinTheStoresBound() throws Exception {
    try (RunningGateway gw = gateway()) {
      List<String> networks = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        networks.add("2001:db8:" + Integer.toHexString(i >> 8) + ":" + Integer.toHexString(i & 0xff) + "::1");
      }
      List<HttpResponse<String>> answers = guesses(gw, networks);
      assertTrue(answers.stream().allMatch(a -> a.statusCode() == 403 || a.statusCode() == 429), "every guess refused");
      String scrape = Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get("/metrics").body();
      double buckets = Scrape.value(scrape, "gateway_ratelimit_buckets");
      double overflow = Scrape.value(scrape, "gateway_ratelimit_overflow_decisions_total");
      Runtime runtime = Runtime.getRuntime();
      System.out.printf("address flood: 3000 networks, %.0f buckets held (bound 500), %.0f overflow decisions, heap used %d MiB%n",
        buckets, overflow, (runtime.totalMemory() - runtime.freeMemory()) >> 20);
      assertTrue(buckets <= 500, "bounded: " + buckets);
      double evicted = Scrape.value(scrape, "gateway_ratelimit_bucket_evictions_total");
      assertTrue(overflow > 1_000 && buckets + evicted + overflow >= 3_000, "the rest shared the overflow bucket: " + scrape);
      // The overflow bucket is one bucket: together, the keys beyond the bound got at most its 20 failures.
      assertTrue(answers.stream().filter(a -> a.statusCode() == 403).count() <= 500 * 20 + 20);
    }
  }
}
