package io.deletiongateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client addresses blocked after too many failed authentications, until a moment on the monotonic clock.
 * Process-lifetime state (a reload must not unblock a guesser), bounded in size: when full, expired blocks are
 * dropped first, and a new block beyond the bound is not kept locally (the store's bucket still refuses it).
 */
public final class AddressBlocks {
  private static final int MAX_BLOCKED = 100_000;

  private final Map<String, Long> blockedUntilNanos = new ConcurrentHashMap<>();

  /** Nanoseconds the address stays blocked, or 0 when it is not. */
  long remainingNanos(String address) {
    Long until = blockedUntilNanos.get(address);
    if (until == null) {
      return 0;
    }
    long left = until - System.nanoTime();
    if (left <= 0) {
      blockedUntilNanos.remove(address, until);
      return 0;
    }
    return left;
  }

  void block(String address, long forMillis) {
    long now = System.nanoTime();
    if (blockedUntilNanos.size() >= MAX_BLOCKED) {
      blockedUntilNanos.values().removeIf(until -> until <= now);
    }
    if (blockedUntilNanos.size() < MAX_BLOCKED) {
      blockedUntilNanos.put(address, now + forMillis * 1_000_000);
    }
  }

  public int size() {
    return blockedUntilNanos.size();
  }
}
