package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RedisProcess;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin listener, the audit log and hot reload, on the shipped config. */
class OperationsTest {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";

  static HttpResponse<String> admin(RunningGateway gw, String path) {
    return Http.Plain.at("http://127.0.0.1:" + gw.adminPort()).get(path);
  }

  static double metric(String scrape, String name, String... labels) {
    return io.deletiongateway.support.Scrape.value(scrape, name, labels);
  }

  @Test
  void metricsCountKnownTraffic() throws Exception {
    try (RunningGateway gw = RunningGateway.shipped(Map.of())) {
      Http http = gw.http.as(DemoTokens.FULL);
      http.get(ACME);
      http.get(ACME);
      gw.http.get(ACME);                                  // 400 missing_api_token
      http.delete(ATLAS_V1 + "4888442a3354817a7320eb61");  // 409 from the backend
      gw.http.get("/nowhere");                            // 404, no operation
      String scrape = admin(gw, "/metrics").body();
      String steps = "operation=\"get:organization_deletion_steps\"";
      assertEquals(2.0, metric(scrape, "gateway_request_duration_seconds_count", steps, "status=\"200\""), scrape);
      assertEquals(1.0, metric(scrape, "gateway_request_duration_seconds_count", steps, "status=\"400\""));
      assertEquals(1.0, metric(scrape, "gateway_request_duration_seconds_count", "operation=\"deleteOrganizationV1\"", "status=\"409\""));
      assertEquals(1.0, metric(scrape, "gateway_request_duration_seconds_count", "operation=\"none\"", "status=\"404\""));
      assertTrue(metric(scrape, "gateway_request_duration_seconds_bucket", steps, "status=\"200\"", "le=\"+Inf\"") == 2.0, "a latency histogram");
      assertEquals(2.0, metric(scrape, "gateway_ratelimit_decisions_total", "policy=\"reads\"", "outcome=\"allowed\""));
      assertEquals(1.0, metric(scrape, "gateway_ratelimit_decisions_total", "policy=\"deletions\"", "outcome=\"allowed\""));
      assertEquals(1.0, metric(scrape, "gateway_backend_circuit_state", "backend=\"atlas\"", "state=\"closed\""), "circuit state per backend");
      assertEquals(0.0, metric(scrape, "gateway_backend_circuit_state", "backend=\"atlas\"", "state=\"half_open\""));
      // Prometheus conventions: base units, _total counters, a fixed set of 14 latency buckets, a method label.
      long buckets = scrape.lines().filter(l -> l.startsWith("gateway_request_duration_seconds_bucket{") && l.contains(steps)
        && l.contains("status=\"200\"")).count();
      assertEquals(15, buckets, "14 buckets and +Inf");
      assertTrue(scrape.lines().anyMatch(l -> l.startsWith("gateway_request_duration_seconds_count{") && l.contains("method=\"GET\"")));
      assertTrue(scrape.lines().noneMatch(l -> l.startsWith("gateway_request_duration_seconds_max")), "no _max series");
      assertEquals(2.0, metric(scrape, "gateway_backend_request_duration_seconds_count", "backend=\"katapult\"", "status=\"200\""),
        "backend latency apart from the total");
      assertTrue(metric(scrape, "gateway_response_body_bytes_total", "api=\"katapult\"") > 0, "bytes out");
      assertTrue(io.deletiongateway.support.Scrape.has(scrape, "gateway_request_body_bytes_total", "api=\"f5xc\""), "bytes in, from the start");
      assertTrue(metric(scrape, "gateway_connections_open") >= 0);
      assertEquals(0.0, metric(scrape, "gateway_backend_failures_total", "backend=\"f5xc\"", "kind=\"tls\""), "present from the start");
      assertEquals(0.0, metric(scrape, "gateway_config_reloads_total", "outcome=\"rejected\""), "present from the start");
      assertEquals(1.0, metric(scrape, "gateway_build_info"), "build info");
      for (String jvm : List.of("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "process_cpu_usage",
        "process_uptime_seconds", "process_files_open_files")) {
        assertTrue(scrape.contains(jvm), jvm + " (Micrometer's binders)");
      }
      assertEquals(200, admin(gw, "/health/live").statusCode());
    }
  }

