package io.deletiongateway.deletion;

import io.deletiongateway.ratelimit.BucketSpec;
import io.deletiongateway.ratelimit.Decision;

import java.util.Optional;

/**
 * One destructive request's guard decision, taken before it is forwarded, in one store call: its idempotency record,
 * its rate-limit bucket and its target's lease, decided together (in that order: a replay takes no token; a deletion
 * refused for its target's lease does).
 */
public final class Admission {
  private Admission() {
  }

  /** What is asked: each part optional. {@code leaseToken} identifies this request's lease and in-flight record. */
  public record Request(Optional<Bucket> bucket, Optional<Lease> lease, Optional<Idempotency> idempotency, String leaseToken) {
  }

  public record Bucket(String key, BucketSpec spec) {
  }

  public record Lease(String key, long ttlMillis) {
  }

  /** The record's key (principal, operation, client key), the request's fingerprint, how long each state lives. */
  public record Idempotency(String key, String fingerprint, long inFlightTtlMillis, long recordTtlMillis) {
  }

  public enum Verdict { ALLOWED, RATE_LIMITED, LEASED, IN_FLIGHT, REUSED, REPLAY }

  /** The verdict; the bucket's decision when one was taken; when to retry; the recorded answer for a replay. */
  public record Result(Verdict verdict, Optional<Decision> decision, long retryAfterMillis, Optional<RecordedAnswer> replay) {
    static Result of(Verdict verdict, long retryAfterMillis) {
      return new Result(verdict, Optional.empty(), retryAfterMillis, Optional.empty());
    }
  }
}
