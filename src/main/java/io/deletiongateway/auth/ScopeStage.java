package io.deletiongateway.auth;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Pipeline stage: the principal's grant must cover the operation (the contract's scopes, or the operation itself). */
public final class ScopeStage implements Handler<RoutingContext> {
  private final OperationSpec operation;

  public ScopeStage(OperationSpec operation) {
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestAttributes.principal(ctx).grant().refusal(operation).ifPresentOrElse(ctx::fail, ctx::next);
  }
}
