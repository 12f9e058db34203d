package io.deletiongateway.support.clients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Ports of the F5 Distributed Cloud client's answer handling. */
public final class F5Clients {
  private F5Clients() {
  }

  /**
   * volterraedge/terraform-provider-volterra @acaccd25, pbgo/extschema/schema/user/public_customapi.vesapi.go lines
   * 522-535 ({@code doRPCCascadeDelete}): a non-2xx is never parsed, only formatted into the error string, and the
   * provider recognises a 404 by searching that string for "status code 404"; a 2xx must decode as
   * CascadeDeleteResponse {delete_ok bool, items [{error_message, object_name, object_type, object_uid}]}.
   */
  public static Surfaced volterra(Answer answer, String uri) {
    if (answer.status() < 200 || answer.status() > 299) {
      String error = "Unsuccessful custom API POST on " + uri + ", status code " + answer.status() + ", body " + answer.body()
        + ", err <nil>";
      return new Surfaced(error.contains("status code 404") ? "not_found" : null, answer.status(), error);
    }
    try {
      JsonObject body = new JsonObject(answer.body());
      if (body.containsKey("delete_ok") && !(body.getValue("delete_ok") instanceof Boolean)) {
        throw new IllegalArgumentException("delete_ok");
      }
      if (body.containsKey("items") && !(body.getValue("items") instanceof JsonArray)) {
        throw new IllegalArgumentException("items");
      }
      return new Surfaced(null, answer.status(), "delete_ok=" + body.getBoolean("delete_ok", false));
    } catch (RuntimeException e) {
      return Surfaced.nothing("JSON Response " + answer.body() + " is not of type *ves.io.schema.user.CascadeDeleteResponse");
    }
  }
}
