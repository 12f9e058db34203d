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

  public ClientAddressStage(List<Cidr> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    byte[] peer = IpAddresses.parse(ctx.request().remoteAddress().hostAddress());
    RequestAttributes.clientAddress(ctx, IpAddresses.format(resolve(peer, ctx.request().headers().getAll("X-Forwarded-For"))));
    ctx.next();
  }

  byte[] resolve(byte[] peer, List<String> forwardedFor) {
    if (trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
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
