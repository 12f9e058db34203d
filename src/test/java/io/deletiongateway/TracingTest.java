package io.deletiongateway;

import io.deletiongateway.support.Conditions;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.GatewayProcess;
import io.deletiongateway.support.OtlpReceiver;
import io.deletiongateway.support.RecordingBackend;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenTelemetry with a real gateway process and a real OTLP/HTTP receiver: a request with a traceparent yields a server
 * span under the caller's span and a client span for the backend call, the backend receives the propagated context,
 * and the access and audit records carry the trace id; with export off, the caller's traceparent still reaches the
 * backend and its trace id the records.
 */
class TracingTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN = "00f067aa0ba902b7";

  static JsonObject record(GatewayProcess gw, String type) {
    return gw.output.toString().lines().filter(l -> l.startsWith("{") && l.contains("\"event.dataset\":\"deletion_gateway." + type + "\""))
      .map(JsonObject::new)
      .findFirst().orElse(null);
  }

  @Test
  void aTracedDeletionIsExportedUnderItsCallersSpanAndPropagatedToTheBackend() throws Exception {
    Path audit = Files.createTempFile("audit", ".log");
    try (OtlpReceiver receiver = new OtlpReceiver(); RecordingBackend backend = new RecordingBackend();
         GatewayProcess gw = GatewayProcess.start(backend.asEveryBackend("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
           "OTEL_BSP_SCHEDULE_DELAY", "100", "ACCESS_LOG", "stdout",
           "AUDIT_LOG", audit.toString()))) {
      HttpResponse<String> deleted = gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b",
        "traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01");
      assertEquals(204, deleted.statusCode(), deleted.body());
      Conditions.await("the server and client spans are exported", () -> receiver.spans.stream().filter(s -> s.traceId().equals(TRACE)).count() >= 2);
      OtlpReceiver.Received server = receiver.spans.stream().filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
      assertEquals(TRACE, server.traceId());
      assertEquals(CALLER_SPAN, server.parentSpanId(), "under the caller's span");
      assertEquals("deleteOrganizationV1", server.name());
      assertTrue(server.events().containsAll(java.util.List.of("authenticated", "deletion_admission")),
        "the policy stages that can take time, as events: " + server.events());
      OtlpReceiver.Received client = receiver.spans.stream().filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
      assertEquals(server.spanId(), client.parentSpanId(), "the backend call under the server span");
      String propagated = backend.last().headers().get("traceparent");
      assertTrue(propagated.startsWith("00-" + TRACE + "-" + client.spanId()), "the backend continues the trace: " + propagated);
      Conditions.await("the access record", () -> record(gw, "access") != null);
      assertEquals(TRACE, record(gw, "access").getString("trace.id"));
      assertEquals(TRACE, new JsonObject(Files.readAllLines(audit).get(0)).getString("trace_id"));
    }
  }

  @Test
  void withExportOffTheCallersTraceStillReachesTheBackendAndTheRecords() throws Exception {
    Path audit = Files.createTempFile("audit", ".log");
    try (RecordingBackend backend = new RecordingBackend();
         GatewayProcess gw = GatewayProcess.start(backend.asEveryBackend("ACCESS_LOG", "stdout", "AUDIT_LOG", audit.toString()))) {
      String traceparent = "00-" + TRACE + "-" + CALLER_SPAN + "-01";
      assertEquals(204, gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b", "traceparent", traceparent).statusCode());
      assertEquals(traceparent, backend.last().headers().get("traceparent"), "propagated unchanged");
      Conditions.await("the access record", () -> record(gw, "access") != null);
      assertEquals(TRACE, record(gw, "access").getString("trace.id"));
      assertEquals(TRACE, new JsonObject(Files.readAllLines(audit).get(0)).getString("trace_id"));
      JsonObject served = record(gw, "access");
      assertEquals(204, served.getInteger("http.response.status_code"));
      assertEquals(204, served.getInteger("deletion_gateway.backend.status_code"), "the backend's status, apart");
      assertTrue(served.getLong("deletion_gateway.backend.duration") > 0 && served.getLong("event.duration") >= served.getLong("deletion_gateway.backend.duration"));
      assertEquals("deleteOrganizationV1", served.getString("deletion_gateway.operation"));
      gw.http.as(DemoTokens.NO_SCOPE).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4c", "User-Agent", "terraform-provider-x/1.0");
      Conditions.await("the refusal's access record", () -> gw.output.toString().lines().anyMatch(l -> l.contains("scope_not_granted")));
      JsonObject refused = new JsonObject(gw.output.toString().lines().filter(l -> l.contains("\"error.code\":\"scope_not_granted\""))
        .findFirst().orElseThrow());
      assertEquals(403, refused.getInteger("http.response.status_code"));
      assertEquals("failure", refused.getString("event.outcome"));
      assertEquals("terraform-provider-x/1.0", refused.getString("user_agent.original"));
      assertTrue(refused.getLong("http.response.body.bytes") > 0);
      assertNotEquals(null, refused.getString("http.request.id"));
    }
  }
}
