package io.deletiongateway.auth;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.contract.OrganizationTarget;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Pipeline stage, after contract validation: the target organization must be the credential's own or one it
 * manages (403 permission_denied), known to the directory (404 organization_not_found) and active
 * (403 organization_suspended / organization_not_activated). An alias is resolved through the directory first.
 */
public final class OrganizationStage implements Handler<RoutingContext> {
  private final OrganizationTarget target;
  private final OrganizationDirectory directory;

  public OrganizationStage(OperationSpec operation, OrganizationDirectory directory) {
    this.target = operation.organization().orElseThrow();
    this.directory = directory;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = target.id(ctx);
    if (id == null && target.aliasParameter().isPresent()) {
      Optional<Organization> byAlias = directory.byAlias(target.alias(ctx));
      if (byAlias.isEmpty()) {
        ctx.fail(GatewayError.of(ErrorCode.ORGANIZATION_NOT_FOUND));
        return;
      }
      id = byAlias.get().id();
    }
    Principal principal = RequestAttributes.principal(ctx);
    if (id == null || principal.organization() == null || !principal.actsFor(id)) {
      ctx.fail(GatewayError.of(ErrorCode.PERMISSION_DENIED,
        new JsonObject().put("details", "the credential does not act for this organization")));
      return;
    }
    Optional<Organization> organization = directory.byId(id);
    if (organization.isEmpty()) {
      ctx.fail(GatewayError.of(ErrorCode.ORGANIZATION_NOT_FOUND));
      return;
    }
    switch (organization.get().status()) {
      case SUSPENDED -> ctx.fail(GatewayError.of(ErrorCode.ORGANIZATION_SUSPENDED));
      case NOT_ACTIVATED -> ctx.fail(GatewayError.of(ErrorCode.ORGANIZATION_NOT_ACTIVATED));
      case ACTIVE -> ctx.next();
    }
  }
}
