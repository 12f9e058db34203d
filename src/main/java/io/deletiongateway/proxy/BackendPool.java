package io.deletiongateway.proxy;

import io.deletiongateway.lifetime.PerLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend's keep-alive connections, one pool per event loop ({@link PerLoop}): a request is sent on a connection
 * of the loop it arrived on, and its answer is read, relayed and released on that thread. The backend's
 * {@code max_connections} are split among the pools, so together they never open more.
 */
final class BackendPool {
  /** One loop's pool; {@code busy} counts the exchanges holding or awaiting one of its connections. */
  record Slice(HttpClientAgent client, int maxConnections, AtomicInteger busy) {
  }

  private final PerLoop<Slice> slices;

  private BackendPool(PerLoop<Slice> slices) {
    this.slices = slices;
  }

  static BackendPool open(Vertx vertx, HttpClientOptions options, int maxConnections, int eventLoops) {
    return new BackendPool(PerLoop.split(maxConnections, eventLoops, size -> new Slice(vertx.createHttpClient(
      new HttpClientOptions(options), new PoolOptions().setHttp1MaxSize(size).setMaxWaitQueueSize(size * 4)), size, new AtomicInteger())));
  }

  /** The pool of the event loop this runs on. */
  Slice current() {
    return slices.current();
  }

  /** Pooled connections close at once (close() would wait up to 30 s for the backend to close them). */
  Future<Void> close() {
    return Future.all(slices.all().stream().map(slice -> slice.client().shutdown(0, TimeUnit.SECONDS)).toList()).mapEmpty();
  }
}
