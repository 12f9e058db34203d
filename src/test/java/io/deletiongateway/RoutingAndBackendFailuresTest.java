package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.Ports;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Answers the gateway produces itself: unknown path, wrong method, backend down, backend too slow, backend broken. */
class RoutingAndBackendFailuresTest {
  static Vertx backendVertx;
  static HttpServer stalled;
  static HttpServer broken;
  static final AtomicInteger stalledRequests = new AtomicInteger();
  static RunningGateway gateway;
  static Ports.Refusing closed;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    backendVertx = Vertx.vertx();
    // Accepts the request and never answers.
    stalled = backendVertx.createHttpServer().requestHandler(req -> stalledRequests.incrementAndGet())
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    // Sends a status line promising a body, then closes the connection.
    broken = backendVertx.createHttpServer().requestHandler(req -> {
      req.response().putHeader("Content-Length", "100").setStatusCode(200).write("{\"partial\":");
      req.connection().close();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    closed = Ports.refusing();  // the backend "down" for the whole class: a freed port could be taken again
    int closedPort = closed.port();
    gateway = RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends:
        reference: {url: embedded}
        down: {url: "http://127.0.0.1:%d", connect_timeout_ms: 500}
        slow: {url: "http://127.0.0.1:%d", response_timeout_ms: 300}
        broken: {url: "http://127.0.0.1:%d"}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: down, operations: {"get:organization_deletion_steps": {}}}
        atlas:
          contract: openapi/atlas-admin.yaml
          backend: slow
          operations: {deleteOrganizationV1: {}, deleteOrganization: {backend: reference}}
        f5xc: {contract: openapi/f5xc-user.yaml, backend: broken, auth_scheme: APIToken, operations: {ves.io.schema.user.CustomAPI.CascadeDelete: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["4888442a3354817a7320eb61", "65a1b2c3d4e5f60718293a4e"],
                      scopes: ["organizations:delete", "ORG_OWNER", "ves-io-admin-role"]}
      organizations: {org_5xk2n8qvd3: {}, 4888442a3354817a7320eb61: {}, 65a1b2c3d4e5f60718293a4e: {}}
      """.formatted(closedPort, stalled.actualPort(), broken.actualPort(), ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
    http = gateway.http.as(DemoTokens.FULL);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    backendVertx.close().await(10, TimeUnit.SECONDS);
    closed.close();
  }

  @Test
  void unknownPathIsRouteNotFound() {
    for (String path : new String[] {"/", "/core/v1/organizations", "/api/atlas/v1.0/orgs", "/api/atlas/v3/orgs/4888442a3354817a7320eb61"}) {
      JsonObject detail = Http.assertError(http.get(path), 404, "route_not_found");
      assertEquals(path, detail.getString("path"));
    }
  }

  @Test
  void knownPathWithWrongMethodIsMethodNotAllowedWithAllow() {
    HttpResponse<String> put = http.send(http.request(ATLAS_V1 + "4888442a3354817a7320eb61")
      .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    Http.assertError(put, 405, "method_not_allowed");
    assertEquals("DELETE", put.headers().firstValue("allow").orElseThrow());

    HttpResponse<String> get = http.get(CASCADE);
    JsonObject detail = Http.assertError(get, 405, "method_not_allowed");
    assertEquals("POST", get.headers().firstValue("allow").orElseThrow());
    assertEquals("GET", detail.getString("method"));

    HttpResponse<String> post = http.postJson(STEPS + "?organization%5Bid%5D=org_x", "{}");
    assertEquals("GET", Http.assertError(post, 405, "method_not_allowed").getJsonArray("allowed_methods").getString(0));
  }

  @Test
  void unreachableBackendIsServiceUnavailable() {
    long started = System.nanoTime();
    var answer = http.get(STEPS + "?organization%5Bid%5D=org_5xk2n8qvd3");
    Http.assertError(answer, 503, "service_unavailable");
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "answered within the connect timeout, not hung");
    assertTrue(answer.headers().firstValue("retry-after").isPresent(), "retrying clients are told when: " + answer.headers());
  }

  @Test
  void stalledBackendIsGatewayTimeoutAndTheDeletionIsSentOnce() {
    int before = stalledRequests.get();
    HttpResponse<String> response = http.delete(ATLAS_V1 + "4888442a3354817a7320eb61");
    Http.assertError(response, 504, "gateway_timeout");
    assertEquals(before + 1, stalledRequests.get(), "a DELETE is never retried");
  }

  @Test
  void backendClosingMidAnswerNeverLooksLikeSuccess() {
    try {
      HttpResponse<String> response = http.postJson(CASCADE, "{\"email\":\"bob@example.com\",\"namespace\":\"system\"}");
      throw new AssertionError("a truncated answer must not arrive complete, got " + response.statusCode() + " " + response.body());
    } catch (AssertionError e) {
      assertTrue(e.getMessage().startsWith("request failed"), e.getMessage());
    }
  }

  @Test
  void otherOperationsOfTheSameApiKeepTheirOwnBackend() {
    HttpResponse<String> deleted = http.delete("/api/atlas/v2/orgs/65a1b2c3d4e5f60718293a4e",
      "Accept", "application/vnd.atlas.2023-01-01+json");
    assertEquals(204, deleted.statusCode(), deleted.body());
  }
}
