package io.deletiongateway.ratelimit;

import io.vertx.core.Future;

/** Where bucket state lives. Every call is one atomic decision; a failed future means the store is unavailable. */
public interface BucketStore {
  Future<Decision> take(String key, BucketSpec spec);

  /** True when the store is reachable now (for readiness); the embedded store always is. */
  Future<Boolean> ping();

  Future<Void> close();
}
