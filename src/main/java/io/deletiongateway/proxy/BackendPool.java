package io.deletiongateway.proxy;

import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend's keep-alive connections, one pool per event loop (as Envoy keeps one per worker). Vert.x's pool hands
 * a request any idle connection, whichever loop it lives on, and then every write, answer and buffer of that
 * exchange crosses between threads (a task queued and the other loop woken each way); here a request is sent on a
 * connection of the loop it arrived on, and its answer is read, relayed and released on that thread. The backend's
 * {@code max_connections} are split among the pools (the first ones take the remainder), so together they never open
 * more; with fewer connections than loops, loops share pools.
 */
final class BackendPool {
  /** One loop's pool; {@code busy} counts the exchanges holding or awaiting one of its connections. */
  record Slice(HttpClientAgent client, int maxConnections, AtomicInteger busy) {
  }

  private final List<Slice> slices;
  private final Map<EventLoop, Slice> byLoop = new ConcurrentHashMap<>();
  private final AtomicInteger assigned = new AtomicInteger();

  private BackendPool(List<Slice> slices) {
    this.slices = slices;
  }

  static BackendPool open(Vertx vertx, HttpClientOptions options, int maxConnections, int eventLoops) {
    int count = Math.max(1, Math.min(eventLoops, maxConnections));
    List<Slice> slices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int size = maxConnections / count + (i < maxConnections % count ? 1 : 0);
      slices.add(new Slice(vertx.createHttpClient(new HttpClientOptions(options),
        new PoolOptions().setHttp1MaxSize(size).setMaxWaitQueueSize(size * 4)), size, new AtomicInteger()));
    }
    return new BackendPool(List.copyOf(slices));
  }

  /** The pool of the event loop this runs on (each loop is given one on its first request, in turn). */
  Slice current() {
    ContextInternal context = ContextInternal.current();
    EventLoop loop = context == null ? null : context.nettyEventLoop();
    if (loop == null) {
      return slices.get(0);
    }
    Slice slice = byLoop.get(loop);
    return slice != null ? slice
      : byLoop.computeIfAbsent(loop, first -> slices.get(Math.floorMod(assigned.getAndIncrement(), slices.size())));
  }

  /** Pooled connections close at once (close() would wait up to 30 s for the backend to close them). */
  Future<Void> close() {
    return Future.all(slices.stream().map(slice -> slice.client().shutdown(0, TimeUnit.SECONDS)).toList()).mapEmpty();
  }
}
