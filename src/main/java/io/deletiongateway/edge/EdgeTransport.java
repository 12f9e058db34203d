package io.deletiongateway.edge;

import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.impl.transports.NioTransport;

import java.util.List;

/** Vert.x's NIO transport, whose server channels hand every accepted connection to the {@link Edge} first. */
final class EdgeTransport extends NioTransport {
  private final Edge edge;

  EdgeTransport(Edge edge) {
    this.edge = edge;
  }

  Edge edge() {
    return edge;
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    if (domainSocket) {
      return super.serverChannelFactory(true);
    }
    return () -> new NioServerSocketChannel() {
      @Override
      protected int doReadMessages(List<Object> accepted) throws Exception {
        int before = accepted.size();
        int read = super.doReadMessages(accepted);
        for (int i = before; i < accepted.size(); i++) {
          edge.accepted((io.netty.channel.Channel) accepted.get(i));
        }
        return read;
      }
    };
  }

  /** The public face of the transport, for {@code Vertx.builder().withTransport}. */
  io.vertx.core.transport.Transport asTransport() {
    EdgeTransport self = this;
    return new io.vertx.core.transport.Transport() {
      @Override
      public String name() {
        return "nio";
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public Throwable unavailabilityCause() {
        return null;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        return self;
      }
    };
  }
}