  @Test
  void readinessFollowsRedis() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); RunningGateway gw = RunningGateway.shipped(Map.of("REDIS_URL", redis.url()))) {
      HttpResponse<String> up = admin(gw, "/health/ready");
      assertEquals(200, up.statusCode(), up.body());
      assertEquals("UP", new JsonObject(up.body()).getJsonObject("checks").getString("redis"));
      redis.stop();
      HttpResponse<String> down = admin(gw, "/health/ready");
      assertEquals(503, down.statusCode());
      assertEquals("DOWN", new JsonObject(down.body()).getJsonObject("checks").getString("redis"));
      assertEquals(200, admin(gw, "/health/live").statusCode(), "alive all the same");
      assertTrue(metric(admin(gw, "/metrics").body(), "gateway_directory_refreshes_total", "outcome=\"applied\"") >= 1,
        "token/organization refreshes from Redis are counted");
      redis.restart();
      int status = 0;
      for (int i = 0; i < 50 && status != 200; i++) {
        status = admin(gw, "/health/ready").statusCode();
        Thread.sleep(100);
      }
      assertEquals(200, status, "ready again once Redis is back");
    }
  }

  @Test
  void everyDestructiveCallIsAuditedWithEveryField(@TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit.log");
    try (RunningGateway gw = RunningGateway.shipped(Map.of("AUDIT_LOG", audit.toString()))) {
      Http http = gw.http.as(DemoTokens.FULL);
      assertEquals(204, http.delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e9f").statusCode());
      assertEquals(409, http.delete(ATLAS_V1 + "4888442a3354817a7320eb61").statusCode());
      assertEquals(403, gw.http.as(DemoTokens.NO_SCOPE).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b").statusCode());
      assertEquals(200, http.postJson(CASCADE, "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}").statusCode());
      assertEquals(200, http.get(ACME).statusCode());  // a read: not audited
      List<String> lines = Files.readAllLines(audit);
      assertEquals(4, lines.size(), String.join("\n", lines));
      for (String line : lines) {
        JsonObject record = new JsonObject(line);
        for (String field : List.of("time", "request_id", "api", "operation", "method", "principal", "target", "outcome",
          "status", "client_address")) {
          assertTrue(record.getValue(field) != null, field + " missing in " + line);
        }
        assertTrue(!line.contains("dgt_"), "never a credential");
      }
      JsonObject deleted = new JsonObject(lines.get(0));
      assertEquals("success", deleted.getString("outcome"));
      assertEquals(204, deleted.getInteger("backend_status"));
      assertEquals("5f1e0b6e0d4c7a3b2c1d0e9f", deleted.getString("target"));
      assertEquals("demo-full", deleted.getString("principal"));
      assertEquals("failure", new JsonObject(lines.get(1)).getString("outcome"));
      JsonObject refused = new JsonObject(lines.get(2));
      assertEquals("refused", refused.getString("outcome"));
      assertNull(refused.getValue("backend_status"));
      assertEquals(403, refused.getInteger("status"));
      assertEquals("carol@example.com", new JsonObject(lines.get(3)).getString("target"));
    }
  }

  @Test
  void aBrokenReloadKeepsTheOldConfigServingAndAGoodOneApplies(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    String shipped = Files.readString(RunningGateway.SHIPPED_CONFIG).replace("reload_poll_ms: 2000", "reload_poll_ms: 100");
    Files.writeString(file, shipped);
    Map<String, String> env = Map.of("GATEWAY_PORT", "0", "GATEWAY_HOST", "127.0.0.1", "ADMIN_PORT", "0", "ACCESS_LOG", "off",
      "AUDIT_LOG", dir.resolve("audit.log").toString());
    Vertx vertx = io.deletiongateway.edge.GatewayVertx.create();
    try {
      var config = io.deletiongateway.config.ConfigLoader.load(file, env);
      Gateway gateway = Gateway.start(vertx, config).await(30, java.util.concurrent.TimeUnit.SECONDS);
      ConfigWatcher watcher = ConfigWatcher.watch(vertx, gateway, file, env, config);
      Http http = Http.gateway("http://127.0.0.1:" + gateway.port());
      assertEquals(200, http.as(DemoTokens.FULL).get(ACME).statusCode());

      Files.writeString(file, shipped.replace("max_body_bytes", "max_bdy_bytes"));
      Thread.sleep(600);
      assertEquals(200, http.as(DemoTokens.FULL).get(ACME).statusCode(), "the old config keeps serving");
      String scrape = Http.Plain.at("http://127.0.0.1:" + gateway.adminPort()).get("/metrics").body();
      assertEquals(1.0, metric(scrape, "gateway_config_reloads_total", "outcome=\"rejected\""));

      Files.writeString(file, shipped.replace("      organization: org_5xk2n8qvd3\n      manages:", "      status: revoked\n      organization: org_5xk2n8qvd3\n      manages:"));
      int status = 200;
      for (int i = 0; i < 40 && status == 200; i++) {
        Thread.sleep(100);
        status = http.as(DemoTokens.FULL).get(ACME).statusCode();
      }
      assertEquals(403, status, "the token revoked in the file is refused after the reload");
      // Other tokens are still verified: this one gets as far as its organization's status.
      Http.assertError(http.as(DemoTokens.SUSPENDED_ORG).get(STEPS + "?organization%5Bsub_domain%5D=suspendedco"), 403, "organization_suspended");
      watcher.stop();
      gateway.close().await(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
