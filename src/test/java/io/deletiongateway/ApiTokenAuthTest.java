package io.deletiongateway;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.RunningGateway;
import io.deletiongateway.support.ShippedGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal of the API-token path, in the documented order, through the shipped config and demo tokens. */
class ApiTokenAuthTest extends ShippedGateway {
  static final String ACME = STEPS + "?organization%5Bsub_domain%5D=acme";


  @Test
  void noCredentialIsMissingApiToken() {
    Http.assertError(anonymous.get(ACME), 400, "missing_api_token");
    Http.assertError(anonymous.send(anonymous.request(ACME).header("Authorization", "Basic dXNlcjpwYXNz")), 400, "missing_api_token");
    Http.assertError(anonymous.send(anonymous.request(ACME).header("Authorization", "Bearer ")), 400, "missing_api_token");
    Http.assertError(anonymous.send(anonymous.request(ACME).header("Authorization", "Bearer" + DemoTokens.FULL)), 400, "missing_api_token");
    Http.assertError(anonymous.send(anonymous.request(ACME).header("Authorization", "Bearer\t" + DemoTokens.FULL)), 400, "missing_api_token");
    // F5 takes "APIToken <token>": a Bearer credential there is no credential at all.
    Http.assertError(anonymous.send(anonymous.request(CASCADE).header("Authorization", "Bearer " + DemoTokens.FULL)
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))), 400, "missing_api_token");
  }

  @Test
  void twoAuthorizationHeadersAreRefused() {
    JsonObject detail = Http.assertError(anonymous.send(anonymous.request(ACME)
      .header("Authorization", "Bearer " + DemoTokens.FULL).header("Authorization", "Bearer " + DemoTokens.NO_SCOPE)), 400, "duplicate_header");
    assertEquals("Authorization", detail.getString("header"));
  }

  @Test
  void unknownExpiredRevokedOrMalformedTokensAreInvalid() {
    String forged = DemoTokens.FULL.substring(0, 30) + (DemoTokens.FULL.charAt(30) == 'a' ? 'b' : 'a') + DemoTokens.FULL.substring(31);
    String unknown = ApiTokenFormat.generate("nobody");
    for (String token : List.of(DemoTokens.EXPIRED, DemoTokens.REVOKED, forged, unknown, "dgt_short", "not-a-token", "a.b.c", "x".repeat(6500))) {
      JsonObject detail = Http.assertError(anonymous.as(token).get(ACME), 403, "invalid_api_token");
      assertTrue(detail.containsKey("details"));
      assertNull(detail.getValue("details"));
    }
  }

  @Test
  void addressOutsideTheTokensNetworksIsRefusedWithTheAddress() {
    JsonObject detail = Http.assertError(anonymous.as(DemoTokens.OTHER_NETWORK).get(ACME), 403, "unauthorized_network_for_api_token");
    assertEquals("127.0.0.1", detail.getString("ip_address"));
  }

  @Test
  void missingScopeListsTheScopesTheOperationAccepts() {
    JsonObject detail = Http.assertError(anonymous.as(DemoTokens.NO_SCOPE).get(ACME), 403, "scope_not_granted");
    assertEquals(List.of("organizations:delete", "managed_organizations:delete"), detail.getJsonArray("scopes").getList());
    JsonObject atlas = Http.assertError(anonymous.as(DemoTokens.NO_SCOPE).delete(ATLAS_V1 + "4888442a3354817a7320eb61"), 403, "scope_not_granted");
    assertEquals(List.of("ORG_OWNER"), atlas.getJsonArray("scopes").getList());
    JsonObject f5 = Http.assertError(anonymous.as(DemoTokens.NO_SCOPE).postJson(CASCADE, "{\"email\":\"carol@example.com\"}"), 403, "scope_not_granted");
    assertEquals(List.of("ves-io-admin-role"), f5.getJsonArray("scopes").getList());
  }

  @Test
  void scopeIsCheckedBeforeArguments() {
    // The real API checks scope before arguments: an invalid request without the scope is a scope error.
    Http.assertError(anonymous.as(DemoTokens.NO_SCOPE).get(STEPS), 403, "scope_not_granted");
    Http.assertError(anonymous.as(DemoTokens.FULL).get(STEPS), 400, "missing_required_argument");
  }

  @Test
  void organizationsTheTokenDoesNotActForAreNotFoundLikeUnknownOnes() {
    Http full = anonymous.as(DemoTokens.FULL);
    // No existence oracle: a foreign organization (suspendedco exists) answers exactly like one that does not.
    String foreign = Http.assertError(full.get(STEPS + "?organization%5Bsub_domain%5D=suspendedco"), 404, "organization_not_found").encode();
    assertEquals(foreign, Http.assertError(full.get(STEPS + "?organization%5Bsub_domain%5D=nosuchco"), 404, "organization_not_found").encode());
    Http.assertError(full.get(STEPS + "?organization%5Bid%5D=org_s8k2lq0ax4"), 404, "organization_not_found");
    Http.assertError(full.get(STEPS + "?organization%5Bid%5D=org_someoneelse"), 404, "organization_not_found");
    Http.assertError(full.delete(ATLAS_V1 + "aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "organization_not_found");
  }

  @Test
  void organizationDirectoryStatusIsEnforced() {
    Http.assertError(anonymous.as(DemoTokens.SUSPENDED_ORG).get(STEPS + "?organization%5Bsub_domain%5D=suspendedco"), 403, "organization_suspended");
    Http.assertError(anonymous.as(DemoTokens.SUSPENDED_ORG).get(STEPS + "?organization%5Bid%5D=org_s8k2lq0ax4"), 403, "organization_suspended");
    Http.assertError(anonymous.as(DemoTokens.PENDING_ORG).get(STEPS + "?organization%5Bsub_domain%5D=pendingco"), 403, "organization_not_activated");
    Http.assertError(anonymous.as(DemoTokens.FULL).get(STEPS + "?organization%5Bsub_domain%5D=nosuchco"), 404, "organization_not_found");
  }

  @Test
  void managedOrganizationsAreReachable() {
    assertEquals(200, anonymous.as(DemoTokens.FULL).get(STEPS + "?organization%5Bsub_domain%5D=emptyco").statusCode());
    assertEquals(200, anonymous.as(DemoTokens.FULL).get(STEPS + "?organization%5Bid%5D=org_7hd93kfw1c").statusCode());
  }

  @Test
  void schemeNameIsCaseInsensitive() {
    assertEquals(200, anonymous.send(anonymous.request(ACME).header("Authorization", "bearer " + DemoTokens.FULL)).statusCode());
  }

  @Test
  void noPlaintextTokenIsStoredInTheShippedConfig() throws Exception {
    String config = Files.readString(RunningGateway.SHIPPED_CONFIG);
    for (String token : List.of(DemoTokens.FULL, DemoTokens.NO_SCOPE, DemoTokens.OTHER_NETWORK, DemoTokens.SUSPENDED_ORG,
      DemoTokens.PENDING_ORG, DemoTokens.EXPIRED, DemoTokens.REVOKED)) {
      assertFalse(config.contains(token.substring(token.lastIndexOf('_') + 1, token.lastIndexOf('_') + 12)), "secret part stored");
      assertTrue(config.contains(ApiTokenFormat.hash(token)), "hash of " + token.substring(0, 16) + "… stored");
    }
    assertFalse(config.contains("dgt_"), "no token-shaped text at all");
  }
}
