package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backend's response timeout under concurrency: every exchange left without an answer is cut with a 504 (not only
 * the first), exchanges answered meanwhile by the same backend are not, a later stalled one is cut too, and no
 * deletion is sent twice.
 */
class ResponseTimeoutTest {
  static final List<String> STALLED = List.of("4888442a3354817a7320eb61", "4888442a3354817a7320eb62", "4888442a3354817a7320eb63");
  static final List<String> ANSWERED = List.of("4888442a3354817a7320eb64", "4888442a3354817a7320eb65");
  /** Stalled too, asked after the first ones timed out (a timed-out deletion keeps its target leased). */
  static final String LATER = "4888442a3354817a7320eb66";

  @Test
  void everyExchangePastTheTimeoutIsCutAndNoOtherIs() throws Exception {
    Vertx vertx = Vertx.vertx();
    Map<String, Integer> received = new ConcurrentHashMap<>();
    // Never answers a deletion of a STALLED organization; answers the others at once.
    HttpServer backend = vertx.createHttpServer().requestHandler(req -> {
      String org = req.path().substring(req.path().lastIndexOf('/') + 1);
      received.merge(org, 1, Integer::sum);
      if (!STALLED.contains(org) && !org.equals(LATER)) {
        req.response().setStatusCode(204).end();
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    List<String> all = new ArrayList<>(STALLED);
    all.addAll(ANSWERED);
    List<String> managed = new ArrayList<>(all);
    managed.add(LATER);
    try (RunningGateway gw = RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends:
        mixed: {url: "http://127.0.0.1:%d", response_timeout_ms: 400, circuit_max_failures: 100}
      apis:
        atlas: {contract: openapi/atlas-admin.yaml, backend: mixed, operations: {deleteOrganizationV1: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: %s, scopes: ["ORG_OWNER"]}
      organizations: {org_5xk2n8qvd3: {}, %s}
      """.formatted(backend.actualPort(), ApiTokenFormat.hash(DemoTokens.FULL), toYamlList(managed),
        String.join(", ", managed.stream().map(org -> org + ": {}").toList())), Map.of())) {
      Http http = gw.http.as(DemoTokens.FULL);
      // All at once: the stalled ones wait together on the event loops while the others are answered.
      List<HttpResponse<String>> answers = http.sendAll(all.stream().map(org -> http.request(ATLAS_V1 + org).DELETE()).toList());
      for (int i = 0; i < all.size(); i++) {
        if (STALLED.contains(all.get(i))) {
          Http.assertError(answers.get(i), 504, "gateway_timeout");
        } else {
          assertEquals(204, answers.get(i).statusCode(), answers.get(i).body());
        }
      }
      // Later, with nothing else waiting on the backend: a stalled exchange is still cut.
      Http.assertError(http.delete(ATLAS_V1 + LATER), 504, "gateway_timeout");
      Map<String, Integer> once = new java.util.HashMap<>();
      managed.forEach(org -> once.put(org, 1));
      assertEquals(once, received, "each deletion sent once, never retried");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  static String toYamlList(List<String> items) {
    return "[" + String.join(", ", items.stream().map(item -> "\"" + item + "\"").toList()) + "]";
  }
}
