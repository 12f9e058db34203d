package io.deletiongateway.ratelimit;

import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Throttles credential guessing per client address. Each failed authentication takes a token from the
 * address's bucket (one store round trip, on the failure path only); once the bucket is empty the failure is
 * answered 429 and the address is blocked locally until the bucket allows again, so that while blocked even
 * its next attempts are refused before any verification, at no store cost. Built per config (its bucket);
 * the blocks themselves are the long-lived {@link AddressBlocks}.
 */
public final class FailedAuthThrottle implements Handler<RoutingContext> {
  private final BucketSpec bucket;
  private final BucketStore store;
  private final AddressBlocks blocks;

  public FailedAuthThrottle(BucketSpec bucket, BucketStore store, AddressBlocks blocks) {
    this.bucket = bucket;
    this.store = store;
    this.blocks = blocks;
  }

  /** The gate before authentication. */
  @Override
  public void handle(RoutingContext ctx) {
    long left = blocks.remainingNanos(RequestAttributes.clientLimitKey(ctx));
    if (left > 0) {
      ctx.fail(RateLimitHeaders.refusal(bucket, left / 1_000_000));
      return;
    }
    ctx.next();
  }

  /** Called with an authentication failure: the same error, or 429 once the address has failed too often. */
  public Future<GatewayError> failed(String clientLimitKey, GatewayError refusal) {
    return store.take(BucketKeys.authFailures(clientLimitKey), bucket).map(decision -> {
      if (decision.allowed()) {
        return refusal;
      }
      blocks.block(clientLimitKey, decision.retryAfterMillis());
      return RateLimitHeaders.refusal(bucket, decision.retryAfterMillis());
    }).otherwise(refusal);  // an unreachable store must not turn a 403 into anything else
  }
}
