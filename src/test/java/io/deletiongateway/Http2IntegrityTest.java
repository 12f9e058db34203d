package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same integrity rules over HTTP/2 (h2c with prior knowledge), with the exact bytes a recording backend gets. */
class Http2IntegrityTest {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";
  static RecordingBackend backend;
  static RunningGateway gateway;
  static Vertx vertx;
  static HttpClient h2;

  record Answer(int status, JsonObject body) {
  }

  @BeforeAll
  static void start() throws Exception {
    backend = new RecordingBackend();
    gateway = RunningGateway.shipped(backend.asEveryBackend());
    vertx = Vertx.vertx();
    h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    gateway.close();
    backend.close();
  }

  @BeforeEach
  void forget() {
    backend.received.clear();
  }

  static Answer send(HttpMethod method, String uri, Map<String, String> headers, String body) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
    headers.forEach(options::putHeader);
    return h2.request(options)
      .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
      .compose(response -> {
        assertEquals(HttpVersion.HTTP_2, response.version());
        return response.body().map(b -> new Answer(response.statusCode(), b.length() == 0 ? null : b.toJsonObject()));
      })
      .await(10, TimeUnit.SECONDS);
  }

  static final Map<String, String> READ = Map.of("authorization", "Bearer " + DemoTokens.FULL);
  static final Map<String, String> USER_DELETE = Map.of("authorization", "APIToken " + DemoTokens.FULL, "content-type", "application/json");

  @Test
  void duplicateKeysBodiesWhereNoneIsDeclaredAndParametersPastTheBoundAreRefused() throws Exception {
    Answer duplicate = send(HttpMethod.POST, CASCADE, USER_DELETE,
      "{\"email\":\"victim@example.com\",\"namespace\":\"system\",\"email\":\"alice@example.com\"}");
    assertEquals(400, duplicate.status());
    assertEquals("duplicate_key", duplicate.body().getJsonObject("detail").getString("rule"));
    assertEquals(400, send(HttpMethod.GET, ACME, Map.of("authorization", "Bearer " + DemoTokens.FULL, "content-type", "text/plain"),
      "DELETE /api/atlas/v1.0/orgs/4888442a3354817a7320eb61 HTTP/1.1\r\n\r\n").status());
    assertEquals(400, send(HttpMethod.GET, ACME + "&p=1".repeat(1100), READ, null).status());
    assertEquals(List.of(), backend.received, "nothing reached the backend");
  }

  @Test
  void whatIsForwardedIsWhatWasValidatedWithTheListenersScheme() throws Exception {
    String body = "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}";
    assertEquals(200, send(HttpMethod.POST, CASCADE, Map.of("authorization", "APIToken " + DemoTokens.FULL,
      "content-type", "application/json", "x-forwarded-proto", "https", "x_forwarded_for", "198.51.100.1",
      "true-client-ip", "198.51.100.2", "x-original-url", "/admin"), body).status());
    RecordingBackend.Received got = backend.last();
    assertEquals(body, got.bodyText(), "the bytes validated");
    assertEquals("http", got.headers().get("X-Forwarded-Proto"), "the listener's scheme, not the client's");
    assertEquals("127.0.0.1", got.headers().get("X-Forwarded-For"));
    assertNull(got.headers().get("x_forwarded_for"));
    assertNull(got.headers().get("true-client-ip"));
    assertNull(got.headers().get("x-original-url"));
    assertEquals(200, send(HttpMethod.GET, STEPS + "?organization%5bsub_domain%5d=acme&note=a+b", READ, null).status());
    assertTrue(backend.last().uri().endsWith("?organization%5Bsub_domain%5D=acme&note=a%20b"), backend.last().uri());
  }

  @Test
  void aClientsSchemePseudoHeaderDoesNotMakeCleartextHttps() throws Exception {
    // h2c with :scheme https, as a raw client may send it: the listener is cleartext, and the backend is told so.
    io.netty.handler.codec.http2.Http2Headers head = new io.netty.handler.codec.http2.DefaultHttp2Headers()
      .method("GET").scheme("https").authority("gw").path(ACME).add("authorization", "Bearer " + DemoTokens.FULL);
    io.netty.buffer.ByteBuf block = io.netty.buffer.Unpooled.buffer();
    new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder().encodeHeaders(1, head, block);
    java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
    frames.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    frames.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});  // SETTINGS, empty
    int length = block.readableBytes();
    frames.write(new byte[] {(byte) (length >> 16), (byte) (length >> 8), (byte) length, 1, 5, 0, 0, 0, 1});  // HEADERS, END_STREAM|END_HEADERS, stream 1
    frames.write(io.netty.buffer.ByteBufUtil.getBytes(block));
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket.getOutputStream().write(frames.toByteArray());
      socket.getOutputStream().flush();
      io.deletiongateway.support.Conditions.await("the backend receives the request", () -> !backend.received.isEmpty());
    }
    assertEquals("http", backend.last().headers().get("X-Forwarded-Proto"), "the listener's scheme, not :scheme");
    assertEquals("gw", backend.last().headers().get("X-Forwarded-Host"), "the :authority asked for");
  }
}
