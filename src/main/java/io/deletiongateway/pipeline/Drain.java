package io.deletiongateway.pipeline;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import io.vertx.core.http.HttpServerResponse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Graceful shutdown. The first stage of every request counts it in flight; once draining, new requests are
 * refused (503, Retry-After, Connection: close) while those in flight finish. Kept across reloads.
 */
public final class Drain implements Handler<RoutingContext> {
  /** Responses not yet sent. End handlers remove them; the drain also skips any already ended or closed. */
  private final Set<HttpServerResponse> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean draining = new AtomicBoolean();

  @Override
  public void handle(RoutingContext ctx) {
    if (draining.get()) {
      ctx.response().putHeader("Connection", "close");
      ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1"));
      return;
    }
    HttpServerResponse response = ctx.response();
    inFlight.add(response);
    ctx.addEndHandler(done -> inFlight.remove(response));
    ctx.next();
  }

  /**
   * Starts refusing new requests; completes when none is in flight, or at the deadline. The wait runs on a worker
   * thread: it must not depend on an event-loop timer (one set from a non-Vert.x thread at shutdown was seen never
   * to fire in the test JVM).
   */
  public Future<Void> drain(Vertx vertx, long timeoutMillis) {
    draining.set(true);
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    return vertx.executeBlocking(() -> {
      while (System.nanoTime() - deadline < 0) {
        inFlight.removeIf(response -> response.ended() || response.closed());
        if (inFlight.isEmpty()) {
          break;
        }
        Thread.sleep(20);
      }
      return null;
    }, false);
  }
}
