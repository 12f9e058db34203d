package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body that does not arrive in time is refused like everything else: through the failure stage, in the
 * API's dialect and envelope, with an audit record on destructive routes, and the connection closed.
 */
class SlowBodyRefusalTest {
  static Path audit;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    audit = Files.createTempFile("audit", ".log");
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("read_timeout_ms: 10000", "read_timeout_ms: 300")
      .replace("error_dialect: negotiated", "error_dialect: atlas")
      .replace("error_dialect: f5xc", "error_dialect: katapult");
    gateway = RunningGateway.fromYaml(yaml, Map.of("AUDIT_LOG", audit.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  /** Sends the head and part of a body that never completes; returns the answer, asserting the connection closes. */
  static RawHttp.Answer stall(String method, String target, String auth, String partialBody, int declaredLength) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: gw\r\nAuthorization: " + auth + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n\r\n" + partialBody)
        .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      RawHttp.assertClosed(socket);
      return answer;
    }
  }

  static JsonObject lastAuditRecord(String operation) throws Exception {
    List<String> lines = Files.readAllLines(audit);
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonObject record = new JsonObject(lines.get(i));
      if (operation.equals(record.getString("operation"))) {
        return record;
      }
    }
    throw new AssertionError("no audit record of " + operation + " in " + lines);
  }

  @Test
  void inTheKatapultDialect() throws Exception {
    RawHttp.Answer answer = stall("POST", CASCADE, "APIToken " + DemoTokens.FULL, "{\"email\":\"carol@", 60);
    assertEquals(408, answer.status(), answer.head());
    assertTrue(answer.head().toLowerCase().contains("x-api-schema: json-error"), answer.head());
    assertTrue(answer.head().toLowerCase().contains("x-request-id: "), answer.head());
    assertEquals("request_timeout", answer.json().getJsonObject("error").getString("code"), answer.body());
    JsonObject record = lastAuditRecord("ves.io.schema.user.CustomAPI.CascadeDelete");
    assertEquals("refused", record.getString("outcome"));
    assertEquals(408, record.getInteger("status"));
  }

  @Test
  void inTheAtlasDialect() throws Exception {
    RawHttp.Answer answer = stall("DELETE", ATLAS_V1 + "65a1b2c3d4e5f60718293a4c", "Bearer " + DemoTokens.FULL, "{", 10);
    assertEquals(408, answer.status(), answer.head());
    assertEquals(408, answer.json().getInteger("error"), answer.body());
    assertEquals("REQUEST_TIMEOUT", answer.json().getString("errorCode"), answer.body());
    JsonObject record = lastAuditRecord("deleteOrganizationV1");
    assertEquals("refused", record.getString("outcome"));
    assertEquals(408, record.getInteger("status"));
    assertEquals("65a1b2c3d4e5f60718293a4c", record.getString("target"));
  }

  @Test
  void inAnAtlasEnvelope() throws Exception {
    RawHttp.Answer answer = stall("DELETE", ATLAS_V1 + "65a1b2c3d4e5f60718293a4d?envelope=true", "Bearer " + DemoTokens.FULL, "{", 10);
    assertEquals(200, answer.status(), "an envelope's status line is always 200: " + answer.head());
    assertEquals(408, answer.json().getInteger("status"), answer.body());
    assertEquals("REQUEST_TIMEOUT", answer.json().getJsonObject("content").getString("errorCode"), answer.body());
    JsonObject record = lastAuditRecord("deleteOrganizationV1");
    assertEquals(408, record.getInteger("status"));
    assertEquals("65a1b2c3d4e5f60718293a4d", record.getString("target"));
  }
}
