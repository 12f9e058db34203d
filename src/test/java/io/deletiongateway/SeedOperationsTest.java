package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.ShippedGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three seed operations through the shipped config: each reaches its reference backend and comes back intact. */
class SeedOperationsTest extends ShippedGateway {
  static Http http() {
    return anonymous.as(DemoTokens.FULL);
  }

  static final String STEPS = "/core/v1/organizations/organization/deletion_steps";
  static final String ATLAS_V1 = "/api/atlas/v1.0/orgs/";
  static final String ATLAS_V2 = "/api/atlas/v2/orgs/";
  static final String CASCADE = "/api/web/custom/namespaces/system/users/cascade_delete";



  @Test
  void deletionStepsReflectWhatTheOrganizationStillHas() {
    HttpResponse<String> busy = http().get(STEPS + "?organization%5Bsub_domain%5D=acme");
    assertEquals(200, busy.statusCode(), busy.body());
    JsonObject steps = new JsonObject(busy.body()).getJsonObject("steps");
    assertEquals(15, steps.size());
    assertFalse(steps.getJsonObject("virtual_machines").getBoolean("satisfied"));
    assertTrue(steps.getJsonObject("virtual_machines").getString("description").startsWith("2 "));
    assertTrue(steps.getJsonObject("empty_trash").getBoolean("satisfied"));

    HttpResponse<String> empty = http().get(STEPS + "?organization%5Bid%5D=org_7hd93kfw1c");
    assertEquals(200, empty.statusCode(), empty.body());
    new JsonObject(empty.body()).getJsonObject("steps").forEach(e ->
      assertTrue(((JsonObject) e.getValue()).getBoolean("satisfied"), e.getKey()));
    assertTrue(empty.headers().firstValue("x-request-id").isPresent());
  }

  @Test
  void atlasDeleteIsNoContentThenNotFoundAndRefusesNonEmptyOrganizations() {
    HttpResponse<String> first = http().delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e9f");
    assertEquals(204, first.statusCode(), first.body());
    assertEquals("", first.body());

    // The backend's Atlas ApiError reaches the client in the documented shape, its own fields under detail.
    JsonObject gone = Http.assertError(http().delete(ATLAS_V1 + "5f1e0b6e0d4c7a3b2c1d0e9f"), 404, "org_not_found");
    assertEquals("ORG_NOT_FOUND", gone.getString("errorCode"));

    HttpResponse<String> busy = http().delete(ATLAS_V1 + "4888442a3354817a7320eb61");
    JsonObject conflict = Http.assertError(busy, 409, "org_not_empty");
    assertEquals("ORG_NOT_EMPTY", conflict.getString("errorCode"));
    assertEquals("Organization cannot be deleted because it still contains active groups.",
      new JsonObject(busy.body()).getString("description"));
  }

  @Test
  void atlasV2DeleteNeedsItsVersionedAcceptHeader() {
    String org = ATLAS_V2 + "65a1b2c3d4e5f60718293a4c";
    JsonObject detail = Http.assertError(http().delete(org), 406, "not_acceptable");
    assertEquals("Accept", detail.getString("name"));
    // An Atlas client (it names a versioned media type) reads Atlas's ApiError.
    Http.assertAtlasError(http().delete(org, "Accept", "application/vnd.atlas.1999-01-01+json"), 406, "NOT_ACCEPTABLE");

    HttpResponse<String> deleted = http().delete(org, "Accept", "application/vnd.atlas.2025-03-12+json");
    assertEquals(204, deleted.statusCode(), deleted.body());
  }

  @Test
  void cascadeDeleteRemovesTheUserAndListsEveryBinding() {
    HttpResponse<String> deleted = http().postJson(CASCADE, "{\"email\":\"alice@example.com\",\"namespace\":\"system\"}");
    assertEquals(200, deleted.statusCode(), deleted.body());
    JsonObject body = new JsonObject(deleted.body());
    assertTrue(body.getBoolean("delete_ok"));
    JsonArray items = body.getJsonArray("items");
    assertEquals(4, items.size(), "the user and its three role bindings");
    assertEquals("user", items.getJsonObject(0).getString("object_type"));
    assertEquals("namespace_role", items.getJsonObject(1).getString("object_type"));

    HttpResponse<String> again = http().postJson(CASCADE, "{\"email\":\"alice@example.com\",\"namespace\":\"system\"}");
    assertEquals("user alice@example.com not found", Http.assertError(again, 404, "not_found").getString("message"));
  }
}
