package io.deletiongateway.ratelimit;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/**
 * The limit, told on every answer of a limited route: the IETF fields of draft-ietf-httpapi-ratelimit-headers-11
 * ({@code RateLimit-Policy: "name";q=…;w=…} and {@code RateLimit: "name";r=…;t=…}) and Katapult's
 * {@code X-RateLimit-Permitted} (per minute) and {@code X-RateLimit-Remaining}; Atlas's {@code RateLimit-Limit} (the
 * bucket's capacity) and {@code RateLimit-Remaining}, which its contract declares.
 */
final class RateLimitHeaders {
  // Names with their hashes computed once (they are set on every answer of a limited route).
  private static final CharSequence POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
  private static final CharSequence RATELIMIT = HttpHeaders.createOptimized("RateLimit");
  private static final CharSequence PERMITTED = HttpHeaders.createOptimized("X-RateLimit-Permitted");
  private static final CharSequence X_REMAINING = HttpHeaders.createOptimized("X-RateLimit-Remaining");
  private static final CharSequence LIMIT = HttpHeaders.createOptimized("RateLimit-Limit");
  private static final CharSequence REMAINING = HttpHeaders.createOptimized("RateLimit-Remaining");

  /** What does not change between decisions, written once per policy rather than per answer. */
  private final String policyField;
  private final String limitName;
  private final String permitted;
  private final String capacity;

  RateLimitHeaders(RateLimitPolicy policy) {
    BucketSpec bucket = policy.bucket();
    long windowSeconds = Math.max(1, bucket.refillPeriodMillis() / 1000);
    this.policyField = "\"" + policy.name() + "\";q=" + bucket.refillTokens() + ";w=" + windowSeconds;
    this.limitName = "\"" + policy.name() + "\";r=";
    this.permitted = Long.toString(bucket.perMinute());
    this.capacity = Long.toString(bucket.capacity());
  }

  void set(MultiMap headers, Decision decision) {
    String remaining = Long.toString(decision.remaining());
    headers.set(POLICY, policyField);
    headers.set(RATELIMIT, limitName + remaining + ";t=" + seconds(decision.resetMillis()));
    headers.set(PERMITTED, permitted);
    headers.set(X_REMAINING, remaining);
    headers.set(LIMIT, capacity);
    headers.set(REMAINING, remaining);
  }

  /** The refusal: 429 rate_limit_reached, the bucket's long-run rate per minute, and when to try again. */
  static GatewayError refusal(BucketSpec bucket, long retryAfterMillis) {
    return GatewayError.of(ErrorCode.RATE_LIMIT_REACHED, new JsonObject().put("total_permitted", bucket.perMinute()))
      .withHeader("Retry-After", seconds(retryAfterMillis));
  }

  static String seconds(long millis) {
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }
}
