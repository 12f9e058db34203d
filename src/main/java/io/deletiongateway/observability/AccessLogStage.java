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
 * First stage: when the answer is done, one JSON access-log line in ECS field names (request and trace ids, method,
 * path, status, error code, bytes, duration, backend status and duration, principal id but never a credential, client
 * address, user agent) and the request metrics.
 */
public final class AccessLogStage implements Handler<RoutingContext> {
  /** A client-sent header, bounded and stripped of control characters before it is logged. */
  private static final class ClaimSafe {
    static String text(String value) {
      if (value == null) {
        return null;
      }
      String clean = value.replaceAll("[\\p{Cntrl}]", "");
      return clean.length() > 256 ? clean.substring(0, 256) : clean;
    }
  }

  private final Metrics metrics;
  private final Optional<LineWriter> log;

  public AccessLogStage(Metrics metrics, Optional<LineWriter> log) {
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    String traceId = log.isPresent() ? Tracing.traceId(ctx) : null;  // while the request's span is current
    ctx.addEndHandler(done -> {
      long nanos = System.nanoTime() - started;
      OperationSpec op = RequestAttributes.operation(ctx);
      int status = ctx.response().getStatusCode();
      metrics.request(op == null ? "none" : op.api(), op == null ? "none" : op.operationId(), ctx.request().method().name(), status,
        nanos, ctx.request().bytesRead(), ctx.response().bytesWritten());
      log.ifPresent(writer -> {
        Principal principal = RequestAttributes.principal(ctx);
        Long backendNanos = RequestAttributes.backendNanos(ctx);
        // ECS field names (https://www.elastic.co/guide/en/ecs/current/ecs-field-reference.html), dotted at the top level.
        writer.write(new JsonObject()
          .put("@timestamp", Instant.now().toString())
          .put("event.dataset", "deletion_gateway.access")
          .put("event.duration", nanos)
          .put("event.outcome", status < 400 ? "success" : "failure")
          .put("http.request.id", RequestAttributes.requestId(ctx))
          .put("trace.id", traceId)
          .put("http.request.method", ctx.request().method().name())
          .put("url.path", ctx.request().path())
          .put("http.request.body.bytes", ctx.request().bytesRead())
          .put("http.response.status_code", status)
          .put("http.response.body.bytes", ctx.response().bytesWritten())
          .put("error.code", RequestAttributes.errorCode(ctx))
          .put("user.id", principal == null ? null : principal.id())
          .put("client.ip", RequestAttributes.clientAddress(ctx))
          .put("user_agent.original", ClaimSafe.text(ctx.request().getHeader("User-Agent")))
          .put("deletion_gateway.api", op == null ? null : op.api())
          .put("deletion_gateway.operation", op == null ? null : op.operationId())
          .put("deletion_gateway.backend.status_code", RequestAttributes.backendStatus(ctx))
          .put("deletion_gateway.backend.duration", backendNanos)
          .put("deletion_gateway.completed", done.succeeded())
          .encode());
      });
    });
    ctx.next();
  }
}
