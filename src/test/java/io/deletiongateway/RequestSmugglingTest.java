package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw-socket framing attacks against the deletion route, with a recording backend behind it: each is refused
 * with 400 and the backend receives nothing. And clients too slow to send their request are cut off.
 */
class RequestSmugglingTest {
  static final String PATH = "/api/web/custom/namespaces/system/users/cascade_delete";
  static final String BODY = "{\"email\":\"bob@example.com\",\"namespace\":\"system\"}";
  static final String HEAD = "POST " + PATH + " HTTP/1.1\r\nHost: gw\r\nAuthorization: APIToken " + DemoTokens.FULL
    + "\r\nContent-Type: application/json\r\n";
  static RecordingBackend backend;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    backend = new RecordingBackend();
    gateway = RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0, read_timeout_ms: 700, idle_timeout_ms: 1000, max_header_bytes: 4096, max_initial_line_bytes: 1024}
      backends: {recorder: {url: "%s"}}
      apis:
        f5xc: {contract: openapi/f5xc-user.yaml, backend: recorder, auth_scheme: APIToken, operations: {ves.io.schema.user.CustomAPI.CascadeDelete: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, scopes: ["ves-io-admin-role"]}
      organizations: {org_5xk2n8qvd3: {}}
      """.formatted(backend.url(), ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    backend.close();
  }

  @BeforeEach
  void clear() {
    backend.received.clear();
  }

  static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  static Stream<Arguments> framingAttacks() {
    return Stream.of(
      Arguments.of("Content-Length with Transfer-Encoding", HEAD + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(BODY)),
      Arguments.of("Transfer-Encoding with Content-Length", HEAD + "Transfer-Encoding: chunked\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + chunked(BODY)),
      Arguments.of("duplicate Content-Length, same value", HEAD + "Content-Length: " + BODY.length() + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY),
      Arguments.of("duplicate Content-Length, different values", HEAD + "Content-Length: " + BODY.length() + "\r\nContent-Length: 5\r\n\r\n" + BODY),
      Arguments.of("Content-Length list", HEAD + "Content-Length: " + BODY.length() + ", " + BODY.length() + "\r\n\r\n" + BODY),
      Arguments.of("Transfer-Encoding chunked, identity", HEAD + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunked(BODY)),
      Arguments.of("Transfer-Encoding identity", HEAD + "Transfer-Encoding: identity\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY),
      Arguments.of("negative Content-Length", HEAD + "Content-Length: -1\r\n\r\n" + BODY),
      Arguments.of("space before colon", HEAD.replace("Content-Type: ", "Content-Type : ") + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framingAttacks")
  void ambiguousFramingIsRefusedAndNothingIsForwarded(String name, String request) throws Exception {
    RawHttp.Answer answer = RawHttp.exchangeExpectingClose(gateway.port(), request);
    assertEquals(400, answer.status(), name + ": " + answer.head());
    assertEquals("bad_request", answer.json().getString("code"));
    assertTrue(answer.head().toLowerCase().contains("connection: close"), "the connection's framing is no longer trusted");
    assertEquals(0, backend.received.size(), "the backend received nothing");
  }

  @Test
  void malformedChunkingNeverReachesTheBackend() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), HEAD + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n" + BODY + "\r\n0\r\n\r\n");
    // Vert.x closes a connection whose body cannot be de-chunked before any answer can be flushed; either way it is
    // never a success and never forwarded.
    assertTrue(answer.status() == 0 || answer.status() == 400, "closed or 400, got " + answer.head());
    assertEquals(0, backend.received.size());
  }

  @Test
  void theSameRequestWellFramedIsForwardedOnce() throws Exception {
    assertEquals(200, RawHttp.exchange(gateway.port(), HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).status());
    assertEquals(200, RawHttp.exchange(gateway.port(), HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunked(BODY)).status());
    assertEquals(2, backend.received.size(), "the attacks above fail for their framing, not for their content");
  }

  @Test
  void oversizedHeadersAndRequestLinesGetTheDocumentedShape() throws Exception {
    RawHttp.Answer headers = RawHttp.exchange(gateway.port(), HEAD + "X-Big: " + "a".repeat(5000) + "\r\n\r\n");
    assertEquals(431, headers.status());
    assertEquals("request_header_fields_too_large", headers.json().getString("code"));
    RawHttp.Answer line = RawHttp.exchange(gateway.port(), "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    assertEquals(414, line.status());
    assertEquals("uri_too_long", line.json().getString("code"));
  }

  @Test
  void duplicateSecurityRelevantHeadersAreRefused() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), HEAD + "Content-Type: text/plain\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY);
    assertEquals(400, answer.status());
    assertEquals("duplicate_header", answer.json().getString("code"));
    assertEquals("content-type", answer.json().getJsonObject("detail").getString("header"));
    assertEquals(0, backend.received.size());
  }

  @Test
  void aSilentConnectionIsClosedAtTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5_000);
      long started = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
      long waited = (System.nanoTime() - started) / 1_000_000;
      assertTrue(waited >= 800 && waited < 4_000, "closed at the idle timeout, waited " + waited + " ms");
    }
  }

  @Test
  void aClientTricklingItsBodyGetsRequestTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write((HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertEquals(408, answer.status());
      assertEquals("request_timeout", answer.json().getString("code"));
      RawHttp.assertClosed(socket);
    }
    assertEquals(0, backend.received.size());
  }
}
