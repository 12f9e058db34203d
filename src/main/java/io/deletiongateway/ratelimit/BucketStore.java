package io.deletiongateway.ratelimit;

import io.vertx.core.Future;

/** Where bucket state lives. Every call is one atomic decision; a failed future means the store is unavailable. */
public interface BucketStore {
  Future<Decision> take(String key, BucketSpec spec);

  /**
   * Opens the calling event loop's connections and loads what the first decision needs, before that loop takes
   * traffic: a cold first decision is slow (connect, handshake, class loading) and a burst on a cold store would
   * time out wholesale. Called on each loop that will ask for decisions. Never fails; an unreachable store is
   * simply not warmed.
   */
  Future<Void> warmUp();

  /** True when the store is reachable now (for readiness); the embedded store always is. */
  Future<Boolean> ping();

  Future<Void> close();
}
