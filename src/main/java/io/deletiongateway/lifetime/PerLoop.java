package io.deletiongateway.lifetime;

import io.netty.channel.EventLoop;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A client kept once per event loop (as Envoy keeps its connection pools per worker), with a connection budget
 * split among them. Vert.x's pools lend a connection of another loop (the HTTP client's any idle one, Redis's once
 * the pool is full), and then every write and reply of that call crosses between threads (a task queued and the
 * other loop woken each way); a caller on loop A that uses A's own client sends, reads and completes on A's
 * thread. Each loop is given a part on its first call, in turn; with fewer connections than loops, loops share
 * parts, so together they never hold more than the budget.
 */
public final class PerLoop<T> {
  private final List<T> parts;
  private final List<Integer> sizes;
  private final Map<EventLoop, T> byLoop = new ConcurrentHashMap<>();
  private final AtomicInteger assigned = new AtomicInteger();

  private PerLoop(List<T> parts, List<Integer> sizes) {
    this.parts = parts;
    this.sizes = sizes;
  }

  /**
   * {@code connections} (at least 1, as the config requires) split among {@code loops} parts, the first ones taking
   * the remainder; each made by {@code create(size)}.
   */
  public static <T> PerLoop<T> split(int connections, int loops, IntFunction<T> create) {
    int count = Math.max(1, Math.min(loops, connections));
    List<T> parts = new ArrayList<>(count);
    List<Integer> sizes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int size = connections / count + (i < connections % count ? 1 : 0);
      parts.add(create.apply(size));
      sizes.add(size);
    }
    return new PerLoop<>(List.copyOf(parts), List.copyOf(sizes));
  }

  /** The part of the event loop this runs on; off an event loop, the first. */
  public T current() {
    ContextInternal context = ContextInternal.current();
    EventLoop loop = context == null ? null : context.nettyEventLoop();
    if (loop == null) {
      return parts.get(0);
    }
    T part = byLoop.get(loop);
    return part != null ? part
      : byLoop.computeIfAbsent(loop, first -> parts.get(Math.floorMod(assigned.getAndIncrement(), parts.size())));
  }

  public List<T> all() {
    return parts;
  }

  /** The connections each part may hold, in the order of {@link #all}. */
  public List<Integer> sizes() {
    return sizes;
  }
}
