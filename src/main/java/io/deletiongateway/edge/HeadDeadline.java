package io.deletiongateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slow-head clients: a request head must be complete within the deadline of its first byte arriving (the first
 * request and every keep-alive one; an idle keep-alive connection is the idle timeout's). One handler before the
 * HTTP/1.x decoder starts the clock on bytes; one after it stops the clock on each decoded head. A connection over
 * its deadline is closed and counted: it holds no slot for the idle timeout's 30 s.
 */
public final class HeadDeadline {
  private final LongAdder closed = new LongAdder();
  private volatile long deadlineMillis;

  public HeadDeadline(long deadlineMillis) {
    this.deadlineMillis = deadlineMillis;
  }

  public void configure(long millis) {
    deadlineMillis = millis;
  }

  /** Connections closed for a head that did not arrive whole in time. */
  public long closed() {
    return closed.sum();
  }

  /** Installs the clock on an HTTP/1.x connection; HTTP/2 connections are left to the idle timeout and the limits. */
  public void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base) || connection instanceof io.vertx.core.http.impl.Http2ServerConnection) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    String decoder = null;
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      if (entry.getValue() instanceof HttpRequestDecoder) {
        decoder = entry.getKey();
        break;
      }
    }
    if (decoder == null) {
      return;
    }
    Clock clock = new Clock();
    pipeline.addBefore(decoder, "headDeadlineStart", clock.start);
    pipeline.addAfter(decoder, "headDeadlineStop", clock.stop);
  }

  private final class Clock {
    private ScheduledFuture<?> timer;
    private boolean inRequest;  // between a head and its last content: the body is the read deadline's

    final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (timer == null && !inRequest && msg instanceof ByteBuf bytes && bytes.isReadable()) {
          timer = ctx.executor().schedule(() -> {
            closed.increment();
            ctx.close();
          }, deadlineMillis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
      }
    };

    final ChannelInboundHandlerAdapter stop = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
          cancel();
          inRequest = true;
        }
        if (msg instanceof LastHttpContent) {
          inRequest = false;  // the next bytes start the next head's clock
        }
        super.channelRead(ctx, msg);
      }
    };

    private void cancel() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }
}
