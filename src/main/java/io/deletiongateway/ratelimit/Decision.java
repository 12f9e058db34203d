package io.deletiongateway.ratelimit;

/**
 * One limiter answer. {@code remaining} whole tokens are left after this request; {@code retryAfterMillis} is
 * how long until a refused request would be allowed; {@code resetMillis} how long until the bucket is full.
 */
public record Decision(boolean allowed, long remaining, long retryAfterMillis, long resetMillis) {
}
