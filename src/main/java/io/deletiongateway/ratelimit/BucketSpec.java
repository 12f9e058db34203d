package io.deletiongateway.ratelimit;

/**
 * A token bucket: holds up to {@code capacity} tokens and regains {@code refillTokens} every
 * {@code refillPeriodMillis}, continuously. A request costs one token.
 */
public record BucketSpec(long capacity, long refillTokens, long refillPeriodMillis) {

  public BucketSpec {
    if (capacity < 1 || refillTokens < 1 || refillPeriodMillis < 1) {
      throw new IllegalArgumentException("capacity, refill tokens and period must be positive");
    }
  }

  double tokensPerMilli() {
    return (double) refillTokens / refillPeriodMillis;
  }

  /** Requests per minute permitted in the long run (Katapult's total_permitted, X-RateLimit-Permitted). */
  public long perMinute() {
    return Math.round(refillTokens * 60_000.0 / refillPeriodMillis);
  }

  /** Milliseconds for an empty bucket to fill completely: the longest a bucket's state matters (its TTL). */
  public long fullRefillMillis() {
    return (long) Math.ceil(capacity / tokensPerMilli());
  }
}
