package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Pipeline stage of every operation. First the credential's own organization: it must be known and active, for
 * every API (a suspended customer's credentials delete nothing, managed organizations and F5 users included).
 * Then, where the operation names one, the target: it must be one the credential acts for and known, and one
 * answer (404 organization_not_found) covers both a foreign and an unknown organization, by id and by alias, so
 * no credential learns which other organizations exist; then it must be active.
 */
public final class OrganizationStage implements Handler<RoutingContext> {
  private final OrganizationDirectory directory;
  private final boolean hasTarget;

  public OrganizationStage(OrganizationDirectory directory, boolean hasTarget) {
    this.directory = directory;
    this.hasTarget = hasTarget;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = RequestAttributes.principal(ctx);
    Optional<Organization> own = principal.organization() == null ? Optional.empty() : directory.byId(principal.organization());
    if (own.isEmpty()) {
      ctx.fail(GatewayError.of(ErrorCode.PERMISSION_DENIED,
        new JsonObject().put("details", "the credential's own organization is not known")));
      return;
    }
    GatewayError ownRefusal = inactive(own.get(), "the credential's own organization");
    if (ownRefusal != null) {
      ctx.fail(ownRefusal);
      return;
    }
    if (!hasTarget) {
      ctx.next();
      return;
    }
    TargetOrganization target = RequestAttributes.target(ctx);
    if (target.id() == null || !principal.actsFor(target.id()) || target.known().isEmpty()) {
      ctx.fail(GatewayError.of(ErrorCode.ORGANIZATION_NOT_FOUND));
      return;
    }
    GatewayError targetRefusal = inactive(target.known().get(), "the organization");
    if (targetRefusal != null) {
      ctx.fail(targetRefusal);
      return;
    }
    ctx.next();
  }

  private static GatewayError inactive(Organization organization, String which) {
    return switch (organization.status()) {
      case SUSPENDED -> GatewayError.of(ErrorCode.ORGANIZATION_SUSPENDED, new JsonObject().put("details", which + " is suspended"));
      case NOT_ACTIVATED -> GatewayError.of(ErrorCode.ORGANIZATION_NOT_ACTIVATED,
        new JsonObject().put("details", which + " is not activated yet"));
      case ACTIVE -> null;
    };
  }
}
