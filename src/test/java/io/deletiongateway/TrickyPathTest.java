package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.RawHttp;
import io.deletiongateway.support.RecordingBackend;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of ambiguous request targets, sent on raw sockets with a credential that may use every route: each
 * is refused (400 ambiguous_path, or 404 when it names no route) and none reaches a backend, so none can be
 * forwarded to an operation other than the one that was authorized.
 */
class TrickyPathTest {
  static final String ORG = "4888442a3354817a7320eb61";
  static RecordingBackend backend;
  static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    backend = new RecordingBackend();
    gateway = RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0}
      backends: {recorder: {url: "%s"}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: recorder, operations: {"get:organization_deletion_steps": {}}}
        atlas: {contract: openapi/atlas-admin.yaml, backend: recorder, operations: {deleteOrganizationV1: {}, deleteOrganization: {}}}
        f5xc: {contract: openapi/f5xc-user.yaml, backend: recorder, operations: {ves.io.schema.user.CustomAPI.CascadeDelete: {}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["%s"],
                      scopes: ["organizations:delete", "ORG_OWNER", "ves-io-admin-role"]}
      organizations: {org_5xk2n8qvd3: {alias: acme}, %s: {}}
      """.formatted(backend.url(), ApiTokenFormat.hash(DemoTokens.FULL), ORG, ORG), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    backend.close();
  }

  static Stream<Arguments> corpus() {
    String v1 = "/api/atlas/v1.0/orgs/";
    return Stream.of(
      Arguments.of("DELETE", v1 + "%34888442a3354817a7320eb61", 400),                         // encoded digit
      Arguments.of("DELETE", v1 + ORG + "%2F..%2F..%2Fv2%2Forgs%2F" + ORG, 400),             // encoded slashes
      Arguments.of("DELETE", v1 + ORG + "%2f", 400),
      Arguments.of("DELETE", v1 + ORG + "%5C", 400),                                        // encoded backslash
      Arguments.of("DELETE", "/api/atlas\\v1.0/orgs/" + ORG, 400),                          // raw backslash
      Arguments.of("DELETE", "/api/atlas/v1.0/./orgs/" + ORG, 400),                         // dot segment
      Arguments.of("DELETE", "/api/atlas/v2/../v1.0/orgs/" + ORG, 400),                     // dot-dot segment
      Arguments.of("DELETE", "/api/atlas/v1.0/orgs/" + ORG + "/..", 400),
      Arguments.of("DELETE", "/api/atlas/v1.0/orgs/%2e%2e/orgs/" + ORG, 400),               // encoded dots
      Arguments.of("DELETE", "/api/atlas/v1.0/orgs/%2E/" + ORG, 400),
      Arguments.of("DELETE", "/api/atlas//v1.0/orgs/" + ORG, 400),                          // empty segment
      Arguments.of("DELETE", v1 + ORG + "/", 400),                                          // trailing slash
      Arguments.of("DELETE", v1 + ORG + ";jsessionid=1", 400),                              // path parameter
      Arguments.of("DELETE", "/api/atlas/v1.0;x=y/orgs/" + ORG, 400),
      Arguments.of("DELETE", v1 + ORG + "%00", 400),                                        // NUL
      Arguments.of("DELETE", v1 + ORG + "%0d%0aX-Injected:%20yes", 400),                    // CRLF
      Arguments.of("DELETE", v1 + "%252F" + ORG, 400),                                      // double encoding
      Arguments.of("DELETE", v1 + ORG + "%", 400),                                          // malformed encoding
      Arguments.of("DELETE", v1 + ORG + "%zz", 400),
      Arguments.of("DELETE", "/API/ATLAS/V1.0/ORGS/" + ORG, 404),                           // case differs
      Arguments.of("DELETE", "/api/atlas/v1.0/orgs", 404),
      Arguments.of("DELETE", "/api/atlas/v1.0/orgs/" + ORG + "/projects", 404),
      Arguments.of("GET", "/core/v1/organizations/organization/deletion_steps/..%2F..%2F..%2Fapi%2Fatlas?organization%5Bid%5D=org_5xk2n8qvd3", 400),
      Arguments.of("GET", "/core/v1/organizations/organization/%64eletion_steps?organization%5Bid%5D=org_5xk2n8qvd3", 400),
      Arguments.of("POST", "/api/web/custom/namespaces/system%2Fusers%2Fx/users/cascade_delete", 400),
      Arguments.of("POST", "/api/web/custom/namespaces/../namespaces/system/users/cascade_delete", 400));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("corpus")
  void refusedAndNeverForwarded(String method, String target, int status) throws Exception {
    int before = backend.received.size();
    String body = "{\"email\":\"bob@example.com\",\"namespace\":\"system\"}";
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), method + " " + target + " HTTP/1.1\r\nHost: gw\r\n"
      + "Authorization: " + (target.startsWith("/api/web") ? "APIToken " : "Bearer ") + DemoTokens.FULL + "\r\n"
      + "Accept: application/vnd.atlas.2023-01-01+json\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
      + "\r\n\r\n" + body);
    assertEquals(status, answer.status(), answer.head() + "\n" + answer.body());
    assertEquals(status == 400 ? "ambiguous_path" : "route_not_found", answer.json().getString("code"));
    assertEquals(before, backend.received.size(), "nothing forwarded");
  }

  @Test
  void theCanonicalFormsAreForwardedVerbatim() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), "DELETE /api/atlas/v1.0/orgs/" + ORG + "?envelope=false&pretty=true HTTP/1.1\r\n"
      + "Host: gw\r\nAuthorization: Bearer " + DemoTokens.FULL + "\r\n\r\n");
    assertEquals(204, answer.status(), answer.body());
    assertEquals("/api/atlas/v1.0/orgs/" + ORG + "?envelope=false&pretty=true", backend.last().uri());
    assertEquals("DELETE", backend.last().method());
    assertTrue(backend.received.size() >= 1);
  }
}
