package io.deletiongateway.hygiene;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A client may send its request and then half-close (shut down its sending side, as {@code curl} with some
 * options, scripts and proxies do). HTTP/1.1 allows it, and the answer to a deletion that ran must still reach the
 * client: Netty would close the whole connection on end of input. Installed on each HTTP/1.x connection, this
 * keeps the sending side open until every request read so far has its answer written, then closes. It sits
 * where every decoded request passes (the first one included: Vert.x fires it after the connection is set up), so
 * it also holds the HTTP version guard.
 */
public final class HalfClosedClients extends ChannelDuplexHandler {
  private int requests;
  private int received;
  private int answers;
  private boolean inputShut;

  /** Installs the handler on an HTTP/1.x connection (an HTTP/2 one has streams, and no half-close to handle). */
  public static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channelHandlerContext().pipeline().get("handler") != null
      && !(connection instanceof io.vertx.core.http.impl.Http2ServerConnection)) {
      var channel = base.channelHandlerContext().channel();
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      channel.pipeline().addBefore("handler", "halfClosedClients", new HalfClosedClients());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest request) {
      requests++;
      HttpVersions.guard(request);
    }
    if (msg instanceof LastHttpContent) {
      received++;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof LastHttpContent) {
      answers++;
      if (inputShut && answers >= requests) {
        promise = promise.unvoid();
        promise.addListener(ChannelFutureListener.CLOSE);
      }
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShut = true;
      if (answers >= requests || received < requests) {  // all answered, or a body that can never arrive now
        ctx.close();
        return;
      }
    }
    super.userEventTriggered(ctx, evt);
  }
}
