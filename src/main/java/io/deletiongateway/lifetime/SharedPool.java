package io.deletiongateway.lifetime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Long-lived parts (backend clients with their breakers, log sinks, JWT key sets) shared by the runtimes that
 * use them, by name. A runtime acquires a part for its config: the live part of that name when the config is
 * equal (so its state, such as an open circuit, carries over a reload), a new one otherwise, which then becomes
 * the live part of that name. A part is closed when the last runtime holding it releases it. Meters follow the
 * live parts: {@code onLive} when a name gains a part, {@code onGone} when its last part is closed.
 *
 * @param <C> the config a part is built from; compared with {@code equals}, so it must be a value
 */
public final class SharedPool<C, P> {
  private final Function<C, P> create;
  private final Consumer<P> close;
  private final Consumer<String> onLive;
  private final Consumer<String> onGone;
  private final Map<String, Held<C, P>> live = new HashMap<>();

  private static final class Held<C, P> {
    final String name;
    final C config;
    final P part;
    int holders;

    Held(String name, C config, P part) {
      this.name = name;
      this.config = config;
      this.part = part;
    }
  }

  /** A runtime's hold on one part; {@link #release} once, when the runtime closes. */
  public final class Lease {
    private final Held<C, P> held;
    private boolean released;

    private Lease(Held<C, P> held) {
      this.held = held;
    }

    public P part() {
      return held.part;
    }

    public void release() {
      SharedPool.this.release(this);
    }
  }

  public SharedPool(Function<C, P> create, Consumer<P> close, Consumer<String> onLive, Consumer<String> onGone) {
    this.create = create;
    this.close = close;
    this.onLive = onLive;
    this.onGone = onGone;
  }

  public SharedPool(Function<C, P> create, Consumer<P> close) {
    this(create, close, name -> { }, name -> { });
  }

  public synchronized Lease acquire(String name, C config) {
    Held<C, P> current = live.get(name);
    if (current == null || !current.config.equals(config)) {
      Held<C, P> replacement = new Held<>(name, config, create.apply(config));
      live.put(name, replacement);
      if (current == null) {
        onLive.accept(name);
      }
      current = replacement;
    }
    current.holders++;
    return new Lease(current);
  }

  /** The live part of that name (the one the newest runtime uses), if any. */
  public synchronized P live(String name) {
    Held<C, P> held = live.get(name);
    return held == null ? null : held.part;
  }

  private synchronized void release(Lease lease) {
    if (lease.released) {
      return;
    }
    lease.released = true;
    Held<C, P> held = lease.held;
    if (--held.holders > 0) {
      return;
    }
    close.accept(held.part);
    if (live.get(held.name) == held) {
      live.remove(held.name);
      onGone.accept(held.name);
    }
  }

  /** At shutdown: closes every part still held. */
  public synchronized void closeAll() {
    live.values().forEach(held -> close.accept(held.part));
    live.clear();
  }
}
