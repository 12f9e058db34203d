package io.deletiongateway.pipeline;

import io.deletiongateway.errors.ErrorDialect;
import io.deletiongateway.errors.ErrorStyle;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * First stage of an operation's route: how its answers are shaped (the API's error dialect; an Atlas envelope
 * when the API supports it and the client sent envelope=true). A platform handler, so even the body limit's 413
 * is shaped.
 */
final class ErrorStyleStage implements PlatformHandler {
  private final ErrorStyle plain;
  private final ErrorStyle enveloped;
  private final boolean envelopeSupported;

  ErrorStyleStage(ErrorDialect dialect, boolean envelopeSupported) {
    this.plain = new ErrorStyle(dialect, false);
    this.enveloped = new ErrorStyle(dialect, true);
    this.envelopeSupported = envelopeSupported;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var values = ctx.request().params().getAll("envelope");  // given twice: no envelope, and a 400 from the contract stage
    boolean envelope = envelopeSupported && values.size() == 1 && "true".equalsIgnoreCase(values.get(0));
    RequestAttributes.errorStyle(ctx, envelope ? enveloped : plain);
    ctx.next();
  }
}
