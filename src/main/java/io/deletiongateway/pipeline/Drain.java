package io.deletiongateway.pipeline;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Graceful shutdown, in the order load balancers need: {@link #announce} turns readiness to 503 while the
 * listener keeps serving (so a load balancer notices and stops routing here); {@link #refuseNew} then answers
 * any new request 503 with Retry-After and Connection: close while the listener's own graceful shutdown lets
 * those in flight finish. Process-lifetime state, kept across reloads.
 */
public final class Drain implements Handler<RoutingContext> {
  private volatile boolean announced;
  private volatile boolean refusing;

  @Override
  public void handle(RoutingContext ctx) {
    if (refusing) {
      ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1").closingConnection());
      return;
    }
    ctx.next();
  }

  /** Shutting down: readiness answers 503 from now on. */
  public void announce() {
    announced = true;
  }

  public boolean announced() {
    return announced;
  }

  /** New requests are refused from now on. */
  public void refuseNew() {
    announced = true;
    refusing = true;
  }
}
