package io.deletiongateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Before anything can refuse a request: how its answers are shaped (its API's dialect and envelope). */
final class AnswerStyleStage implements Handler<RoutingContext> {
  private final AnswerStyles styles;

  AnswerStyleStage(AnswerStyles styles) {
    this.styles = styles;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestAttributes.errorStyle(ctx, styles.of(ctx.request()));
    ctx.next();
  }
}
