package io.deletiongateway.ratelimit;

import java.util.Map;
import java.util.Optional;

/**
 * Named policies, the bucket that throttles failed authentication per client address (if any), the IPv6 prefix a
 * client is limited as, and the most buckets the embedded store holds.
 */
public record RateLimitConfig(Map<String, RateLimitPolicy> policies, Optional<BucketSpec> authFailures, int ipv6Prefix,
                              int maxBuckets) {
}
