package io.deletiongateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts decisions the store could not make, by outcome, and logs the condition at most once per interval. */
public final class StoreFailures {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final LongAdder failedOpen = new LongAdder();
  private final LongAdder failedClosed = new LongAdder();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  public void record(RateLimitPolicy.FailureMode mode, Throwable cause) {
    (mode == RateLimitPolicy.FailureMode.FAIL_OPEN ? failedOpen : failedClosed).increment();
    long last = lastLogNanos.get();
    long now = System.nanoTime();
    if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      LOG.log(System.Logger.Level.WARNING, "rate-limit store unavailable (" + cause.getMessage() + "): fail-open routes pass, "
        + "fail-closed routes answer 503; so far " + failedOpen.sum() + " passed unlimited, " + failedClosed.sum() + " refused");
    }
  }

  public long failedOpen() {
    return failedOpen.sum();
  }

  public long failedClosed() {
    return failedClosed.sum();
  }
}
