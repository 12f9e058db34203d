package io.deletiongateway.network;

import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides who the client is. The socket peer, unless the peer is a configured trusted proxy: then
 * X-Forwarded-For is walked right to left, skipping trusted hops, and the first untrusted address is the
 * client. An unparsable entry stops the walk at the trusted hop that passed it on. X-Forwarded-For from an
 * untrusted peer is ignored entirely (vertx-web's allowForward would believe its leftmost, client-set entry).
 */
public final class ClientAddressStage implements Handler<RoutingContext> {
  private final List<Cidr> trustedProxies;
  private final int ipv6LimitPrefix;

  /** {@code ipv6LimitPrefix}: the IPv6 network one client is limited as (64: one /64, what one subscriber gets). */
  public ClientAddressStage(List<Cidr> trustedProxies, int ipv6LimitPrefix) {
    this.trustedProxies = trustedProxies;
    this.ipv6LimitPrefix = ipv6LimitPrefix;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String peerText = ctx.request().connection().remoteAddress().hostAddress();  // the socket's peer
    byte[] peer = IpAddresses.parse(peerText);
    byte[] client = resolve(peer, ctx.request().headers());
    // An IPv4 peer's dotted-quad text (parse admits no other IPv4 form) is already canonical and is its own limit
    // key: not formatted again. A mapped ::ffff:a.b.c.d peer is formatted, as IPv4.
    boolean canonicalAlready = client == peer && peer.length == 4 && peerText.indexOf(':') < 0;
    String address = canonicalAlready ? peerText : IpAddresses.format(client);
    RequestAttributes.clientAddress(ctx, address);
    RequestAttributes.clientLimitKey(ctx, client.length == 4 ? address : limitKey(client));
    ctx.next();
  }

  /**
   * What per-address limits count by: an IPv4 address itself; an IPv6 address's network of the configured prefix,
   * since one subscriber holds a whole /64 (2^64 addresses) and would otherwise get a fresh bucket per address.
   */
  String limitKey(byte[] address) {
    if (address.length != 16 || ipv6LimitPrefix >= 128) {
      return IpAddresses.format(address);
    }
    byte[] network = address.clone();
    for (int bit = ipv6LimitPrefix; bit < 128; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    return IpAddresses.format(network) + "/" + ipv6LimitPrefix;
  }

  /** X-Forwarded-For is read only when the peer is a trusted proxy (for no other peer does it count). */
  byte[] resolve(byte[] peer, io.vertx.core.MultiMap headers) {
    if (trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : headers.getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    byte[] current = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] hop = IpAddresses.parse(hops.get(i));
      if (hop == null) {
        return current;
      }
      current = hop;
      if (!Cidr.anyContains(trustedProxies, hop)) {
        return hop;
      }
    }
    return current;
  }
}
