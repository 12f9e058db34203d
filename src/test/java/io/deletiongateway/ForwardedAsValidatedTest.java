package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the backend receives is exactly what was validated and authorized. Raw requests through the shipped
 * config, every backend a recorder: the client's answer, and the exact bytes the backend got (or that it got none).
 */
class ForwardedAsValidatedTest {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";
  static final String VALID_USER = "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}";
  static RecordingBackend backend;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    backend = new RecordingBackend();
    gateway = RunningGateway.shipped(backend.asEveryBackend("READS_PER_MINUTE", "100000", "DELETIONS_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    backend.close();
  }

  @BeforeEach
  void forget() {
    backend.received.clear();
  }

  /** One raw HTTP/1.1 exchange: the request line's target, extra header lines, and a body (or null). */
  static RawHttp.Answer send(String method, String target, String auth, List<String> headers, byte[] body) throws Exception {
    return send(gateway.port(), method, target, auth, headers, body);
  }

  static RawHttp.Answer send(int port, String method, String target, String auth, List<String> headers, byte[] body) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n");
    if (auth != null) {
      head.append("Authorization: ").append(auth).append("\r\n");
    }
    headers.forEach(h -> head.append(h).append("\r\n"));
    if (body != null && headers.stream().noneMatch(h -> h.toLowerCase().startsWith("transfer-encoding"))) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.write(body);
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.toByteArray());
      socket.getOutputStream().flush();
      return RawHttp.read(socket.getInputStream());
    }
  }

  static RawHttp.Answer cascade(String contentType, byte[] body) throws Exception {
    return send("POST", CASCADE, "APIToken " + DemoTokens.FULL, List.of("Content-Type: " + contentType), body);
  }

  static void assertRefused(RawHttp.Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.head() + "\n" + answer.body());
    assertEquals(code, answer.json().getString("code"), answer.body());
    assertEquals(List.of(), backend.received, "the backend received nothing");
  }

  @Test
  void parametersPastTheBoundAreRefusedNotForwardedUnchecked() throws Exception {
    StringBuilder query = new StringBuilder("organization%5Bsub_domain%5D=acme");
    for (int i = 1; i <= 1023; i++) {
      query.append("&p").append(i).append("=1");
    }
    query.append("&organization%5Bsub_domain%5D=suspendedco");
    RawHttp.Answer answer = send("GET", STEPS + "?" + query, "Bearer " + DemoTokens.FULL, List.of(), null);
    assertRefused(answer, 400, "invalid_argument");
    assertEquals("too_many_parameters", answer.json().getJsonObject("detail").getString("rule"));
  }

  @Test
  void theQueryForwardedIsRebuiltFromTheParametersValidated() throws Exception {
    assertEquals(200, send("GET", STEPS + "?organization%5bsub_domain%5d=acme&note=a+b%21", "Bearer " + DemoTokens.FULL, List.of(), null).status());
    assertEquals(STEPS + "?organization%5Bsub_domain%5D=acme&note=a%20b%21", backend.last().uri(), "one canonical encoding");
  }

  @Test
  void aQueryReadTwoWaysOrMisencodedIsRefused() throws Exception {
    for (String query : List.of("organization%5Bsub_domain%5D=acme;organization%5Bsub_domain%5D=suspendedco",
      "organization%5Bsub_domain%5D=ac%zzme", "organization%5Bsub_domain%5D=acme&x=%c0%ae", "organization%5Bsub_domain%5D=acme&_method=DELETE")) {
      RawHttp.Answer answer = send("GET", STEPS + "?" + query, "Bearer " + DemoTokens.FULL, List.of(), null);
      assertTrue(answer.status() == 400 || answer.status() == 404, query + " -> " + answer.status() + " " + answer.body());
      assertEquals(List.of(), backend.received, query + " reached the backend");
    }
    assertRefused(send("GET", STEPS + "?organization%5Bsub_domain%5D=ac%zzme", "Bearer " + DemoTokens.FULL, List.of(), null),
      400, "invalid_argument");
    for (String override : List.of("_method", "X-HTTP-Method-Override", "x_Http_METHOD")) {  // any case, - or _
      RawHttp.Answer answer = send("GET", STEPS + "?organization%5Bsub_domain%5D=acme&" + override + "=DELETE", "Bearer " + DemoTokens.FULL, List.of(), null);
      assertRefused(answer, 400, "invalid_argument");
      assertEquals("method_override", answer.json().getJsonObject("detail").getString("rule"), override);
    }
    assertEquals(List.of(), backend.received);
  }

  @Test
  void aParameterIsValidatedAsTheBackendReadsIt() throws Exception {
    String org = ATLAS_V1 + "65a1b2c3d4e5f60718293a4b";
    // Decoded once, as the backend decodes what is forwarded: "%2574rue" is the text "%74rue", not the boolean true.
    assertRefused(send("DELETE", org + "?pretty=%2574rue", "Bearer " + DemoTokens.FULL, List.of(), null), 400, "invalid_argument");
    assertRefused(send("DELETE", org + "?envelope=%2574rue", "Bearer " + DemoTokens.FULL, List.of(), null), 400, "invalid_argument");
    // A string is its text: quotes around it are two more of its characters, never JSON to unwrap (1025 > maxLength 1024).
    String quoted = "/api/web/custom/namespaces/%22" + "a".repeat(1023) + "%22/users/cascade_delete";
    assertRefused(send("POST", quoted, "APIToken " + DemoTokens.FULL, List.of("Content-Type: application/json"),
      VALID_USER.getBytes(StandardCharsets.UTF_8)), 400, "invalid_argument");
    // ... and text that reads as a JSON number is still a string.
    assertEquals(200, send("POST", "/api/web/custom/namespaces/1.5/users/cascade_delete", "APIToken " + DemoTokens.FULL,
      List.of("Content-Type: application/json"), VALID_USER.getBytes(StandardCharsets.UTF_8)).status());
    assertEquals("/api/web/custom/namespaces/1.5/users/cascade_delete", backend.last().uri());
  }

  @Test
  void arrayHeaderAndCookieParametersAreValidatedAsForwarded(@TempDir Path dir) throws Exception {
    // The Atlas contract with three more parameters of the kinds the shipped contracts do not use.
    Path contract = dir.resolve("atlas.yaml");
    Files.writeString(contract, Files.readString(Path.of("openapi/atlas-admin.yaml")).replace(
      "        - $ref: \"#/components/parameters/orgId\"\n      responses:",
      "        - $ref: \"#/components/parameters/orgId\"\n"
        + "        - {name: tag, in: query, schema: {type: array, items: {type: string, maxLength: 4}}}\n"
        + "        - {name: X-Reason, in: header, schema: {type: string, maxLength: 8}}\n"
        + "        - {name: hint, in: cookie, schema: {type: string, maxLength: 4}}\n      responses:"));
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG).replace("openapi/atlas-admin.yaml", contract.toString());
    String org = ATLAS_V1 + "65a1b2c3d4e5f60718293a4b";
    try (RunningGateway extended = RunningGateway.fromYaml(yaml, backend.asEveryBackend("DELETIONS_PER_MINUTE", "100000"))) {
      int port = extended.port();
      String auth = "Bearer " + DemoTokens.FULL;
      // One item per pair, each its own text: "a&tag=b" is one item of 7 characters, "\"abcd\"" one of 6.
      assertRefused(send(port, "DELETE", org + "?tag=a%26tag%3Db", auth, List.of(), null), 400, "invalid_argument");
      assertRefused(send(port, "DELETE", org + "?tag=ab&tag=%22abcd%22", auth, List.of(), null), 400, "invalid_argument");
      // A header as sent: twelve characters, however they would percent-decode; and only once.
      assertRefused(send(port, "DELETE", org, auth, List.of("X-Reason: %41%41%41%41"), null), 400, "invalid_argument");
      assertSingleValue(send(port, "DELETE", org, auth, List.of("X-Reason: a", "X-Reason: abcdefghij"), null), "header", "X-Reason");
      // A cookie as its pair reads: Vert.x's reading unwraps "abcd" (6 characters forwarded) and drops "ab cd" as absent.
      assertRefused(send(port, "DELETE", org, auth, List.of("Cookie: hint=\"abcd\""), null), 400, "invalid_argument");
      assertRefused(send(port, "DELETE", org, auth, List.of("Cookie: hint=ab cdefgh"), null), 400, "invalid_argument");
      assertRefused(send(port, "DELETE", org, auth, List.of("Cookie: hint=abcde"), null), 400, "invalid_argument");
      assertSingleValue(send(port, "DELETE", org, auth, List.of("Cookie: hint=ab", "Cookie: hint=abcdefgh"), null), "cookie", "hint");
      assertSingleValue(send(port, "DELETE", org, auth, List.of("Cookie: hint=ab; hint=abcdefgh"), null), "cookie", "hint");
      // What passes is forwarded as it was validated; an undeclared cookie is not the contract's to judge.
      RawHttp.Answer passed = send(port, "DELETE", org + "?tag=1.5&tag=ab", auth,
        List.of("X-Reason: %41", "Cookie: other=\"x y\"; hint=ab"), null);
      assertEquals(204, passed.status(), passed.body());
      assertEquals(org + "?tag=1.5&tag=ab", backend.last().uri());
      assertEquals("%41", backend.last().headers().get("X-Reason"));
      assertEquals("other=\"x y\"; hint=ab", backend.last().headers().get("Cookie"));
    }
  }

  private static void assertSingleValue(RawHttp.Answer answer, String in, String name) {
    assertRefused(answer, 400, "invalid_argument");
    JsonObject detail = answer.json().getJsonObject("detail");
    assertEquals(new JsonObject().put("in", in).put("name", name).put("rule", "single_value"), detail, answer.body());
  }

  @Test
  void duplicateJsonKeysAreRefusedNamingTheKey() throws Exception {
    RawHttp.Answer answer = cascade("application/json",
      "{\"email\":\"victim@example.com\",\"namespace\":\"system\",\"email\":\"alice@example.com\"}".getBytes(StandardCharsets.UTF_8));
    assertRefused(answer, 400, "invalid_argument");
    JsonObject detail = answer.json().getJsonObject("detail");
    assertEquals("duplicate_key", detail.getString("rule"));
    assertEquals("email", detail.getString("name"));
  }

  @Test
  void theBytesForwardedAreTheBytesValidated() throws Exception {
    byte[] body = VALID_USER.getBytes(StandardCharsets.UTF_8);
    assertEquals(200, cascade("APPLICATION/JSON; charset=UTF-8", body).status(), "media types compare case-insensitively");
    assertArrayEquals(body, backend.last().body());
    assertEquals("application/json", backend.last().headers().get("Content-Type"), "forwarded as the contract spells it");
  }

  @Test
  void bodiesWhereTheContractDeclaresNoneAreRefused() throws Exception {
    byte[] smuggled = "DELETE /api/atlas/v1.0/orgs/4888442a3354817a7320eb61 HTTP/1.1\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertRefused(send("GET", ACME, "Bearer " + DemoTokens.FULL, List.of("Content-Type: text/plain"), smuggled), 400, "invalid_argument");
    assertRefused(send("DELETE", ATLAS_V1 + "65a1b2c3d4e5f60718293a4b", "Bearer " + DemoTokens.FULL, List.of("Content-Type: application/json"),
      "{}".getBytes(StandardCharsets.US_ASCII)), 400, "invalid_argument");
  }

  @Test
  void onlyStrictJsonIsValidatedAndForwarded() throws Exception {
    Map<String, byte[]> bodies = Map.of(
      "comment", "{\"email\":\"carol@example.com\",/* x */\"namespace\":\"system\"}".getBytes(StandardCharsets.UTF_8),
      "trailing comma", "{\"email\":\"carol@example.com\",\"namespace\":\"system\",}".getBytes(StandardCharsets.UTF_8),
      "byte-order mark", ("\uFEFF" + VALID_USER).getBytes(StandardCharsets.UTF_8),
      "UTF-16", VALID_USER.getBytes(StandardCharsets.UTF_16LE),
      "lone surrogate", "{\"email\":\"carol@example.com\",\"namespace\":\"system\",\"x\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8),
      "overlong UTF-8", concat("{\"email\":\"al".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xc0, (byte) 0xae},
        "ice@example.com\",\"namespace\":\"system\"}".getBytes(StandardCharsets.US_ASCII)),
      "two values", (VALID_USER + VALID_USER).getBytes(StandardCharsets.UTF_8));
    for (var entry : bodies.entrySet()) {
      RawHttp.Answer answer = cascade("application/json", entry.getValue());
      assertEquals(400, answer.status(), entry.getKey() + ": " + answer.body());
      assertEquals("malformed_request_body", answer.json().getString("code"), entry.getKey());
    }
    assertRefused(cascade("application/json; charset=utf-16", VALID_USER.getBytes(StandardCharsets.UTF_16)), 400, "unsupported_content_type");
    for (String type : List.of("application/jsonx", "application/json-patch+json", "application/json, text/plain", "text/json")) {
      assertRefused(cascade(type, VALID_USER.getBytes(StandardCharsets.UTF_8)), 400, "unsupported_content_type");
    }
    assertEquals(List.of(), backend.received);
  }

  @Test
  void contentAndTransferCodingsTheGatewayCannotReadAreRefused() throws Exception {
    assertRefused(send("POST", CASCADE, "APIToken " + DemoTokens.FULL, List.of("Content-Type: application/json", "Content-Encoding: gzip"),
      VALID_USER.getBytes(StandardCharsets.UTF_8)), 415, "unsupported_content_encoding");
    byte[] chunked = (Integer.toHexString(VALID_USER.length()) + "\r\n" + VALID_USER + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    assertRefused(send("POST", CASCADE, "APIToken " + DemoTokens.FULL, List.of("Content-Type: application/json",
      "Transfer-Encoding: gzip, chunked"), chunked), 501, "not_implemented");
    assertRefused(send("GET", ACME, "Bearer " + DemoTokens.FULL, List.of("Expect: something-else"), null), 417, "expectation_failed");
  }

  @Test
  void pathEscapesMustBeValidUtf8OfAllowedCharacters() throws Exception {
    for (String namespace : List.of("%c0%ae", "%ff%fe", "sys%e2%80", "sys%c2%85tem")) {
      assertRefused(send("POST", "/api/web/custom/namespaces/" + namespace + "/users/cascade_delete", "APIToken " + DemoTokens.FULL,
        List.of("Content-Type: application/json"), VALID_USER.getBytes(StandardCharsets.UTF_8)), 400, "ambiguous_path");
    }
    byte[] rawUtf8 = ("POST /api/web/custom/namespaces/syst\u00e8m/users/cascade_delete HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
      + "Authorization: APIToken " + DemoTokens.FULL + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(rawUtf8);
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertEquals(400, answer.status(), answer.body());
    }
    assertEquals(List.of(), backend.received);
  }

  @Test
  void headersAConnectionHeaderNamesStayOnTheClientsHop() throws Exception {
    // Several names (and the helper's own "Connection: close" beside them): all of them stay on this hop.
    assertEquals(200, send("GET", ACME, "Bearer " + DemoTokens.FULL,
      List.of("Connection: X-Hop-A, x-hop-b", "X-Hop-A: 1", "X-Hop-B: 2", "X-Passes: 3"), null).status());
    var got = backend.last().headers();
    assertNull(got.get("X-Hop-A"));
    assertNull(got.get("X-Hop-B"));
    assertNull(got.get("Connection"));
    assertEquals("3", got.get("X-Passes"), "a header no Connection names crosses");
    // One Connection header naming one header, on a keep-alive connection.
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + ACME + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + DemoTokens.FULL
        + "\r\nConnection: X-Hop-C\r\nX-Hop-C: 1\r\nX-Passes: 4\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(200, RawHttp.read(socket.getInputStream()).status());
    }
    assertNull(backend.last().headers().get("X-Hop-C"));
    assertEquals("4", backend.last().headers().get("X-Passes"));
  }

  @Test
  void forwardingRewriteAndOverrideHeadersNeverReachTheBackendInAnySpelling() throws Exception {
    List<String> hostile = List.of("X_Forwarded_For: 198.51.100.1", "X_Real_IP: 198.51.100.2", "X_Request_Id: forged",
      "X_HTTP_Method_Override: DELETE", "X-Original-URL: /api/atlas/v1.0/orgs/4888442a3354817a7320eb61",
      "X-Rewrite-URL: /admin", "X_Forwarded_Proto: https", "X-Forwarded-Prefix: /admin", "Request-Id: forged");
    assertEquals(200, send("GET", ACME, "Bearer " + DemoTokens.FULL, hostile, null).status());
    var got = backend.last().headers();
    for (String header : hostile) {
      String name = header.substring(0, header.indexOf(':'));
      if (!name.equalsIgnoreCase("X_Forwarded_For") && !name.equalsIgnoreCase("X_Forwarded_Proto")) {
        assertNull(got.get(name), name + " reached the backend");
      }
    }
    assertNull(got.get("X_Forwarded_For"));
    assertNull(got.get("X_Forwarded_Proto"));
    assertEquals("127.0.0.1", got.get("X-Forwarded-For"));
    assertEquals("http", got.get("X-Forwarded-Proto"), "the listener's scheme");
    assertEquals("gw", got.get("X-Forwarded-Host"), "the Host asked for");
    assertTrue(!got.get("X-Request-Id").equals("forged"));
    assertTrue(got.names().stream().noneMatch(n -> got.get(n).contains("198.51.100") || got.get(n).contains("/admin")), got.toString());
  }

  @Test
  void anUnreadBodyAfterAnEarlyRefusalIsNeitherReadNorWaitedFor() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /nowhere HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[65536]);
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertEquals(404, answer.status(), answer.body());
      RawHttp.assertClosed(socket);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
