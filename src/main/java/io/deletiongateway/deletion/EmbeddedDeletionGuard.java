package io.deletiongateway.deletion;

import io.deletiongateway.ratelimit.Decision;
import io.deletiongateway.ratelimit.EmbeddedBucketStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases and idempotency records in process memory, beside the embedded buckets (one instance; lost on restart). Each
 * decision is taken under one lock, so it is atomic like the Redis script; every entry expires. Bounded: at
 * {@code maxEntries} a new key is refused as the store being full (deletions fail closed), never by dropping a record.
 */
public final class EmbeddedDeletionGuard implements DeletionGuard {
  private record Entry(String owner, String fingerprint, RecordedAnswer answer, long expiresAtMillis) {
    boolean live(long now) {
      return now < expiresAtMillis;
    }
  }

  private final EmbeddedBucketStore buckets;
  private final Map<String, Entry> leases = new ConcurrentHashMap<>();
  private final Map<String, Entry> records = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long sweeper;
  private final Vertx vertx;

  public EmbeddedDeletionGuard(Vertx vertx, EmbeddedBucketStore buckets, int maxEntries) {
    this.vertx = vertx;
    this.buckets = buckets;
    this.maxEntries = maxEntries;
    this.sweeper = vertx.setPeriodic(30_000, id -> sweep());
  }

  @Override
  public synchronized Future<Admission.Result> admit(Admission.Request request) {
    long now = System.currentTimeMillis();
    if (request.idempotency().isPresent()) {
      Admission.Idempotency idem = request.idempotency().get();
      Entry record = records.get(idem.key());
      if (record != null && record.live(now)) {
        if (!record.fingerprint().equals(idem.fingerprint())) {
          return Future.succeededFuture(Admission.Result.of(Admission.Verdict.REUSED, 0));
        }
        return Future.succeededFuture(record.answer() == null
          ? Admission.Result.of(Admission.Verdict.IN_FLIGHT, record.expiresAtMillis() - now)
          : new Admission.Result(Admission.Verdict.REPLAY, Optional.empty(), 0, Optional.of(record.answer())));
      }
    }
    if (leases.size() + records.size() >= maxEntries) {
      sweep();
      if (leases.size() + records.size() >= maxEntries) {
        return Future.failedFuture(new IllegalStateException("the embedded deletion store is full (" + maxEntries + " entries)"));
      }
    }
    Optional<Decision> decision = Optional.empty();
    if (request.bucket().isPresent()) {
      Decision taken = buckets.take(request.bucket().get().key(), request.bucket().get().spec()).result();
      if (!taken.allowed()) {
        return Future.succeededFuture(new Admission.Result(Admission.Verdict.RATE_LIMITED, Optional.of(taken), taken.retryAfterMillis(),
          Optional.empty()));
      }
      decision = Optional.of(taken);
    }
    if (request.lease().isPresent()) {
      Entry lease = leases.get(request.lease().get().key());
      if (lease != null && lease.live(now) && !lease.owner().equals(request.leaseToken())) {
        return Future.succeededFuture(new Admission.Result(Admission.Verdict.LEASED, decision, lease.expiresAtMillis() - now,
          Optional.empty()));
      }
    }
    request.lease().ifPresent(lease -> leases.put(lease.key(), new Entry(request.leaseToken(), "", null, now + lease.ttlMillis())));
    request.idempotency().ifPresent(idem -> records.put(idem.key(),
      new Entry(request.leaseToken(), idem.fingerprint(), null, now + idem.inFlightTtlMillis())));
    return Future.succeededFuture(new Admission.Result(Admission.Verdict.ALLOWED, decision, 0, Optional.empty()));
  }

  @Override
  public synchronized Future<Void> finish(Admission.Request request, Outcome outcome, Optional<RecordedAnswer> answer) {
    if (outcome == Outcome.UNKNOWN) {
      return Future.succeededFuture();  // the lease and the in-flight record run out on their own
    }
    long now = System.currentTimeMillis();
    request.idempotency().ifPresent(idem -> records.computeIfPresent(idem.key(), (key, record) ->
      !record.owner().equals(request.leaseToken()) ? record
        : outcome == Outcome.RECORDED ? new Entry(record.owner(), record.fingerprint(), answer.orElseThrow(), now + idem.recordTtlMillis())
        : null));
    request.lease().ifPresent(lease -> leases.computeIfPresent(lease.key(), (key, held) ->
      held.owner().equals(request.leaseToken()) ? null : held));
    return Future.succeededFuture();
  }

  /** Leases and records held now (tests, metrics). */
  public int size() {
    return leases.size() + records.size();
  }

  public void close() {
    vertx.cancelTimer(sweeper);
  }

  /** Drops expired entries; concurrent maps, so it runs without the decisions' lock (event loops never wait on it). */
  private void sweep() {
    long now = System.currentTimeMillis();
    leases.values().removeIf(e -> !e.live(now));
    records.values().removeIf(e -> !e.live(now));
  }
}
