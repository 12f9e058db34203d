package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds how long a client may take to send a request body once its head has arrived (slow-body clients): past
 * the deadline the request fails with 408 (through the failure stage, like every refusal: the API's dialect,
 * envelope and audit record) and the connection is closed. Silent connections are closed by the server's
 * idle timeout. A client trickling its request head a byte at a time is bounded only by the header size limit
 * and the idle timeout: with cleartext HTTP/2 enabled, Vert.x creates the connection (the first hook the
 * gateway gets) only once a complete head has arrived, to look for an h2c upgrade.
 */
public final class ReadDeadlines {
  private final Vertx vertx;
  private final long deadlineMillis;

  public ReadDeadlines(Vertx vertx, long deadlineMillis) {
    this.vertx = vertx;
    this.deadlineMillis = deadlineMillis;
  }

  /** The first pipeline stage: the head has arrived; the body must follow within the deadline. */
  public Handler<RoutingContext> stage() {
    return ctx -> {
      // A head without Content-Length or Transfer-Encoding carries no body: no deadline (and no timer) needed.
      if (!ctx.request().isEnded() && hasBody(ctx.request().headers())) {
        long timer = vertx.setTimer(deadlineMillis, id -> {
          if (!ctx.request().isEnded() && !ctx.response().headWritten()) {
            ctx.fail(GatewayError.of(ErrorCode.REQUEST_TIMEOUT).closingConnection());
          }
        });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
      }
      ctx.next();
    };
  }

  private static boolean hasBody(io.vertx.core.MultiMap headers) {
    return headers.contains(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH) || headers.contains(io.vertx.core.http.HttpHeaders.TRANSFER_ENCODING);
  }
}
