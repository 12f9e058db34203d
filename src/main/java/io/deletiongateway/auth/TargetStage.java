package io.deletiongateway.auth;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.contract.OrganizationTarget;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** Pipeline stage of operations that name an organization: resolves it once, for every later stage. Never refuses. */
public final class TargetStage implements Handler<RoutingContext> {
  private final OrganizationTarget target;
  private final OrganizationDirectory directory;

  public TargetStage(OperationSpec operation, OrganizationDirectory directory) {
    this.target = operation.organization().orElseThrow();
    this.directory = directory;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = target.id(ctx);
    TargetOrganization resolved;
    if (id != null) {
      resolved = new TargetOrganization(id, id, directory.byId(id));
    } else {
      String alias = target.alias(ctx);
      Optional<Organization> byAlias = alias == null ? Optional.empty() : directory.byAlias(alias);
      resolved = new TargetOrganization(alias, byAlias.map(Organization::id).orElse(null), byAlias);
    }
    RequestAttributes.target(ctx, resolved);
    ctx.next();
  }
}
