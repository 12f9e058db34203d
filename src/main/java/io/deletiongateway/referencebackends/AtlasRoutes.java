package io.deletiongateway.referencebackends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Atlas delete organization on v1.0 and v2: 204, 409 ORG_NOT_EMPTY while projects remain, 404 once gone. */
final class AtlasRoutes {
  private final ReferenceState state;

  AtlasRoutes(ReferenceState state) {
    this.state = state;
  }

  void mount(Router router) {
    router.delete("/api/atlas/v1.0/orgs/:orgId").handler(this::delete);
    router.delete("/api/atlas/v2/orgs/:orgId").handler(this::delete);
  }

  private void delete(RoutingContext ctx) {
    String orgId = ctx.pathParam("orgId");
    AtlasOrganization org = state.atlas.get(orgId);
    if (org == null) {
      apiError(ctx, 404, "Not Found", "ORG_NOT_FOUND", "Organization " + orgId + " not found.", orgId);
    } else if (!org.projectIds().isEmpty()) {
      apiError(ctx, 409, "Conflict", "ORG_NOT_EMPTY",
        "Organization cannot be deleted because it still contains active groups.", orgId);
    } else if (state.atlas.remove(orgId, org)) {
      ctx.response().setStatusCode(204).end();
    } else {
      apiError(ctx, 404, "Not Found", "ORG_NOT_FOUND", "Organization " + orgId + " not found.", orgId);
    }
  }

  private static void apiError(RoutingContext ctx, int status, String reason, String code, String detail, String param) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", status).put("errorCode", code).put("detail", detail)
      .put("reason", reason).put("parameters", new JsonArray().add(param)));
  }
}
