package io.deletiongateway.pipeline;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorDialect;
import io.deletiongateway.errors.ErrorStyle;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * First stage of an operation's route: records which operation this is (for logs, metrics and the audit), and
 * how its answers are shaped (the API's error dialect; an Atlas envelope when the API supports it and the client
 * sent envelope=true once). A platform handler, so even the body limit's 413 is shaped.
 */
final class OperationStage implements PlatformHandler {
  private final OperationSpec operation;
  private final ErrorStyle plain;
  private final ErrorStyle enveloped;
  private final boolean envelopeSupported;

  OperationStage(OperationSpec operation, ErrorDialect dialect, boolean envelopeSupported) {
    this.operation = operation;
    this.plain = new ErrorStyle(dialect, false);
    this.enveloped = new ErrorStyle(dialect, true);
    this.envelopeSupported = envelopeSupported;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var values = ctx.request().params().getAll("envelope");  // given twice: no envelope, and a 400 from the contract stage
    // Exactly "true", the contract's boolean: envelope=TRUE is refused by the contract stage, and its refusal must
    // not come enveloped.
    boolean envelope = envelopeSupported && values.size() == 1 && "true".equals(values.get(0));
    RequestAttributes.operation(ctx, operation);
    RequestAttributes.errorStyle(ctx, envelope ? enveloped : plain);
    ctx.next();
  }
}
