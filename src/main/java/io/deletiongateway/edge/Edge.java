package io.deletiongateway.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public listeners' connection edge: which local ports are the gateway's public ones (the admin listener and
 * in-process reference backends are not guarded), the {@link ConnectionLimits} they share, and the hand-over from
 * the guard to Vert.x's HTTP layer. Needs a Vert.x created by {@link GatewayVertx#create()}, whose transport puts an
 * {@link EdgeGuard} first on every accepted connection.
 */
public final class Edge {
  private final ConnectionLimits limits = new ConnectionLimits();
  private final Set<Integer> guardedPorts = ConcurrentHashMap.newKeySet();

  public static Edge of(Vertx vertx) {
    if (((VertxInternal) vertx).transport() instanceof EdgeTransport transport) {
      return transport.edge();
    }
    throw new IllegalStateException("the gateway runs on a Vert.x made by GatewayVertx.create() (its transport guards connections)");
  }

  public ConnectionLimits limits() {
    return limits;
  }

  /** The public listener on {@code port}: its connections are counted and their heads timed. */
  public void guard(int port) {
    guardedPorts.add(port);
  }

  /**
   * Called for each accepted connection: a guard for a public port, else none. A public connection's flushes are
   * also consolidated to the end of its event loop's turn, as a backend connection's are (see BackendPool): the
   * answers relayed in one turn then reach their clients back to back, and the first wakes the client for the rest.
   */
  void accepted(Channel channel) {
    if (channel.localAddress() instanceof java.net.InetSocketAddress local && guardedPorts.contains(local.getPort())) {
      channel.pipeline().addFirst("edgeGuard", new EdgeGuard(limits))
        .addAfter("edgeGuard", "flushConsolidation", new FlushConsolidationHandler(
          FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }
  }

  /**
   * Vert.x hands a connection over (its first request head is whole): the guard's clock stops, and on HTTP/1.x a
   * handler after the decoder times the next heads.
   */
  public void handedOver(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (!(pipeline.get("edgeGuard") instanceof EdgeGuard guard)) {
      return;
    }
    guard.handedOver();
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      if (entry.getValue() instanceof HttpRequestDecoder) {
        pipeline.addAfter(entry.getKey(), "edgeHeads", guard.heads());
        return;
      }
    }
  }
}
