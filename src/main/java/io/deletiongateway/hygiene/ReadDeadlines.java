package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.ErrorRenderer;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how long a client may take to send a request, against slow-header and slow-body (slowloris) clients:
 * a new connection must deliver its first request head within the deadline, and every request its whole body.
 * The idle timeout alone does not catch a client that trickles a byte at a time.
 */
public final class ReadDeadlines {
  private final Vertx vertx;
  private final long deadlineMillis;
  private final Map<HttpConnection, Long> awaitingFirstHead = new ConcurrentHashMap<>();

  public ReadDeadlines(Vertx vertx, long deadlineMillis) {
    this.vertx = vertx;
    this.deadlineMillis = deadlineMillis;
  }

  /** For HttpServer.connectionHandler: close a connection that sends no complete request head in time. */
  public Handler<HttpConnection> onConnection() {
    return connection -> {
      long timer = vertx.setTimer(deadlineMillis, id -> {
        if (awaitingFirstHead.remove(connection) != null) {
          connection.close();
        }
      });
      awaitingFirstHead.put(connection, timer);
      connection.closeHandler(v -> cancel(connection));
    };
  }

  /** The first pipeline stage: the head has arrived; the body must follow within the deadline. */
  public Handler<RoutingContext> stage() {
    return ctx -> {
      cancel(ctx.request().connection());
      if (!ctx.request().isEnded()) {
        long timer = vertx.setTimer(deadlineMillis, id -> {
          if (!ctx.request().isEnded() && !ctx.response().headWritten()) {
            ctx.response().putHeader("Connection", "close");
            ErrorRenderer.render(ctx.response(), GatewayError.of(ErrorCode.REQUEST_TIMEOUT));
            ctx.response().endHandler(v -> ctx.request().connection().close());
          }
        });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
      }
      ctx.next();
    };
  }

  private void cancel(HttpConnection connection) {
    Long timer = awaitingFirstHead.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
