package io.deletiongateway.ratelimit;

import java.util.Map;
import java.util.Optional;

/** Named policies, and the bucket that throttles failed authentication per client address (if any). */
public record RateLimitConfig(Map<String, RateLimitPolicy> policies, Optional<BucketSpec> authFailures) {
}
