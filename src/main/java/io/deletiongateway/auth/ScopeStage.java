package io.deletiongateway.auth;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Pipeline stage: the credential must hold one of the scopes the operation's contract accepts (detail.scopes
 * lists them). A capabilities token instead must name this operation.
 */
public final class ScopeStage implements Handler<RoutingContext> {
  private final OperationSpec operation;

  public ScopeStage(OperationSpec operation) {
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = RequestAttributes.principal(ctx);
    if (principal.kind() == Principal.Kind.CAPABILITIES) {
      if (principal.operations().contains(operation.operationId())) {
        ctx.next();
      } else {
        ctx.fail(GatewayError.of(ErrorCode.PERMISSION_DENIED,
          new JsonObject().put("details", "the capabilities token does not include " + operation.operationId())));
      }
      return;
    }
    boolean oauth = principal.kind() == Principal.Kind.JWT;
    if (operation.scopes().grantedBy(principal.scopes(), oauth)) {
      ctx.next();
    } else {
      ctx.fail(GatewayError.of(ErrorCode.SCOPE_NOT_GRANTED,
        new JsonObject().put("scopes", operation.scopes().accepted(oauth))));
    }
  }
}
