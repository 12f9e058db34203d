package io.deletiongateway.pipeline;

import io.deletiongateway.contract.OperationSpec;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * First stage of an operation's route: records which operation this is, for logs, metrics and the audit. A platform
 * handler, so it runs before the body handler and even the body limit's 413 is audited as this operation's.
 */
final class OperationStage implements PlatformHandler {
  private final OperationSpec operation;

  OperationStage(OperationSpec operation) {
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestAttributes.operation(ctx, operation);
    io.deletiongateway.observability.Tracing.operation(operation.api(), operation.operationId());
    ctx.next();
  }
}
