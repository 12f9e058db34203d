package io.deletiongateway;

import io.deletiongateway.support.DemoTokens;
import io.deletiongateway.support.Http;
import io.deletiongateway.support.ShippedGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.CASCADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small things the APIs' own clients read: which scheme to send, and envelopes only when validly asked for. */
class ClientFidelityTest extends ShippedGateway {
  @Test
  void aMissingCredentialNamesTheApisOwnScheme() {
    JsonObject f5 = new JsonObject(anonymous.postJson(CASCADE, "{\"email\":\"carol@example.com\",\"namespace\":\"system\"}").body());
    assertEquals("missing_api_token", f5.getString("code"));
    assertTrue(f5.getString("description").endsWith("prefixed with APIToken"), f5.encode());
    JsonObject katapult = Http.assertError(anonymous.get(OperationsTest.ACME), 400, "missing_api_token");
    assertTrue(new JsonObject(anonymous.get(OperationsTest.ACME).body()).getString("description").endsWith("prefixed with Bearer"),
      katapult.encode());
  }

  @Test
  void anEnvelopeIsOnlyForTheContractsOwnTrue() {
    HttpResponse<String> upper = anonymous.as(DemoTokens.FULL).delete(ATLAS_V1 + "65a1b2c3d4e5f60718293a4e?envelope=TRUE");
    Http.assertError(upper, 400, "invalid_argument");  // not a boolean to the contract: refused, and not enveloped
    HttpResponse<String> enveloped = anonymous.as(DemoTokens.FULL).delete(ATLAS_V1 + "aaaaaaaaaaaaaaaaaaaaaaaa?envelope=true");
    assertEquals(200, enveloped.statusCode());
    assertEquals(404, new JsonObject(enveloped.body()).getInteger("status"));
  }
}
