package io.deletiongateway.edge;

import io.deletiongateway.network.Cidr;
import io.deletiongateway.network.IpAddresses;
import io.vertx.core.http.HttpConnection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Open connections, in total and per client address (the socket peer; trusted proxies, which carry many clients,
 * are exempt from the per-address bound). A connection over a bound is closed as soon as it is accepted, before any
 * byte of it is read, and counted. Process-lifetime: the counts span reloads.
 */
public final class ConnectionLimits {
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final LongAdder refusedTotal = new LongAdder();
  private final LongAdder refusedPerAddress = new LongAdder();
  private volatile Settings settings;

  /** The bounds, from the current config. */
  public record Settings(int maxConnections, int maxPerAddress, List<Cidr> trustedProxies) {
  }

  public ConnectionLimits(Settings settings) {
    this.settings = settings;
  }

  public void configure(Settings next) {
    settings = next;
  }

  /** Counts the connection, or closes it at once when a bound is reached. Returns whether it was admitted. */
  public boolean admit(HttpConnection connection) {
    Settings bounds = settings;
    String address = connection.remoteAddress().hostAddress();
    if (open.incrementAndGet() > bounds.maxConnections()) {
      open.decrementAndGet();
      refusedTotal.increment();
      connection.close();
      return false;
    }
    boolean exempt = bounds.trustedProxies().stream().anyMatch(c -> c.contains(IpAddresses.parse(address)));
    AtomicInteger mine = exempt ? null : perAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (mine != null && mine.incrementAndGet() > bounds.maxPerAddress()) {
      release(address, mine);
      refusedPerAddress.increment();
      connection.close();
      return false;
    }
    connection.closeHandler(closed -> release(address, mine));
    return true;
  }

  private void release(String address, AtomicInteger mine) {
    open.decrementAndGet();
    if (mine != null && mine.decrementAndGet() <= 0) {
      perAddress.remove(address, mine);
    }
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
}
