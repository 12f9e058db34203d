package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.LogCapture;
import io.deletiongateway.support.Ports;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.ReloadableGateway;
import io.deletiongateway.support.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.support.LimitedGateways.ATLAS;
import static io.deletiongateway.support.LimitedGateways.ATLAS_ORGS;
import static io.deletiongateway.support.LimitedGateways.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reload (by file change) forgets nothing that outlives a config: buckets, circuits, blocks, counters, meters. */
class ReloadKeepsStateTest {
  /**
   * Reads limited to 2, failed authentications to 3 per address; Atlas deletions go to a backend that is not
   * there, whose circuit opens after 3 failures and stays open 10 minutes. {@code extra} lands in the server section.
   */
  static String config(int deadPort, String extra, String backendName, String moreBackends) {
    return """
      server: {host: 127.0.0.1, port: 0, %s}
      admin: {host: 127.0.0.1, port: 0}
      observability: {access_log: "off", audit_log: "${AUDIT_LOG}", reload_poll_ms: 50}
      backends:
        %s: {url: embedded}
        gone: {url: "http://127.0.0.1:%d", connect_timeout_ms: 500, circuit_max_failures: 3, circuit_reset_ms: 600000}
        %s
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: %s, operations: {"get:organization_deletion_steps": {rate_limit: reads}}}
        atlas: {contract: openapi/atlas-admin.yaml, backend: gone, operations: {deleteOrganizationV1: {rate_limit: deletions}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["4888442a3354817a7320eb61"], scopes: ["organizations:delete", "ORG_OWNER"]}
      organizations: {org_5xk2n8qvd3: {}, 4888442a3354817a7320eb61: {}}
      rate_limits:
        auth_failures: {rate: 3, period_seconds: 3600}
        policies:
          reads: {capacity: 2, rate: 1, period_seconds: 3600, key: [principal]}
          deletions: {rate: 1000, period_seconds: 60, key: [principal, organization]}
      """.formatted(extra, backendName, deadPort, moreBackends, backendName, ApiTokenFormat.hash(DemoTokens.FULL));
  }

