package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.Ports;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An audit record says what happened: "refused" only when nothing was sent; "unknown" when the deletion left and
 * no complete answer came back (a backend that reads it and resets, one that sends half a status line, a body cut
 * short, one that stalls before its answer or in the middle of its body).
 */
class AuditOutcomeTest {
  /** A raw TCP backend: reads one request head, then does {@code what} ("reset", "half-status", "stall-body", "stall"). */
  static NetServer backend(Vertx vertx, String what, AtomicInteger received) throws Exception {
    return vertx.createNetServer().connectHandler(socket -> {
      Buffer seen = Buffer.buffer();
      socket.handler(chunk -> {
        seen.appendBuffer(chunk);
        if (!seen.toString().contains("\r\n\r\n")) {
          return;
        }
        received.incrementAndGet();
        switch (what) {
          case "reset" -> socket.close();
          case "half-status" -> socket.write("HTTP/1.1 20").onComplete(v -> socket.close());
          // a head and part of its body, then nothing more, the connection left open
          case "stall-body" -> socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":");
          default -> { }  // stall: never answers
        }
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  static RunningGateway gateway(Path audit, int backendPort) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      observability: {access_log: "off", audit_log: "%s"}
      backends: {odd: {url: "http://127.0.0.1:%d", response_timeout_ms: 500, circuit_max_failures: 100}}
      apis:
        atlas: {contract: openapi/atlas-admin.yaml, backend: odd, operations: {deleteOrganizationV1: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["65a1b2c3d4e5f60718293a4b"], scopes: ["ORG_OWNER"]}
      organizations: {org_5xk2n8qvd3: {}, 65a1b2c3d4e5f60718293a4b: {}}
      """.formatted(audit, backendPort, ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
  }

  static JsonObject deleteAndAudit(Path dir, String what, AtomicInteger received) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port;
      if (what.equals("down")) {
        port = Ports.free();
      } else {
        port = backend(vertx, what, received).actualPort();
      }
      Path audit = dir.resolve(what + ".log");
      try (RunningGateway gw = gateway(audit, port)) {
        int status = gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b").statusCode();
        assertTrue(status >= 500 || status == 0, what + ": " + status);
      } catch (AssertionError clientSawABrokenStream) {
        // a reset answer: the client's request fails, which is the point
      }
      List<String> lines = Files.readAllLines(audit);
      assertEquals(1, lines.size(), String.join("\n", lines));
      return new JsonObject(lines.get(0));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The backend read the deletion, then did {@code what}: the record says unknown. */
  static JsonObject unknownAfter(Path dir, String what) throws Exception {
    AtomicInteger received = new AtomicInteger();
    JsonObject record = deleteAndAudit(dir, what, received);
    assertEquals(1, received.get(), what + ": the backend read it");
    assertEquals("unknown", record.getString("outcome"), record.encode());
    return record;
  }

  @Test
  void aDeletionTheBackendReadThenResetIsUnknown(@TempDir Path dir) throws Exception {
    JsonObject record = unknownAfter(dir, "reset");
    assertTrue(record.getBoolean("sent"));
    assertTrue(record.getString("failure").length() > 0);
  }

  @Test
  void halfAStatusLineIsUnknown(@TempDir Path dir) throws Exception {
    assertNull(unknownAfter(dir, "half-status").getValue("backend_status"));
  }

  @Test
  void aStalledBackendIsUnknown(@TempDir Path dir) throws Exception {
    assertEquals(504, unknownAfter(dir, "stall").getInteger("status"));
  }

  /** The response timeout covers the body too, not only the head: a body that stops coming is not waited for. */
  @Test
  void aBackendStalledInTheMiddleOfItsBodyIsUnknown(@TempDir Path dir) throws Exception {
    JsonObject record = unknownAfter(dir, "stall-body");
    assertEquals(200, record.getInteger("backend_status"), record.encode());
    assertEquals(504, record.getInteger("status"), "answered like an answer that never began");
  }

  @Test
  void nothingSentIsRefused(@TempDir Path dir) throws Exception {
    JsonObject record = deleteAndAudit(dir, "down", new AtomicInteger());
    assertEquals("refused", record.getString("outcome"), record.encode());
    assertFalse(record.getBoolean("sent"));
  }

  @Test
  void aBodyCutShortIsUnknownWithTheStatusThatCame() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port = vertx.createNetServer().connectHandler(socket -> socket.handler(chunk -> {
        if (chunk.toString().contains("\r\n\r\n")) {
          socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"partial\":")
            .onComplete(v -> socket.close());
        }
      })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
      Path audit = Files.createTempFile("audit", ".log");
      try (RunningGateway gw = gateway(audit, port)) {
        try {
          HttpResponseStatus.check(gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b").statusCode());
        } catch (AssertionError clientSawABrokenStream) {
          // expected: never a short success
        }
      }
      JsonObject record = new JsonObject(Files.readAllLines(audit).get(0));
      assertEquals("unknown", record.getString("outcome"), record.encode());
      assertEquals(200, record.getInteger("backend_status"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Idle, not total: a body that keeps coming, slower in all than the response timeout (500 ms), arrives whole. */
  @Test
  void aBodyThatKeepsComingIsWaitedFor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String json = "{\"status\":200,\"content\":null}";  // 29 bytes, one every 50 ms: well over a second in all
      int port = vertx.createNetServer().connectHandler(socket -> socket.handler(chunk -> {
        if (chunk.toString().contains("\r\n\r\n")) {
          socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n");
          int[] sent = {0};
          vertx.setPeriodic(50, id -> {
            socket.write(json.substring(sent[0], sent[0] + 1));
            if (++sent[0] == json.length()) {
              vertx.cancelTimer(id);
            }
          });
        }
      })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
      Path audit = Files.createTempFile("audit", ".log");
      try (RunningGateway gw = gateway(audit, port)) {
        var answer = gw.http.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(json, answer.body());
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** A status that did arrive must not be a success. */
  static final class HttpResponseStatus {
    static void check(int status) {
      assertTrue(status != 200, "a body cut short must not arrive as a success");
    }
  }
}
