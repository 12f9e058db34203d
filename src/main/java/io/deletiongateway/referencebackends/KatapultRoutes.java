package io.deletiongateway.referencebackends;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Katapult core v1 deletion steps, answering errors as the published spec shows them (bare triplet). */
final class KatapultRoutes {
  static final List<String> STEPS = List.of("managed_organizations", "virtual_machines", "disks",
    "file_storage_volumes", "disk_backup_policies", "isos", "disk_templates", "load_balancers", "dns_zones",
    "empty_trash", "virtual_networks", "ip_addresses", "object_storage", "ensure_zero_balance",
    "ensure_no_outstanding_invoices");

  private final ReferenceState state;

  KatapultRoutes(ReferenceState state) {
    this.state = state;
  }

  void mount(Router router) {
    router.get("/core/v1/organizations/organization/deletion_steps").handler(this::deletionSteps);
  }

  private void deletionSteps(RoutingContext ctx) {
    String id = ctx.request().getParam("organization[id]");
    String subDomain = ctx.request().getParam("organization[sub_domain]");
    if ((id == null) == (subDomain == null)) {
      error(ctx, 400, id == null ? "missing_required_argument" : "invalid_argument",
        "Exactly one organization lookup argument must be given",
        new JsonObject().put("issue", id == null ? "missing_lookup_value" : "ambiguous_lookup_values"));
      return;
    }
    KatapultOrganization org = id != null ? state.katapult.get(id) : state.katapult.values().stream()
      .filter(o -> o.subDomain().equals(subDomain)).findFirst().orElse(null);
    if (org == null) {
      error(ctx, 404, "organization_not_found",
        "No organization was found matching any of the criteria provided in the arguments", new JsonObject());
      return;
    }
    switch (org.status()) {
      case SUSPENDED -> error(ctx, 403, "organization_suspended",
        "An organization was found from the arguments provided but it was suspended", new JsonObject());
      case NOT_ACTIVATED -> error(ctx, 403, "organization_not_activated",
        "An organization was found from the arguments provided but it wasn't activated yet", new JsonObject());
      case ACTIVE -> ctx.json(new JsonObject().put("steps", steps(org)));
    }
  }

  private static JsonObject steps(KatapultOrganization org) {
    JsonObject steps = new JsonObject();
    for (String step : STEPS) {
      int remaining = org.resources().getOrDefault(step, 0);
      String what = step.replace('_', ' ');
      steps.put(step, new JsonObject()
        .put("satisfied", remaining == 0)
        .put("description", remaining == 0 ? "Nothing left: " + what : remaining + " " + what + " must be removed first"));
    }
    return steps;
  }

  private static void error(RoutingContext ctx, int status, String code, String description, JsonObject detail) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("code", code).put("description", description).put("detail", detail));
  }
}