  /** A request as if from {@code address}, through the trusted proxy on loopback. */
  static HttpResponse<String> from(Http http, String address, String method, String path) {
    return http.send(http.request(path).header("X-Forwarded-For", address).method(method, java.net.http.HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void bucketLevelsCircuitsBlocksAndCountersSurviveAReload(@TempDir Path dir) throws Exception {
    String server = "trusted_proxies: [\"127.0.0.0/8\"], drain_timeout_ms: ";
    try (Ports.Refusing gone = Ports.refusing(); ReloadableGateway gw = ReloadableGateway.start(dir, config(gone.port(), server + 30000, "reference", ""), Map.of())) {
      Http valid = gw.http.as(DemoTokens.FULL);
      assertEquals(200, valid.get(STEPS).statusCode());
      assertEquals(200, valid.get(STEPS).statusCode());
      Http.assertError(valid.get(STEPS), 429, "rate_limit_reached");
      // 203.0.113.9 may fail 3 times; the 4th failure blocks it: then even a valid token from there gets 429.
      for (int i = 0; i < 4; i++) {
        Http.assertError(from(gw.http.as("dgt_guess" + i + "_0000000000000000000000000000"), "203.0.113.9", "GET", STEPS),
          i < 3 ? 403 : 429, i < 3 ? "invalid_api_token" : "rate_limit_reached");
      }
      Http.assertError(from(valid, "203.0.113.9", "DELETE", ATLAS + ATLAS_ORGS[0]), 429, "rate_limit_reached");
      // The backend is not there: three failures open its circuit.
      for (int i = 0; i < 3; i++) {
        Http.assertError(valid.delete(ATLAS + ATLAS_ORGS[0]), 503, "service_unavailable");
      }
      String before = gw.metrics();
      assertEquals(1.0, Scrape.value(before, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"gone\""), "circuit open");
      double limited = Scrape.sum(before, "gateway_request_duration_seconds_count", "status=\"429\"");
      double unreachable = Scrape.value(before, "gateway_backend_failures_total", "backend=\"gone\"", "kind=\"unreachable\"");
      double allowed = Scrape.value(before, "gateway_ratelimit_decisions_total", "policy=\"reads\"", "outcome=\"allowed\"");
      assertTrue(limited == 3 && unreachable == 3 && allowed == 2, before);

      gw.rewrite(config(gone.port(), server + 20000, "reference", ""));

      String after = gw.metrics();
      assertEquals(limited, Scrape.sum(after, "gateway_request_duration_seconds_count", "status=\"429\""), "counters kept");
      assertEquals(unreachable, Scrape.value(after, "gateway_backend_failures_total", "backend=\"gone\"", "kind=\"unreachable\""));
      assertEquals(allowed, Scrape.value(after, "gateway_ratelimit_decisions_total", "policy=\"reads\"", "outcome=\"allowed\""));
      assertEquals(1.0, Scrape.value(after, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"gone\""), "the circuit is still open");
      Http.assertError(valid.get(STEPS), 429, "rate_limit_reached");                                      // bucket still empty
      Http.assertError(from(valid, "203.0.113.9", "DELETE", ATLAS + ATLAS_ORGS[0]), 429, "rate_limit_reached"); // still blocked
      HttpResponse<String> open = valid.delete(ATLAS + ATLAS_ORGS[0]);                                     // still open
      Http.assertError(open, 503, "service_unavailable");
      assertTrue(open.headers().firstValue("retry-after").map(Long::parseLong).orElse(0L) > 60, "open circuit's reset wait: " + open.headers());
      assertEquals(1.0, Scrape.value(gw.metrics(), "gateway_backend_failures_total", "backend=\"gone\"", "kind=\"circuit_open\""),
        "refused by the open circuit, not dialled");
    }
  }

  @Test
  void anEmbeddedBucketKeepsItsLevelAcrossAReload(@TempDir Path dir) throws Exception {
    try (Ports.Refusing gone = Ports.refusing(); ReloadableGateway gw = ReloadableGateway.start(dir, config(gone.port(), "drain_timeout_ms: 30000", "reference", ""), Map.of())) {
      Http valid = gw.http.as(DemoTokens.FULL);
      assertEquals(200, valid.get(STEPS).statusCode());
      assertEquals(200, valid.get(STEPS).statusCode());
      Http.assertError(valid.get(STEPS), 429, "rate_limit_reached");
      gw.rewrite(config(gone.port(), "drain_timeout_ms: 20000", "reference", ""));
      Http.assertError(valid.get(STEPS), 429, "rate_limit_reached");
      // New numbers apply to the kept level: a larger capacity does not refill an empty bucket.
      gw.rewrite(config(gone.port(), "drain_timeout_ms: 20000", "reference", "").replace("capacity: 2,", "capacity: 50,"));
      Http.assertError(valid.get(STEPS), 429, "rate_limit_reached");
    }
  }

  @Test
  void metersFollowRenamedAndAddedBackends(@TempDir Path dir) throws Exception {
    try (Ports.Refusing gone = Ports.refusing(); ReloadableGateway gw = ReloadableGateway.start(dir, config(gone.port(), "drain_timeout_ms: 30000", "alpha", ""), Map.of())) {
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(STEPS).statusCode());
      assertTrue(Scrape.has(gw.metrics(), "gateway_backend_circuit_state", "state=\"open\"", "backend=\"alpha\""));
      gw.rewrite(config(gone.port(), "drain_timeout_ms: 30000", "beta", "gamma: {url: embedded}"));
      assertEquals(200, gw.http.as(DemoTokens.FULL).get(STEPS).statusCode(), "served through the renamed backend");
      io.deletiongateway.support.Conditions.await("alpha's meter is gone once no runtime uses it",
        () -> !Scrape.has(gw.metrics(), "gateway_backend_circuit_state", "state=\"open\"", "backend=\"alpha\""));
      String scrape = gw.metrics();
      assertEquals(0.0, Scrape.value(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"beta\""), scrape);
      assertTrue(Scrape.has(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"beta\""), scrape);
      assertTrue(Scrape.has(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"gamma\""), scrape);
      assertTrue(Scrape.has(scrape, "gateway_backend_circuit_state", "state=\"open\"", "backend=\"gone\""), scrape);
      assertFalse(scrape.contains("NaN"), scrape);
    }
  }

  @Test
  void onlyKeysThatNeedARestartAreWarnedOf(@TempDir Path dir) throws Exception {
    Ports.Refusing gone = Ports.refusing();
    LogCapture capture = LogCapture.warnings();
    List<String> warnings = capture.messages;
    String proxies = "trusted_proxies: [\"10.0.0.0/8\", \"2001:db8::/32\"], ";
    try (ReloadableGateway gw = ReloadableGateway.start(dir, config(gone.port(), proxies + "drain_timeout_ms: 30000", "reference", ""), Map.of())) {
      gw.rewrite(config(gone.port(), proxies + "drain_timeout_ms: 20000, read_timeout_ms: 5000, max_body_bytes: 1000", "reference", ""));
      assertTrue(warnings.stream().noneMatch(w -> w.contains("restart")), "nothing here needs a restart: " + warnings);
      gw.rewrite(config(gone.port(), proxies + "drain_timeout_ms: 20000, idle_timeout_ms: 5000", "reference", ""));
      assertTrue(warnings.stream().anyMatch(w -> w.contains("server.idle_timeout_ms") && w.contains("restart")), warnings.toString());
    } finally {
      capture.close();
      gone.close();
    }
  }
}
