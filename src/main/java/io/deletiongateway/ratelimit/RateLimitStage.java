package io.deletiongateway.ratelimit;

import io.deletiongateway.auth.Principal;
import io.deletiongateway.auth.TargetOrganization;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Pipeline stage: one bucket decision per request (one store round trip). Allowed → next, with the limit
 * headers set on whatever answer follows; refused → 429 rate_limit_reached with Retry-After; store unreachable
 * → the policy's failure mode (fail closed: 503 with Retry-After; fail open: pass, counted and logged).
 */
public final class RateLimitStage implements Handler<RoutingContext> {
  private final OperationSpec operation;
  private final RateLimitPolicy policy;
  private final RateLimitPolicy.FailureMode onStoreFailure;
  private final BucketStore store;
  private final StoreFailures failures;
  private final Metrics metrics;
  private final RateLimitHeaders headers;

  public RateLimitStage(OperationSpec operation, RateLimitPolicy policy, BucketStore store,
                        StoreFailures failures, Metrics metrics) {
    this.metrics = metrics;
    this.operation = operation;
    this.policy = policy;
    this.onStoreFailure = policy.onStoreFailure().orElse(operation.destructive()
      ? RateLimitPolicy.FailureMode.FAIL_CLOSED : RateLimitPolicy.FailureMode.FAIL_OPEN);
    this.store = store;
    this.failures = failures;
    this.headers = new RateLimitHeaders(policy);
  }

  @Override
  public void handle(RoutingContext ctx) {
    store.take(BucketKeys.of(policy, partition(ctx)), policy.bucket()).onComplete(result -> {
      io.deletiongateway.observability.Tracing.stage("rate_limit", result.failed() ? "store_unavailable"
        : result.result().allowed() ? "allowed" : "limited");
      if (result.failed()) {
        failures.record(onStoreFailure, result.cause());
        if (onStoreFailure == RateLimitPolicy.FailureMode.FAIL_OPEN) {
          ctx.next();
        } else {
          ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1"));
        }
        return;
      }
      Decision decision = result.result();
      metrics.rateLimitDecision(policy.name(), decision.allowed());
      headers.set(ctx.response().headers(), decision);
      if (decision.allowed()) {
        ctx.next();
      } else {
        ctx.fail(RateLimitHeaders.refusal(policy.bucket(), decision.retryAfterMillis()));
      }
    });
  }

  /** This request's bucket key (its partition by the policy's key parts). */
  public String bucketKey(RoutingContext ctx) {
    return BucketKeys.of(policy, partition(ctx));
  }

  public RateLimitPolicy policy() {
    return policy;
  }

  /** A decision taken elsewhere (the deletion guard): its headers on the answer, and the refusal if it refused. */
  public java.util.Optional<GatewayError> apply(RoutingContext ctx, Decision decision) {
    metrics.rateLimitDecision(policy.name(), decision.allowed());
    headers.set(ctx.response().headers(), decision);
    return decision.allowed() ? java.util.Optional.empty()
      : java.util.Optional.of(RateLimitHeaders.refusal(policy.bucket(), decision.retryAfterMillis()));
  }

  private String partition(RoutingContext ctx) {
    StringBuilder out = new StringBuilder();
    Principal principal = RequestAttributes.principal(ctx);
    for (RateLimitPolicy.KeyPart part : policy.keyBy()) {
      if (!out.isEmpty()) {
        out.append('|');
      }
      out.append(switch (part) {
        case PRINCIPAL -> principal.id();
        case CLIENT_ADDRESS -> RequestAttributes.clientLimitKey(ctx);
        case OPERATION -> operation.operationId();
        case ORGANIZATION -> organization(ctx, principal);
      });
    }
    return out.toString();
  }

  /** The target organization (resolved once, an alias to its id, so both spellings share a bucket), else the caller's own. */
  private static String organization(RoutingContext ctx, Principal principal) {
    TargetOrganization target = RequestAttributes.target(ctx);
    return target != null ? target.bucketPart() : String.valueOf(principal.organization());
  }
}
