package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.ForeignBackend;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every foreign error form a backend may send reaches the client normalized, in each configured dialect. */
class BackendErrorsTest {
  static final String STEPS = "/core/v1/organizations/organization/deletion_steps?organization%5Bid%5D=org_5xk2n8qvd3";
  static final String ATLAS = "/api/atlas/v1.0/orgs/4888442a3354817a7320eb61";
  static final String CASCADE = "/api/web/custom/namespaces/system/users/cascade_delete";
  static ForeignBackend backend;
  static RunningGateway documented;
  static RunningGateway dialects;

  static RunningGateway gateway(String katapultDialect, String atlasDialect) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends: {foreign: {url: "%s"}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: foreign, error_dialect: %s, operations: {"get:organization_deletion_steps": {}}}
        atlas: {contract: openapi/atlas-admin.yaml, backend: foreign, error_dialect: %s, envelope: true, operations: {deleteOrganizationV1: {}}}
        f5xc: {contract: openapi/f5xc-user.yaml, backend: foreign, auth_scheme: APIToken, operations: {ves.io.schema.user.CustomAPI.CascadeDelete: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["4888442a3354817a7320eb61"],
                      scopes: ["organizations:delete", "ORG_OWNER", "ves-io-admin-role"]}
      organizations: {org_5xk2n8qvd3: {}, 4888442a3354817a7320eb61: {}}
      """.formatted(backend.url(), katapultDialect, atlasDialect, ApiTokenFormat.hash(DemoTokens.FULL)), Map.of());
  }

  @BeforeAll
  static void start() throws Exception {
    backend = new ForeignBackend();
    documented = gateway("documented", "documented");
    dialects = gateway("katapult", "atlas");
  }

  @AfterAll
  static void stop() throws Exception {
    documented.close();
    dialects.close();
    backend.close();
  }

  static HttpResponse<String> send(RunningGateway gw, String form, String target) {
    Http http = gw.http.as(DemoTokens.FULL);
    return switch (target) {
      case "katapult" -> http.send(http.request(STEPS).header("X-Answer", form).GET());
      case "atlas" -> http.send(http.request(ATLAS).header("X-Answer", form).DELETE());
      default -> http.send(http.request(CASCADE).header("X-Answer", form).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"bob@example.com\",\"namespace\":\"system\"}")));
    };
  }

  @ParameterizedTest(name = "{0} via {1}")
  @CsvSource({
    "katapult-bare,    katapult, 404, organization_not_found",
    "katapult-wrapped, katapult, 403, permission_denied",
    "atlas,            atlas,    409, org_not_empty",
    "f5-plain,         f5,       404, not_found",
    "html,             f5,       502, bad_gateway",
    "empty,            atlas,    500, backend_error",
    "stack,            katapult, 500, internal_error"})
  void everyForeignFormBecomesTheDocumentedShape(String form, String target, int status, String code) {
    HttpResponse<String> response = send(documented, form, target);
    JsonObject detail = Http.assertError(response, status, code);
    String body = response.body();
    for (String leak : new String[] {"nginx", "10.0.3.7", "<html", "NullPointerException", "OrgService", "stack", "trace"}) {
      assertFalse(body.contains(leak), "no backend internals: " + leak + " in " + body);
    }
    assertEquals("foreign", response.headers().firstValue("x-backend").orElse(null), "other backend headers still cross");
    switch (form) {
      case "katapult-wrapped" -> assertEquals("owner only", detail.getString("details"));
      case "atlas" -> {
        assertEquals("ORG_NOT_EMPTY", detail.getString("errorCode"));
        assertEquals("Organization cannot be deleted because it still contains active groups.",
          new JsonObject(body).getString("description"));
      }
      case "f5-plain" -> assertEquals("user nobody@example.com not found", detail.getString("message"));
      default -> { }
    }
  }

  @Test
  void theKatapultDialectWrapsErrorsAndSaysSo() {
    HttpResponse<String> backendError = send(dialects, "katapult-bare", "katapult");
    assertEquals(404, backendError.statusCode());
    assertEquals("json-error", backendError.headers().firstValue("x-api-schema").orElseThrow());
    JsonObject error = new JsonObject(backendError.body()).getJsonObject("error");
    assertEquals("organization_not_found", error.getString("code"));
    assertTrue(error.containsKey("description") && error.containsKey("detail"));

    HttpResponse<String> gatewayError = dialects.http.get(STEPS);
    assertEquals(400, gatewayError.statusCode());
    assertEquals("missing_api_token", new JsonObject(gatewayError.body()).getJsonObject("error").getString("code"));
    assertEquals("json-error", gatewayError.headers().firstValue("x-api-schema").orElseThrow());
  }

  @Test
  void theAtlasDialectGivesTheSdksTheirErrorCode() {
    JsonObject backendError = new JsonObject(send(dialects, "atlas", "atlas").body());
    assertEquals(409, backendError.getInteger("error"));
    assertEquals("ORG_NOT_EMPTY", backendError.getString("errorCode"));
    assertEquals("Conflict", backendError.getString("reason"));
    assertEquals("Organization cannot be deleted because it still contains active groups.", backendError.getString("detail"));

    HttpResponse<String> refused = dialects.http.delete(ATLAS);
    assertEquals(401, refused.statusCode(), "Atlas answers a missing credential with 401");
    JsonObject gatewayError = new JsonObject(refused.body());
    assertEquals("UNAUTHORIZED", gatewayError.getString("errorCode"), "what the Atlas CLI turns into its login hint");
    assertEquals(401, gatewayError.getInteger("error"));
    assertEquals("Unauthorized", gatewayError.getString("reason"));
    assertEquals("Bearer", refused.headers().firstValue("www-authenticate").orElseThrow());
    JsonObject invalid = new JsonObject(dialects.http.as(DemoTokens.FULL).delete("/api/atlas/v1.0/orgs/nothex").body());
    assertEquals("INVALID_PATH_PARAMETER", invalid.getString("errorCode"));
    assertEquals("orgId", invalid.getJsonObject("badRequestDetail").getJsonArray("fields").getJsonObject(0).getString("field"));
  }

  @Test
  void atlasEnvelopesWrapSuccessesBackendErrorsAndGatewayErrors() {
    Http http = dialects.http.as(DemoTokens.FULL);
    HttpResponse<String> deleted = http.send(http.request(ATLAS + "?envelope=true").header("X-Answer", "ok").DELETE());
    assertEquals(200, deleted.statusCode(), "an envelope always has a 200 status line");
    JsonObject ok = new JsonObject(deleted.body());
    assertEquals(204, ok.getInteger("status"));
    assertTrue(ok.containsKey("content"));
    assertNull(ok.getValue("content"), "a 204 has no content");

    HttpResponse<String> conflict = http.send(http.request(ATLAS + "?envelope=true").header("X-Answer", "atlas").DELETE());
    assertEquals(200, conflict.statusCode());
    JsonObject wrapped = new JsonObject(conflict.body());
    assertEquals(409, wrapped.getInteger("status"));
    assertEquals("ORG_NOT_EMPTY", wrapped.getJsonObject("content").getString("errorCode"));

    HttpResponse<String> refused = dialects.http.delete(ATLAS + "?envelope=true");
    assertEquals(200, refused.statusCode());
    assertEquals(401, new JsonObject(refused.body()).getInteger("status"));
    assertEquals("UNAUTHORIZED", new JsonObject(refused.body()).getJsonObject("content").getString("errorCode"));

    HttpResponse<String> plain = http.send(http.request(ATLAS + "?envelope=false").header("X-Answer", "ok").DELETE());
    assertEquals(204, plain.statusCode(), "envelope=false changes nothing");
  }

  @Test
  void aSuccessThatIsNotWhatItDeclaresIsNeverRelayed() {
    for (String form : java.util.List.of("malformed-json", "json-then-more", "malformed-json-upper")) {
      HttpResponse<String> answer = send(documented, form, "katapult");
      assertEquals("backend_answer_malformed", Http.assertError(answer, 502, "bad_gateway").getString("rule"), form + ": " + answer.body());
    }
  }

  @Test
  void aBackendsApiSchemaHeaderIsNotRelayedOnABareBody() {
    HttpResponse<String> bare = send(documented, "katapult-wrapped", "katapult");
    Http.assertError(bare, 403, "permission_denied");  // asserts X-Api-Schema is absent on the bare form
    HttpResponse<String> wrapped = send(dialects, "katapult-wrapped", "katapult");
    Http.assertError(wrapped, 403, "permission_denied");  // and present on the wrapped one
  }

  @Test
  void successesStreamThroughUntouched() {
    HttpResponse<String> steps = send(documented, "ok-json", "katapult");
    assertEquals(200, steps.statusCode());
    assertEquals(ForeignBackend.FORMS.get("ok-json").body(), steps.body());
  }

  @Test
  void aSuccessKeepsItsStatusLinesReasonPhrase() throws Exception {
    for (String reason : java.util.List.of("Steps Listed", "OK", "ok")) {
      RawHttp.Answer answer = RawHttp.exchange(documented.port(), "GET " + STEPS + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer "
        + DemoTokens.FULL + "\r\nX-Answer: ok-json\r\nX-Reason: " + reason + "\r\nConnection: close\r\n\r\n");
      assertTrue(answer.head().startsWith("HTTP/1.1 200 " + reason + "\r\n"), reason + ": " + answer.head());
    }
  }
}
