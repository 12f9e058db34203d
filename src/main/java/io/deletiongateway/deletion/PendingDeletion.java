package io.deletiongateway.deletion;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An admitted destructive request, until its answer: finishing it records the backend's final answer for replays
 * (under the record's bound; 5xx answers are not replayed) and releases the target's lease. A record that cannot be
 * written is counted and logged, and the answer still goes out (its in-flight record then runs out on its own).
 */
public final class PendingDeletion {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");
  /** Backend headers a replay must not carry: per-connection, per-answer or another client's. */
  private static final Set<String> NOT_RECORDED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
    "date", "set-cookie", "x-request-id", "ratelimit", "ratelimit-policy", "ratelimit-limit", "ratelimit-remaining",
    "x-ratelimit-permitted", "x-ratelimit-remaining");

  private final DeletionGuard guard;
  private final Admission.Request request;
  private final Runnable recordFailed;
  private boolean finished;

  PendingDeletion(DeletionGuard guard, Admission.Request request, Runnable recordFailed) {
    this.guard = guard;
    this.request = request;
    this.recordFailed = recordFailed;
  }

  /** The backend answered whole: recorded (when keyed and not a 5xx), the lease released. */
  public Future<Void> answered(int status, MultiMap headers, Buffer body) {
    if (status >= 500 || body.length() > RecordedAnswer.MAX_BODY_BYTES) {
      return finish(DeletionGuard.Outcome.RELEASED, Optional.empty());
    }
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (!NOT_RECORDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        kept.putIfAbsent(name, value);
      }
    });
    return finish(DeletionGuard.Outcome.RECORDED, Optional.of(new RecordedAnswer(status, kept, body)));
  }

  /** Nothing to replay (the answer streams, too large to record; or the request never left): the lease is released. */
  public Future<Void> released() {
    return finish(DeletionGuard.Outcome.RELEASED, Optional.empty());
  }

  /** No complete answer: the deletion may still run, so its lease and in-flight record stay until they expire. */
  public Future<Void> unknown() {
    return finish(DeletionGuard.Outcome.UNKNOWN, Optional.empty());
  }

  private Future<Void> finish(DeletionGuard.Outcome outcome, Optional<RecordedAnswer> answer) {
    if (finished) {
      return Future.succeededFuture();
    }
    finished = true;
    return guard.finish(request, outcome, answer).recover(e -> {
      recordFailed.run();
      LOG.log(System.Logger.Level.ERROR, "deletion record not written (" + e.getMessage() + "): its lease and in-flight record "
        + "expire on their own; the answer goes out");
      return Future.succeededFuture();
    });
  }
}
