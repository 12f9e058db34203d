package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.ShippedGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.ATLAS_V2;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every validation rule of the three contracts, through the running gateway: a 400 in the documented shape
 * whose detail names the parameter or JSON pointer and the rule broken. Requests that would succeed if
 * forwarded (existing users and empty organizations) prove the backend never saw the invalid ones.
 */
class ContractValidationTest extends ShippedGateway {
  static Http http() {
    return anonymous.as(DemoTokens.FULL);
  }



  record Case(String name, HttpRequest.Builder request, String code, String where, String rule) {
    @Override
    public String toString() {
      return name;
    }
  }

  static HttpRequest.Builder post(String body, String contentType) {
    HttpRequest.Builder b = http().request(CASCADE).POST(body == null
      ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return contentType == null ? b : b.header("Content-Type", contentType);
  }

  static String cascade(String email, String namespace) {
    JsonObject body = new JsonObject();
    if (email != null) {
      body.put("email", email);
    }
    if (namespace != null) {
      body.put("namespace", namespace);
    }
    return body.encode();
  }

  static Stream<Arguments> violations() {
    String longLocal = "a".repeat(1015) + "@example.com";  // 1027 characters: over the 1024 limit, pattern-valid
    return Stream.of(
      new Case("organization lookup missing", http().request(STEPS).GET(), "missing_required_argument", "query", "exactly_one_of"),
      new Case("organization lookup both given", http().request(STEPS + "?organization%5Bid%5D=org_5xk2n8qvd3&organization%5Bsub_domain%5D=acme").GET(),
        "invalid_argument", "query", "exactly_one_of"),
      new Case("organization id given twice", http().request(STEPS + "?organization%5Bid%5D=org_5xk2n8qvd3&organization%5Bid%5D=org_7hd93kfw1c").GET(),
        "invalid_argument", "query", "exactly_one_of"),
      new Case("organization id empty", http().request(STEPS + "?organization%5Bid%5D=").GET(), "invalid_argument", "organization[id]", "minLength"),
      new Case("orgId not hex (v1.0)", http().request(ATLAS_V1 + "65a1b2c3d4e5f60718293a4Z").DELETE(), "invalid_argument", "orgId", "pattern"),
      new Case("orgId too short (v1.0)", http().request(ATLAS_V1 + "65a1b2c3").DELETE(), "invalid_argument", "orgId", "pattern"),
      new Case("envelope given twice", http().request(ATLAS_V1 + "65a1b2c3d4e5f60718293a4d?envelope=true&envelope=false").DELETE(),
        "invalid_argument", "envelope", "single_value"),
      new Case("envelope not a boolean", http().request(ATLAS_V1 + "65a1b2c3d4e5f60718293a4d?envelope=yes").DELETE(),
        "invalid_argument", "envelope", "type"),
      new Case("email pattern", post(cascade("bob@example", "system"), "application/json"), "invalid_argument", "/email", "pattern"),
      // Over 1024 characters is no e-mail address either: format (the seed's format: email) is the rule named.
      new Case("email too long", post(cascade(longLocal, "system"), "application/json"), "invalid_argument", "/email", "format"),
      new Case("email missing", post(cascade(null, "system"), "application/json"), "missing_required_argument", "/email", "required"),
      new Case("email not a string", post("{\"email\":42,\"namespace\":\"system\"}", "application/json"), "invalid_argument", "/email", "type"),
      new Case("namespace too short", post(cascade("bob@example.com", "sys"), "application/json"), "invalid_argument", "/namespace", "minLength"),
      new Case("namespace too long", post(cascade("bob@example.com", "s".repeat(1025)), "application/json"), "invalid_argument", "/namespace", "maxLength"),
      new Case("body missing", post(null, "application/json"), "missing_required_argument", "body", "required"),
      new Case("body malformed JSON", post("{\"email\": \"bob@example.com\"", "application/json"), "malformed_request_body", "body", "syntax"),
      new Case("body not an object", post("[1,2]", "application/json"), "invalid_argument", "/", "type"),
      new Case("wrong content type", post(cascade("bob@example.com", "system"), "text/plain"), "unsupported_content_type", "body", "content_type"),
      new Case("no content type", post(cascade("bob@example.com", "system"), null), "unsupported_content_type", "body", "content_type")
    ).map(Arguments::of);
  }

  /** An Atlas SDK (it accepts the versioned media type) gets Atlas's own field violation, not the triplet. */
  @Test
  void anAtlasClientGetsItsFieldViolation() {
    HttpResponse<String> response = http().delete(ATLAS_V2 + "65A1B2C3D4E5F60718293A4D", "Accept", "application/vnd.atlas.2023-01-01+json");
    JsonObject body = Http.assertAtlasError(response, 400, "INVALID_PATH_PARAMETER");
    JsonObject field = body.getJsonObject("badRequestDetail").getJsonArray("fields").getJsonObject(0);
    assertEquals("orgId", field.getString("field"), response::body);
    assertEquals("String does not match pattern", field.getString("description"), response::body);
    assertTrue(body.getString("detail").contains("orgId"), "the specifics are in detail: " + response.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void refusedWithTheFieldAndTheRuleNamed(Case c) {
    HttpResponse<String> response = http().send(c.request());
    JsonObject detail = Http.assertError(response, 400, c.code());
    String where = c.where().startsWith("/") ? detail.getString("pointer")
      : detail.containsKey("name") ? detail.getString("name") : detail.getString("in");
    assertEquals(c.where(), where, response::body);
    assertEquals(c.rule(), detail.getString("rule"), response::body);
    assertEquals(false, response.body().contains("\"properties\""), "the schema itself never leaks");
  }

  @Test
  void invalidRequestsNeverReachedTheBackend() {
    // Each of these was refused above with a valid target; had any been forwarded, the target would be gone.
    for (int i = 0; i < 3; i++) {
      http().send(post(cascade("bob@example", "system"), "application/json"));
      http().send(post(cascade("bob@example.com", "sys"), "application/json"));
      http().send(http().request(ATLAS_V1 + "65a1b2c3d4e5f60718293a4d?envelope=yes").DELETE());
    }
    assertEquals(200, http().postJson(CASCADE, cascade("bob@example.com", "system")).statusCode());
    assertEquals(204, http().delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4d").statusCode());
  }
}
