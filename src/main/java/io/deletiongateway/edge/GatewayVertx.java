package io.deletiongateway.edge;

import io.vertx.core.Vertx;

/** The Vert.x a gateway runs on (the CLI and the tests alike): NIO, with the {@link Edge} guarding public connections. */
public final class GatewayVertx {
  private GatewayVertx() {
  }

  public static Vertx create() {
    return Vertx.builder().withTransport(new EdgeTransport(new Edge()).asTransport()).build();
  }
}
