package io.deletiongateway.edge;

import io.deletiongateway.network.Cidr;
import io.deletiongateway.network.IpAddresses;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The edge's bounds and counts, process-lifetime (counts span reloads; a reload changes the bounds): open public
 * connections in total and per client address (the socket peer; trusted proxies, which carry many clients, are
 * exempt from the per-address bound), and the head deadline. Read by every {@link EdgeGuard}.
 */
public final class ConnectionLimits {
  /** The bounds, from the current config. */
  public record Settings(int maxConnections, int maxPerAddress, List<Cidr> trustedProxies, long headTimeoutMillis) {
  }

  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final LongAdder refusedTotal = new LongAdder();
  private final LongAdder refusedPerAddress = new LongAdder();
  private final LongAdder slowHeads = new LongAdder();
  private volatile Settings settings = new Settings(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(), Long.MAX_VALUE);

  public void configure(Settings next) {
    settings = next;
  }

  Settings settings() {
    return settings;
  }

  /** Counts a new connection from {@code address}; null when a bound is reached (then nothing is counted). */
  AtomicInteger admit(String address) {
    Settings bounds = settings;
    if (open.incrementAndGet() > bounds.maxConnections()) {
      open.decrementAndGet();
      refusedTotal.increment();
      return null;
    }
    byte[] parsed = IpAddresses.parse(address);
    if (parsed != null && Cidr.anyContains(bounds.trustedProxies(), parsed)) {
      return new AtomicInteger(1);  // a trusted proxy: not bounded per address
    }
    AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (mine.incrementAndGet() > bounds.maxPerAddress()) {
      release(address, mine);
      refusedPerAddress.increment();
      return null;
    }
    return mine;
  }

  void release(String address, AtomicInteger mine) {
    open.decrementAndGet();
    if (mine.decrementAndGet() <= 0) {
      perAddress.remove(address, mine);
    }
  }

  void slowHead() {
    slowHeads.increment();
  }

  public int open() {
    return open.get();
  }

  public long refusedTotal() {
    return refusedTotal.sum();
  }

  public long refusedPerAddress() {
    return refusedPerAddress.sum();
  }

  /** Connections closed for a request head not whole within the deadline of its first byte. */
  public long slowHeads() {
    return slowHeads.sum();
  }
}
