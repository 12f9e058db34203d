package io.deletiongateway.deletion;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * Where leases and idempotency records live, with the rate-limit buckets: in Redis (every instance, surviving a
 * gateway restart) or in process memory (one instance). Every record has a TTL. A failed future means the store is
 * unavailable: deletions then fail closed.
 */
public interface DeletionGuard {
  /** Decides a destructive request before it is forwarded: one store call. */
  Future<Admission.Result> admit(Admission.Request request);

  /** What became of an admitted deletion. */
  enum Outcome {
    /** A final answer came back: recorded for replays, the lease released. */
    RECORDED,
    /** An answer came back that must not be replayed (a 5xx, or one too large to record): record dropped, lease released. */
    RELEASED,
    /** No complete answer (a timeout, a reset): the deletion may still be running; lease and in-flight record run out. */
    UNKNOWN
  }

  /** After the backend's answer, before the client gets it. {@code answer} is given for {@link Outcome#RECORDED}. */
  Future<Void> finish(Admission.Request request, Outcome outcome, Optional<RecordedAnswer> answer);
}
