package io.deletiongateway.observability;

import io.deletiongateway.auth.Principal;
import io.deletiongateway.auth.TargetOrganization;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * Who deleted what, when: one JSON record per destructive call (DELETE, POST, PUT, PATCH), written to its own
 * sink before the answer leaves the gateway: forwarded calls with the backend's status, refused ones with the
 * gateway's. A record that cannot be written is counted (gateway_audit_write_failures_total) and logged as an
 * error; the answer still goes out, since hiding a deletion's outcome from its caller would be worse.
 */
public final class AuditLog {
  private static final System.Logger LOG = System.getLogger("deletion-gateway.audit");

  private final AuditSink sink;
  private final Metrics metrics;

  public AuditLog(AuditSink sink, Metrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
  }

  /** Completes (always successfully) once the record is written, or at once when there is nothing to record. */
  public Future<Void> beforeAnswer(RoutingContext ctx, int status, Integer backendStatus) {
    return beforeAnswer(ctx, status, backendStatus, null);
  }

  /**
   * {@code incomplete}: why the backend's answer is not known whole (its connection reset, its body cut short), or
   * null. The outcome is {@code refused} only when nothing was sent; {@code unknown} when the request left and no
   * complete answer came back (the deletion may have run): then {@code sent}, {@code backend_status} if a status
   * line came, and {@code failure} say what is known.
   */
  public Future<Void> beforeAnswer(RoutingContext ctx, int status, Integer backendStatus, String incomplete) {
    OperationSpec op = RequestAttributes.operation(ctx);
    if (op == null || !op.destructive() || !RequestAttributes.firstAudit(ctx)) {
      return Future.succeededFuture();
    }
    Principal principal = RequestAttributes.principal(ctx);
    JsonObject record = new JsonObject()
      .put("time", Instant.now().toString())
      .put("type", "audit")
      .put("request_id", RequestAttributes.requestId(ctx))
      .put("trace_id", Tracing.traceId(ctx))
      .put("api", op.api())
      .put("operation", op.operationId())
      .put("method", op.method().name())
      .put("principal", principal == null ? null : principal.id())
      .put("principal_kind", principal == null ? null : principal.kind())
      .put("principal_issuer", principal == null ? null : principal.issuer().orElse(null))
      .put("principal_organization", principal == null ? null : principal.organization())
      .put("target", target(ctx, op))
      .put("outcome", outcome(ctx, status, backendStatus, incomplete))
      .put("status", status)
      .put("backend_status", backendStatus)
      .put("sent", RequestAttributes.forwarded(ctx))
      .put("client_address", RequestAttributes.clientAddress(ctx));
    if (incomplete != null) {
      record.put("failure", incomplete);
    }
    return sink.write(record).recover(e -> {
      metrics.auditWriteFailure();
      LOG.log(System.Logger.Level.ERROR, "AUDIT RECORD NOT WRITTEN (" + e.getMessage() + "): " + record);
      return Future.succeededFuture();
    });
  }

  private static String outcome(RoutingContext ctx, int status, Integer backendStatus, String incomplete) {
    if (RequestAttributes.replay(ctx) != null) {
      return "replayed";  // a keyed repeat answered from its record: nothing was sent
    }
    if (incomplete != null || (backendStatus == null && RequestAttributes.forwarded(ctx))) {
      return "unknown";
    }
    return backendStatus == null ? "refused" : status < 400 ? "success" : "failure";
  }

  /** The organization (id or alias as given) or what the body names (a user's email), as the contract says. */
  private static String target(RoutingContext ctx, OperationSpec op) {
    if (op.organization().isPresent()) {
      TargetOrganization target = RequestAttributes.target(ctx);
      if (target != null) {
        return target.audited();
      }
      String id = op.organization().get().id(ctx);  // refused before the target was resolved
      return id != null ? id : op.organization().get().alias(ctx);
    }
    return op.bodyTarget(ctx.body() == null ? null : ctx.body().buffer()).orElse(null);
  }
}
