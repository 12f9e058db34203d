package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.clients.Answer;
import io.deletiongateway.support.clients.AtlasClients;
import io.deletiongateway.support.clients.F5Clients;
import io.deletiongateway.support.clients.KatapultClients;
import io.deletiongateway.support.clients.Surfaced;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.ATLAS_V2;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of answer the shipped config gives, routing-level ones included, fed to Java ports of the official
 * clients' decoders (support/clients, each citing the client's source): each client must surface the right code and
 * status. Every answer also passes the contract check of {@link Http#gateway}. Each case prints one line of the
 * answer × client table (CLIENTS| …).
 */
class OfficialClientsTest {
  static final String ATLAS_SDK_ACCEPT = "application/vnd.atlas.2025-03-12+json";
  static RunningGateway gateway;
  static RunningGateway limited;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.shipped(Map.of());
    limited = RunningGateway.shipped(Map.of("READS_PER_MINUTE", "1", "DELETIONS_PER_MINUTE", "1"));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    limited.close();
  }

  static void table(String api, String what, HttpResponse<String> response, Object... surfaced) {
    StringBuilder line = new StringBuilder("CLIENTS| " + api + " | " + what + " | " + response.statusCode());
    for (Object s : surfaced) {
      line.append(" | ").append(s);
    }
    System.out.println(line);
  }

  // ---- Katapult: go-katapult (legacy; katapult-cli and the SDKv2 Terraform resources use it), go-katapult/next,
  //      the v6 Terraform provider.

  record KatapultCase(String what, HttpResponse<String> response, int status, String code) {
  }

  @Test
  void everyKatapultClientGenerationReadsEveryError() throws Exception {
    Http http = gateway.http;
    String acme = STEPS + "?organization%5Bsub_domain%5D=acme";
    List<KatapultCase> cases = new ArrayList<>(List.of(
      new KatapultCase("no credential", http.get(acme), 400, "missing_api_token"),
      new KatapultCase("unknown token", http.as("dgt_nobody_" + "x".repeat(40)).get(acme), 403, "invalid_api_token"),
      new KatapultCase("scope missing", http.as(DemoTokens.NO_SCOPE).get(acme), 403, "scope_not_granted"),
      new KatapultCase("network refused", http.as(DemoTokens.OTHER_NETWORK).get(acme), 403, "unauthorized_network_for_api_token"),
      new KatapultCase("organization suspended", http.as(DemoTokens.SUSPENDED_ORG).get(STEPS + "?organization%5Bsub_domain%5D=suspendedco"),
        403, "organization_suspended"),
      new KatapultCase("organization unknown", http.as(DemoTokens.FULL).get(STEPS + "?organization%5Bid%5D=org_nope"), 404,
        "organization_not_found"),
      new KatapultCase("argument missing", http.as(DemoTokens.FULL).get(STEPS), 400, "missing_required_argument"),
      new KatapultCase("duplicate header", http.as(DemoTokens.FULL).send(http.as(DemoTokens.FULL).request(acme)
        .header("Accept", "application/json").header("Accept", "text/html").GET()), 400, "duplicate_header"),
      new KatapultCase("method not served (405)", http.as(DemoTokens.FULL).send(http.as(DemoTokens.FULL).request(acme)
        .DELETE()), 405, "method_not_allowed"),
      new KatapultCase("unknown path under the API (404)", http.as(DemoTokens.FULL).get("/core/v1/organizations/nothing"), 404,
        "route_not_found"),
      new KatapultCase("ambiguous path", http.as(DemoTokens.FULL).get("/core/v1/organizations/organization/./deletion_steps"),
        400, "ambiguous_path"),
      new KatapultCase("rate limited", limitedTwice(limited.http.as(DemoTokens.FULL), acme), 429, "rate_limit_reached")));
    cases.forEach(c -> table("katapult", c.what(), c.response(), "legacy/cli/tf-sdkv2: " + KatapultClients.legacy(Answer.of(c.response())),
      "next: " + KatapultClients.next(Answer.of(c.response())), "tf-v6: " + KatapultClients.terraformV6(Answer.of(c.response()))));
    for (KatapultCase c : cases) {
      Answer answer = Answer.of(c.response());
      Surfaced legacy = KatapultClients.legacy(answer);
      Surfaced next = KatapultClients.next(answer);
      Surfaced terraform = KatapultClients.terraformV6(answer);
      assertEquals(c.status(), c.response().statusCode(), c.what() + ": " + c.response().body());
      assertEquals(c.code(), legacy.code(), c.what() + ": the legacy client, katapult-cli, Terraform SDKv2");
      assertEquals(c.code(), terraform.code(), c.what() + ": the v6 Terraform provider");
      if (next.message().equals("raw body only")) {
        // oapi-codegen types only what the upstream spec declares for the operation; the body is still there.
        assertTrue(List.of(405, 406, 408, 413, 414, 415, 417, 431, 500, 501, 502, 504, 505).contains(c.status()), c.what());
      } else {
        assertEquals(c.code(), next.code(), c.what() + ": the generated next client");
        assertEquals(c.status(), next.status(), c.what());
      }
      assertEquals("json-error", c.response().headers().firstValue("x-api-schema").orElse(null), c.what());
      assertTrue(c.response().headers().firstValue("x-request-id").isPresent(), c.what());
      if (c.status() == 429) {
        assertTrue(c.response().headers().firstValue("retry-after").isPresent(), c.what());
      }
    }
    Http.assertError(cases.get(0).response(), 400, "missing_api_token");  // the documented triplet is there too
  }

  @Test
  void katapultRefusalsAfterTheBucketIsKnownCarryItsHeaders() {
    HttpResponse<String> noScope = gateway.http.as(DemoTokens.NO_SCOPE).get(STEPS + "?organization%5Bsub_domain%5D=acme");
    assertEquals(403, noScope.statusCode());
    assertEquals("120", noScope.headers().firstValue("x-ratelimit-permitted").orElse(null), noScope.headers().map()::toString);
    assertTrue(noScope.headers().firstValue("x-ratelimit-remaining").isPresent());
  }

  @Test
  void katapultRequestLineAndHeaderLimitsAnswerInItsDialect() throws Exception {
    RawHttp.Answer longUri = RawHttp.exchange(gateway.port(), "GET " + STEPS + "?x=" + "a".repeat(9000)
      + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    RawHttp.Answer bigHeaders = RawHttp.exchange(gateway.port(), "GET " + STEPS + " HTTP/1.1\r\nHost: gw\r\nX-Big: "
      + "b".repeat(20_000) + "\r\n\r\n");
    for (RawHttp.Answer answer : List.of(longUri, bigHeaders)) {
      Answer seen = new Answer(answer.status(), "application/json", answer.body());
      System.out.println("CLIENTS| katapult | " + answer.status() + " limit | " + answer.status() + " | legacy/cli/tf-sdkv2: "
        + KatapultClients.legacy(seen) + " | next: " + KatapultClients.next(seen) + " | tf-v6: " + KatapultClients.terraformV6(seen));
      assertEquals(answer.status() == 414 ? "uri_too_long" : "request_header_fields_too_large", KatapultClients.legacy(seen).code());
      assertTrue(answer.head().toLowerCase().contains("x-request-id: "), answer.head());
      assertTrue(answer.head().toLowerCase().contains("x-api-schema: json-error"), answer.head());
    }
    assertEquals(414, longUri.status());
    assertEquals(431, bigHeaders.status());
  }

  // ---- Atlas: atlas-sdk-go (the Atlas CLI and the Terraform provider use it), the Atlas CLI's hint,
  //      the legacy go-client-mongodb-atlas.

  record AtlasCase(String what, HttpResponse<String> response, int status, String errorCode) {
  }

  @Test
  void theAtlasSdkCliAndLegacyClientReadEveryError() {
    Http sdk = gateway.http;
    String accept = ATLAS_SDK_ACCEPT;
    String v2 = ATLAS_V2;
    List<AtlasCase> cases = List.of(
      new AtlasCase("no credential", sdk.delete(v2 + "65a1b2c3d4e5f60718293a4b", "Accept", accept), 401, "UNAUTHORIZED"),
      new AtlasCase("unknown token", sdk.as("dgt_nobody_" + "x".repeat(40)).delete(v2 + "65a1b2c3d4e5f60718293a4b", "Accept", accept),
        401, "UNAUTHORIZED"),
      new AtlasCase("role missing", sdk.as(DemoTokens.NO_SCOPE).delete(v2 + "65a1b2c3d4e5f60718293a4b", "Accept", accept), 401,
        "NOT_ORG_OWNER"),
      new AtlasCase("network refused", sdk.as(DemoTokens.OTHER_NETWORK).delete(v2 + "65a1b2c3d4e5f60718293a4b", "Accept", accept),
        403, "IP_ADDRESS_NOT_ON_WHITELIST"),
      new AtlasCase("organization unknown", sdk.as(DemoTokens.FULL).delete(v2 + "0123456789abcdef01234567", "Accept", accept), 404,
        "ORG_NOT_FOUND"),
      new AtlasCase("orgId invalid", sdk.as(DemoTokens.FULL).delete(v2 + "NOTHEX", "Accept", accept), 400, "INVALID_PATH_PARAMETER"),
      new AtlasCase("version unknown", sdk.as(DemoTokens.FULL).delete(v2 + "65a1b2c3d4e5f60718293a4b", "Accept",
        "application/vnd.atlas.1999-01-01+json"), 406, "NOT_ACCEPTABLE"),
      new AtlasCase("backend: projects remain", sdk.as(DemoTokens.FULL).delete(v2 + "4888442a3354817a7320eb61", "Accept", accept),
        409, "ORG_NOT_EMPTY"),
      new AtlasCase("method not served (405)", sdk.as(DemoTokens.FULL).send(sdk.as(DemoTokens.FULL).request(v2 + "4888442a3354817a7320eb61")
        .header("Accept", accept).GET()), 405, "METHOD_NOT_ALLOWED"),
      new AtlasCase("unknown path under the API (404)", sdk.as(DemoTokens.FULL).delete("/api/atlas/v2/nothing", "Accept", accept), 404,
        "RESOURCE_NOT_FOUND"),
      new AtlasCase("rate limited", limitedTwice(limited.http.as(DemoTokens.FULL), v2 + "4888442a3354817a7320eb61", "Accept", accept),
        429, "RATE_LIMITED"));
    cases.forEach(c -> {
      AtlasClients.SdkError model = AtlasClients.sdk(Answer.of(c.response()));
      AtlasClients.LegacyError legacy = AtlasClients.legacy(Answer.of(c.response()));
      table("atlas (SDK Accept)", c.what(), c.response(), "atlas-sdk-go: " + (model.decoded() ? model.errorCode() + " (" + model.error() + ")"
        : model.decodeError()), "atlas cli: " + AtlasClients.cli(Answer.of(c.response())),
        "go-client-mongodb-atlas: " + legacy.errorCode() + " (" + legacy.httpCode() + ")");
    });
    for (AtlasCase c : cases) {
      Answer answer = Answer.of(c.response());
      AtlasClients.SdkError model = AtlasClients.sdk(answer);
      String cli = AtlasClients.cli(answer);
      AtlasClients.LegacyError legacy = AtlasClients.legacy(answer);
      assertEquals(c.status(), c.response().statusCode(), c.what() + ": " + c.response().body());
      assertTrue(model.decoded(), c.what() + ": " + model.decodeError());
      assertEquals(c.errorCode(), model.errorCode(), c.what() + ": IsErrorCode");
      assertEquals(c.status(), model.error(), c.what() + ": GetError()");
      assertNotEquals("", model.detail(), c.what() + ": the specifics");
      assertEquals(c.errorCode(), legacy.errorCode(), c.what() + ": the legacy client");
      assertEquals(c.status() == 401, cli.contains("atlas auth login"), c.what() + ": the CLI's login hint: " + cli);
      assertTrue(c.response().headers().firstValue("x-request-id").isPresent(), c.what());
      assertTrue(c.response().headers().firstValue("x-api-schema").isEmpty(), c.what());
    }
    HttpResponse<String> limitedAnswer = cases.get(cases.size() - 1).response();
    assertEquals("1", limitedAnswer.headers().firstValue("ratelimit-limit").orElse(null), "the header Atlas's contract declares");
    assertEquals("0", limitedAnswer.headers().firstValue("ratelimit-remaining").orElse(null));
    JsonObject invalid = new JsonObject(cases.get(5).response().body());
    assertEquals("orgId", invalid.getJsonObject("badRequestDetail").getJsonArray("fields").getJsonObject(0).getString("field"));
    assertEquals("Organization cannot be deleted because it still contains active groups.",
      AtlasClients.sdk(Answer.of(cases.get(7).response())).detail(), "the backend's own text");
  }

  @Test
  void atlasClientsThatDoNotAskForTheAtlasMediaTypeGetTheDocumentedTriplet() {
    HttpResponse<String> curl = gateway.http.delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b");
    Http.assertError(curl, 400, "missing_api_token");
    table("atlas (no Atlas Accept)", "no credential", curl, "atlas-sdk-go: " + AtlasClients.sdk(Answer.of(curl)).decodeError());
    HttpResponse<String> enveloped = gateway.http.delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4b?envelope=true", "Accept", ATLAS_SDK_ACCEPT);
    assertEquals(200, enveloped.statusCode());
    JsonObject content = new JsonObject(enveloped.body()).getJsonObject("content");
    assertEquals("UNAUTHORIZED", content.getString("errorCode"), enveloped.body());
    assertEquals(401, new JsonObject(enveloped.body()).getInteger("status"));
    HttpResponse<String> removed = gateway.http.as(DemoTokens.FULL).delete(ATLAS_V2 + "65a1b2c3d4e5f60718293a4e", "Accept", ATLAS_SDK_ACCEPT);
    assertEquals(204, removed.statusCode(), removed.body());
  }

  // ---- F5 XC: terraform-provider-volterra.

  @Test
  void theVolterraProviderSeesEveryStatusAndDecodesSuccess() {
    Http http = gateway.http;
    String body = "{\"email\":\"%s\",\"namespace\":\"system\"}";
    record F5Case(String what, HttpResponse<String> response, int status, String code) {
    }
    List<F5Case> cases = List.of(
      new F5Case("no credential", http.postJson(CASCADE, body.formatted("bob@example.com")), 400, "missing_api_token"),
      new F5Case("scope missing", http.as(DemoTokens.NO_SCOPE).postJson(CASCADE, body.formatted("bob@example.com")), 403, "scope_not_granted"),
      new F5Case("invalid email", http.as(DemoTokens.FULL).postJson(CASCADE, body.formatted("not-an-email")), 400, "invalid_argument"),
      new F5Case("backend: user unknown", http.as(DemoTokens.FULL).postJson(CASCADE, body.formatted("nobody@example.com")), 404, "not_found"),
      new F5Case("method not served (405)", http.as(DemoTokens.FULL).get(CASCADE), 405, "method_not_allowed"),
      new F5Case("unknown path under the API (404)", http.as(DemoTokens.FULL).get("/api/web/nothing"), 404, "route_not_found"),
      new F5Case("rate limited", limitedTwicePost(limited.http.as(DemoTokens.FULL), body.formatted("bob@example.com")), 429,
        "rate_limit_reached"));
    cases.forEach(c -> table("f5xc", c.what(), c.response(), "volterra: " + F5Clients.volterra(Answer.of(c.response()), CASCADE)
      .message().replaceAll("^.*(status code \\d+).*$", "$1") + ", body " + c.response().body()));
    for (F5Case c : cases) {
      Surfaced volterra = F5Clients.volterra(Answer.of(c.response()), CASCADE);
      Http.assertError(c.response(), c.status(), c.code());
      assertTrue(volterra.message().contains("status code " + c.status()), volterra.message());
      assertEquals(c.status() == 404, "not_found".equals(volterra.code()), "the provider's 404 test: " + c.what());
      assertEquals(new JsonObject(c.response().body()).getString("description"), new JsonObject(c.response().body()).getString("message"));
    }
    HttpResponse<String> deleted = http.as(DemoTokens.FULL).postJson(CASCADE, body.formatted("alice@example.com"));
    Surfaced ok = F5Clients.volterra(Answer.of(deleted), CASCADE);
    table("f5xc", "deleted", deleted, "volterra: " + ok.message());
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("delete_ok=true", ok.message());
  }

  /** The second of two identical requests, on a gateway that permits one a minute. */
  static HttpResponse<String> limitedTwice(Http http, String path, String... headers) {
    HttpRequest.Builder first = http.request(path);
    if (path.startsWith("/api/atlas/")) {
      http.send(http.request(path).headers(headers).DELETE());
      return http.send(http.request(path).headers(headers).DELETE());
    }
    http.send(first.GET());
    return http.get(path);
  }

  static HttpResponse<String> limitedTwicePost(Http http, String body) {
    http.postJson(CASCADE, body.replace("bob@", "carol@"));
    return http.postJson(CASCADE, body);
  }
}
