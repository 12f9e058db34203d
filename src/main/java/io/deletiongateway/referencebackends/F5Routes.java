package io.deletiongateway.referencebackends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;

/** F5 XC user cascade_delete: removes the user and every role binding naming it; errors are plain JSON strings. */
final class F5Routes {
  private static final String SYSTEM = "system";
  private final ReferenceState state;

  F5Routes(ReferenceState state) {
    this.state = state;
  }

  void mount(Router router) {
    router.post("/api/web/custom/namespaces/:namespace/users/cascade_delete")
      .handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
      .handler(this::cascadeDelete);
  }

  private void cascadeDelete(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String email = body == null ? null : body.getString("email");
    if (email == null) {
      plain(ctx, 409, "request must carry the email of the user to delete");
      return;
    }
    if (!SYSTEM.equals(ctx.pathParam("namespace"))) {
      plain(ctx, 404, "namespace " + ctx.pathParam("namespace") + " holds no users: users always live in the system namespace");
      return;
    }
    F5User user = state.f5Users.remove(email.toLowerCase(Locale.ROOT));
    if (user == null) {
      plain(ctx, 404, "user " + email + " not found");
      return;
    }
    JsonArray items = new JsonArray()
      .add(item("user", user.email(), user.uid()));
    user.roleBindings().forEach(rb -> items.add(item("namespace_role", rb.namespace() + "/" + rb.name(), rb.uid())));
    ctx.json(new JsonObject().put("delete_ok", true).put("items", items));
  }

  private static JsonObject item(String type, String name, String uid) {
    return new JsonObject().put("object_type", type).put("object_name", name).put("object_uid", uid);
  }

  private static void plain(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    ctx.end(io.vertx.core.json.Json.encode(message));
  }
}
