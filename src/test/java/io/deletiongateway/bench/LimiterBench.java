package io.deletiongateway.bench;

import io.deletiongateway.config.RedisConfig;
import io.deletiongateway.ratelimit.BucketSpec;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.BucketStores;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decisions per second of each bucket store (a benchmark, not a test: run by bench/limiter.sh).
 * Args: redis URL, seconds per store, in-flight decisions, distinct keys.
 */
public final class LimiterBench {
  public static void main(String[] args) throws Exception {
    String redisUrl = args[0];
    int seconds = Integer.parseInt(args[1]);
    int inFlight = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    BucketSpec spec = new BucketSpec(1_000_000, 1_000_000, 1_000);  // never refuses: measures the decision itself
    System.out.printf("store     in-flight  keys   decisions/s   mean latency%n");
    for (String mode : List.of("embedded", "redis")) {
      RedisConfig config = new RedisConfig("redis".equals(mode) ? Optional.of(redisUrl) : Optional.empty(),
        RedisConfig.Mode.STANDALONE, List.of(), "mymaster", Duration.ofSeconds(2), 32, Duration.ZERO, Duration.ofSeconds(1), Optional.empty());
      BucketStore store = BucketStores.create(vertx, config, BucketStores.requestClients(vertx, config, 2),
        BucketStores.background(vertx, config), 1_000_000);
      store.warmUp().await(10, TimeUnit.SECONDS);
      run(vertx, store, spec, 2, inFlight, keys);  // warm-up round
      Result result = run(vertx, store, spec, seconds, inFlight, keys);
      System.out.printf("%-9s %9d %5d %13.0f %11.3f ms%n", mode, inFlight, keys, result.perSecond(), result.meanMillis());
      store.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  record Result(double perSecond, double meanMillis) {
  }

  /** Keeps {@code inFlight} decisions outstanding on a Vert.x event loop for {@code seconds}. */
  static Result run(Vertx vertx, BucketStore store, BucketSpec spec, int seconds, int inFlight, int keys) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicLong latencyNanos = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch finished = new CountDownLatch(inFlight);
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        next(store, spec, i, keys, end, done, latencyNanos, finished);
      }
    });
    long started = System.nanoTime();
    finished.await(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    return new Result(done.get() / elapsed, latencyNanos.get() / 1e6 / Math.max(1, done.get()));
  }

  private static void next(BucketStore store, BucketSpec spec, long n, int keys, long end, AtomicLong done,
                           AtomicLong latencyNanos, CountDownLatch finished) {
    if (System.nanoTime() >= end) {
      finished.countDown();
      return;
    }
    long t0 = System.nanoTime();
    store.take("bench:{" + (n % keys) + "}", spec).onComplete(r -> {
      if (r.failed()) {
        System.err.println("decision failed: " + r.cause());
      }
      latencyNanos.addAndGet(System.nanoTime() - t0);
      done.incrementAndGet();
      // Through the event loop: the embedded store completes synchronously and would otherwise recurse.
      io.vertx.core.Vertx.currentContext().runOnContext(v -> next(store, spec, n + 7919, keys, end, done, latencyNanos, finished));
    });
  }
}
