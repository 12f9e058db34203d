package io.deletiongateway.observability;

import io.deletiongateway.auth.Principal;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Optional;

/**
 * First stage: when the answer is done, one JSON access-log line (request id, operation, principal id but never
 * a credential, status, latency, client address) and the request metrics.
 */
public final class AccessLogStage implements Handler<RoutingContext> {
  private final Metrics metrics;
  private final Optional<LineWriter> log;

  public AccessLogStage(Metrics metrics, Optional<LineWriter> log) {
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      long nanos = System.nanoTime() - started;
      OperationSpec op = RequestAttributes.operation(ctx);
      int status = ctx.response().getStatusCode();
      metrics.request(op == null ? "none" : op.api(), op == null ? "none" : op.operationId(), ctx.request().method().name(), status,
        nanos, ctx.request().bytesRead(), ctx.response().bytesWritten());
      log.ifPresent(writer -> {
        Principal principal = RequestAttributes.principal(ctx);
        writer.write(new JsonObject()
          .put("time", Instant.now().toString())
          .put("type", "access")
          .put("request_id", RequestAttributes.requestId(ctx))
          .put("method", ctx.request().method().name())
          .put("path", ctx.request().path())
          .put("operation", op == null ? null : op.operationId())
          .put("principal", principal == null ? null : principal.id())
          .put("status", status)
          .put("latency_ms", nanos / 1_000_000.0)
          .put("client_address", RequestAttributes.clientAddress(ctx))
          .put("completed", done.succeeded())
          .encode());
      });
    });
    ctx.next();
  }
}
