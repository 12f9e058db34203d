package io.deletiongateway.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition rather than for time: polls until it holds, failing after a generous deadline. */
public final class Conditions {
  private static final long DEADLINE_SECONDS = 30;

  private Conditions() {
  }

  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after " + DEADLINE_SECONDS + " s: " + what);
      }
      Thread.sleep(10);
    }
  }
}
