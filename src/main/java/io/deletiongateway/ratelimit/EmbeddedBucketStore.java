package io.deletiongateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token bucket in process memory, for a single instance with nothing installed. Same arithmetic as the
 * Redis script, on the monotonic clock; each bucket is updated under its own lock; full buckets are evicted.
 * Process-lifetime state: a reload keeps every level (a policy's new numbers apply from its next decision).
 */
public final class EmbeddedBucketStore implements BucketStore {
  private static final long EVICT_EVERY_MILLIS = 30_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long evictionTimer;

  public EmbeddedBucketStore(Vertx vertx) {
    this.vertx = vertx;
    this.evictionTimer = vertx.setPeriodic(EVICT_EVERY_MILLIS, id -> evictFull());
  }

  @Override
  public Future<Decision> take(String key, BucketSpec spec) {
    return Future.succeededFuture(buckets.computeIfAbsent(key, k -> new Bucket(spec)).take(spec, nowMillis()));
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

  int size() {
    return buckets.size();
  }

  private void evictFull() {
    double now = nowMillis();
    buckets.entrySet().removeIf(e -> e.getValue().fullBy(now));
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
