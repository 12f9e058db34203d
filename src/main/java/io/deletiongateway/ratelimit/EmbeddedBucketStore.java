package io.deletiongateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The token bucket in process memory, for a single instance with nothing installed. Same arithmetic as the
 * Redis script, on the monotonic clock; each bucket is updated under its own lock. Process-lifetime state: a
 * reload keeps every level (a policy's new numbers apply from its next decision).
 * <p>
 * Bounded: at most {@code maxBuckets}. Full buckets are dropped (every 30 s, and at once when the bound is reached):
 * a full bucket and an absent one are the same state, so dropping one gives nobody a token. When the bound is
 * reached and no bucket is full, a key without a bucket is decided by its spec's one shared overflow bucket: every
 * such key together gets at most what one bucket refills, so no address ever gets more than its own bucket would
 * have given it (typically less). Both are counted.
 */
public final class EmbeddedBucketStore implements BucketStore {
  private static final long EVICT_EVERY_MILLIS = 30_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<BucketSpec, Bucket> overflow = new ConcurrentHashMap<>();
  private final int maxBuckets;
  private final LongAdder evicted = new LongAdder();
  private final LongAdder overflowed = new LongAdder();
  private final AtomicLong lastSweepNanos = new AtomicLong();
  private final Vertx vertx;
  private final long evictionTimer;

  public EmbeddedBucketStore(Vertx vertx, int maxBuckets) {
    this.vertx = vertx;
    this.maxBuckets = maxBuckets;
    this.evictionTimer = vertx.setPeriodic(EVICT_EVERY_MILLIS, id -> evictFull());
  }

  @Override
  public Future<Decision> take(String key, BucketSpec spec) {
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= maxBuckets) {
        sweepAtMostEverySecond();
      }
      if (buckets.size() >= maxBuckets) {
        overflowed.increment();
        bucket = overflow.computeIfAbsent(spec, Bucket::new);
      } else {
        bucket = buckets.computeIfAbsent(key, k -> new Bucket(spec));
      }
    }
    return Future.succeededFuture(bucket.take(spec, nowMillis()));
  }

  @Override
  public Future<Void> warmUp() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> ping() {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(evictionTimer);
    return Future.succeededFuture();
  }

  public int size() {
    return buckets.size();
  }

  /** Full buckets dropped (no state lost). */
  public long evicted() {
    return evicted.sum();
  }

  /** Decisions made by a shared overflow bucket because the store was at its bound. */
  public long overflowed() {
    return overflowed.sum();
  }

  /** A flood at the bound would otherwise sweep on every request: once a second is enough. */
  private void sweepAtMostEverySecond() {
    long now = System.nanoTime();
    long last = lastSweepNanos.get();
    if (now - last >= 1_000_000_000L && lastSweepNanos.compareAndSet(last, now)) {
      evictFull();
    }
  }

  private void evictFull() {
    double now = nowMillis();
    buckets.entrySet().removeIf(e -> {
      boolean full = e.getValue().fullBy(now);
      if (full) {
        evicted.increment();
      }
      return full;
    });
  }

  private static double nowMillis() {
    return System.nanoTime() / 1_000_000.0;
  }

  private static final class Bucket {
    private double tokens;
    private double updatedMillis;
    private double fullAtMillis;

    Bucket(BucketSpec spec) {
      this.tokens = spec.capacity();
      this.updatedMillis = nowMillis();
    }

    synchronized Decision take(BucketSpec spec, double now) {
      double rate = spec.tokensPerMilli();
      if (now > updatedMillis) {
        tokens += (now - updatedMillis) * rate;
        updatedMillis = now;
      }
      tokens = Math.min(spec.capacity(), tokens);  // a reload that lowered the capacity: the level is clamped to it
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
      }
      long reset = (long) Math.ceil((spec.capacity() - tokens) / rate);
      fullAtMillis = now + reset;
      long retry = allowed ? 0 : (long) Math.ceil((1 - tokens) / rate);
      return new Decision(allowed, (long) Math.floor(tokens), retry, reset);
    }

    synchronized boolean fullBy(double now) {
      return now >= fullAtMillis;
    }
  }
}
