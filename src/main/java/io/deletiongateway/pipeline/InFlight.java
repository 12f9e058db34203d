package io.deletiongateway.pipeline;

import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Handler;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one runtime's requests in flight, so that a runtime replaced by a reload is closed (its leases on
 * backends and log sinks released) as soon as its last request has ended, not after a fixed wait.
 */
public final class InFlight implements Handler<RoutingContext> {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean idleRun = new AtomicBoolean();
  private volatile Runnable whenIdle;

  @Override
  public void handle(RoutingContext ctx) {
    count.incrementAndGet();
    ctx.addEndHandler(done -> {
      if (count.decrementAndGet() == 0 && whenIdle != null) {
        runOnce();
      }
    });
    ctx.next();
  }

  /** Runs {@code action} once, when no request is in flight (at once if none is). */
  public void whenIdle(Runnable action) {
    whenIdle = action;
    if (count.get() == 0) {
      runOnce();
    }
  }

  /** Runs the idle action now, whatever is in flight (the drain deadline passed). */
  public void force() {
    if (whenIdle != null) {
      runOnce();
    }
  }

  private void runOnce() {
    if (idleRun.compareAndSet(false, true)) {
      whenIdle.run();
    }
  }
}
