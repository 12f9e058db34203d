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
      // A head that announces no body: no deadline (and no timer) needed.
      if (bodyPending(ctx.request())) {
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

  /**
   * A body announced (chunked, or a non-zero Content-Length) and not fully received yet: what needs a deadline, and
   * what a refusal must not wait for.
   */
  public static boolean bodyPending(io.vertx.core.http.HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    String length = request.getHeader(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(io.vertx.core.http.HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.trim().equals("0"));
  }
}
