package io.deletiongateway.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Contexts on distinct event loops, and running code on one of them, for what is kept per event loop. */
public final class EventLoops {
  private EventLoops() {
  }

  /** Two contexts on two different event loops (Vert.x assigns new event-loop contexts round robin). */
  public static Context[] two(Vertx vertx) {
    Context first = ((VertxInternal) vertx).createEventLoopContext();
    Context second = ((VertxInternal) vertx).createEventLoopContext();
    assertNotEquals(((ContextInternal) first).nettyEventLoop(), ((ContextInternal) second).nettyEventLoop());
    return new Context[] {first, second};
  }

  /** What {@code work} gives when run on {@code context}. */
  public static <T> T on(Context context, Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(work.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }
}
