package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything the gateway process writes, from start to shutdown (a reload, refused requests and an unreachable
 * backend on the way), is one JSON object a line: the operational lines in Log4j2's ECS layout, the access lines in
 * ECS names.
 */
class JsonLogsTest {
  @Test
  void everyLineTheProcessWritesIsJson() throws Exception {
    GatewayProcess gw = GatewayProcess.start(Map.of("ACCESS_LOG", "stdout", "KATAPULT_BACKEND_URL", "http://127.0.0.1:1"));
    try {
      gw.http.as(DemoTokens.FULL).get(STEPS + "?organization%5Bsub_domain%5D=acme");  // the backend is down: 503, logged
      gw.http.get(STEPS);                                                              // 400, an access line
      gw.signal("HUP");
      Conditions.await("the reload is logged", () -> gw.output.toString().contains("config reloaded"));
      gw.signal("TERM");
      Conditions.await("the shutdown is logged", () -> gw.output.toString().contains("shutting down"));
    } finally {
      gw.close();
    }
    List<String> lines = gw.output.toString().lines().filter(l -> !l.isBlank()).toList();
    assertTrue(lines.size() >= 5, gw.output.toString());  // start, two requests, the reload, the shutdown
    for (String line : lines) {
      JsonObject parsed;
      try {
        parsed = new JsonObject(line);
      } catch (RuntimeException notJson) {
        throw new AssertionError("not a JSON line: " + line);
      }
      assertTrue(parsed.containsKey("@timestamp"), line);
    }
    assertTrue(lines.stream().map(JsonObject::new).anyMatch(l -> "INFO".equals(l.getString("log.level"))
      && l.getString("message").startsWith("deletion-gateway listening")), "the start, as an ECS log record");
    assertEquals(2, lines.stream().map(JsonObject::new).filter(l -> "deletion_gateway.access".equals(l.getString("event.dataset"))).count());
  }
}
