package io.deletiongateway.proxy;

import io.vertx.core.http.ConnectionPoolTooBusyException;

import java.util.concurrent.TimeoutException;

/**
 * A backend exchange that never got a connection because every pooled one was busy: the pool's wait queue was
 * full, or the wait for a free connection outlasted the connect timeout. That is the gateway's capacity, not the
 * backend failing, so it is answered 503 with Retry-After and never counted towards opening the circuit.
 */
final class PoolExhaustion {
  private PoolExhaustion() {
  }

  /** {@code queued}: the request arrived while every connection of the pool was already taken. */
  static boolean is(Throwable failure, boolean queued) {
    return failure instanceof ConnectionPoolTooBusyException
      || (queued && failure instanceof TimeoutException && String.valueOf(failure.getMessage()).contains("getting a connection"));
  }
}
