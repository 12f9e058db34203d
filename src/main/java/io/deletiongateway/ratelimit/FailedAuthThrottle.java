package io.deletiongateway.ratelimit;

import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles credential guessing per client address. Each failed authentication takes a token from the
 * address's bucket (one store round trip, on the failure path only); once the bucket is empty the failure is
 * answered 429 and the address is blocked locally until the bucket allows again, so that while blocked even
 * its next attempts are refused before any verification, at no store cost.
 */
public final class FailedAuthThrottle implements Handler<RoutingContext> {
  private static final int MAX_BLOCKED = 100_000;

  private final BucketSpec bucket;
  private final BucketStore store;
  private final Map<String, Long> blockedUntilNanos = new ConcurrentHashMap<>();

  public FailedAuthThrottle(BucketSpec bucket, BucketStore store) {
    this.bucket = bucket;
    this.store = store;
  }

  /** The gate before authentication. */
  @Override
  public void handle(RoutingContext ctx) {
    String address = RequestAttributes.clientAddress(ctx);
    Long until = blockedUntilNanos.get(address);
    if (until != null) {
      long left = until - System.nanoTime();
      if (left > 0) {
        ctx.fail(RateLimitHeaders.refusal(bucket, left / 1_000_000));
        return;
      }
      blockedUntilNanos.remove(address, until);
    }
    ctx.next();
  }

  /** Called with an authentication failure: the same error, or 429 once the address has failed too often. */
  public Future<GatewayError> failed(String clientAddress, GatewayError refusal) {
    return store.take(BucketKeys.authFailures(clientAddress), bucket).map(decision -> {
      if (decision.allowed()) {
        return refusal;
      }
      long now = System.nanoTime();
      if (blockedUntilNanos.size() >= MAX_BLOCKED) {
        blockedUntilNanos.values().removeIf(until -> until <= now);  // many addresses (IPv6): keep it bounded
      }
      if (blockedUntilNanos.size() < MAX_BLOCKED) {
        blockedUntilNanos.put(clientAddress, now + decision.retryAfterMillis() * 1_000_000);
      }
      return RateLimitHeaders.refusal(bucket, decision.retryAfterMillis());
    }).otherwise(refusal);  // an unreachable store must not turn a 403 into anything else
  }
}
