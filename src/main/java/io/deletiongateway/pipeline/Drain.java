package io.deletiongateway.pipeline;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful shutdown. The first stage of every request counts it in flight; once draining, new requests are
 * refused (503, Retry-After, Connection: close) while those in flight finish. Kept across reloads.
 */
public final class Drain implements Handler<RoutingContext> {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();

  @Override
  public void handle(RoutingContext ctx) {
    if (draining.get()) {
      ctx.response().putHeader("Connection", "close");
      ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1"));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }

  /** Starts refusing new requests; completes when none is in flight, or at the deadline. */
  public Future<Void> drain(Vertx vertx, long timeoutMillis) {
    draining.set(true);
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    vertx.setPeriodic(0, 20, id -> {
      if (inFlight.get() == 0 || System.nanoTime() - deadline >= 0) {
        vertx.cancelTimer(id);
        drained.tryComplete();
      }
    });
    return drained.future();
  }
}
