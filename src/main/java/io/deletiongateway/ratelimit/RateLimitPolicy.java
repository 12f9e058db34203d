package io.deletiongateway.ratelimit;

import java.util.List;
import java.util.Optional;

/**
 * A named limit: the bucket, what partitions it (each distinct combination gets its own bucket), and what to
 * do when the store is unreachable (empty: fail closed for destructive methods, open for reads).
 */
public record RateLimitPolicy(String name, BucketSpec bucket, List<KeyPart> keyBy, Optional<FailureMode> onStoreFailure) {

  public enum KeyPart { PRINCIPAL, ORGANIZATION, CLIENT_ADDRESS, OPERATION }

  public enum FailureMode { FAIL_CLOSED, FAIL_OPEN }
}
