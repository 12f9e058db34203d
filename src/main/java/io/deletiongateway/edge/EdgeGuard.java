package io.deletiongateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first handler of every accepted public connection, before TLS and HTTP: the connection is counted (or closed at
 * once, over a bound, before a byte of it is read), and each request head must be whole within the head deadline of
 * its first byte arriving (the TLS handshake included, for the first request). The clock stops when the HTTP layer
 * has a whole head: for the first request when Vert.x hands the connection over, for the next ones (HTTP/1.x
 * keep-alive) by the handler {@link #heads()} puts after the decoder. An idle keep-alive connection
 * is the idle timeout's; HTTP/2 connections, after their first request, the stream limits'.
 */
final class EdgeGuard extends ChannelDuplexHandler {
  private static final long NO_HEAD = Long.MIN_VALUE;
  private final ConnectionLimits limits;
  private String address;
  private AtomicInteger slot;
  /**
   * At most one pending check per connection, not a timer per request: a head's start is only noted, and the check,
   * when it runs, closes the connection if the head it finds pending is overdue, or looks again when it would be.
   */
  private ScheduledFuture<?> check;
  private long headStartedAt = NO_HEAD;
  private boolean handedOver;   // Vert.x has the connection: later heads are timed only when HTTP/1.x reports them
  private boolean awaitingHead = true;

  EdgeGuard(ConnectionLimits limits) {
    this.limits = limits;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    address = ctx.channel().remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress().getHostAddress() : "unknown";
    slot = limits.admit(address);
    if (slot == null) {
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stopClock();
    if (check != null) {
      check.cancel(false);
      check = null;
    }
    if (slot != null) {
      limits.release(address, slot);
      slot = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (awaitingHead && headStartedAt == NO_HEAD && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      headStartedAt = System.nanoTime();
      if (check == null) {
        checkIn(ctx, headTimeoutNanos());
      }
    }
    super.channelRead(ctx, msg);
  }

  private void checkIn(ChannelHandlerContext ctx, long nanos) {
    check = ctx.executor().schedule(() -> {
      check = null;
      if (headStartedAt == NO_HEAD) {
        return;  // no head pending: the next one to start schedules the next check
      }
      long left = headTimeoutNanos() - (System.nanoTime() - headStartedAt);
      if (left > 0) {
        checkIn(ctx, left);
      } else {
        limits.slowHead();
        ctx.close();
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private long headTimeoutNanos() {
    return TimeUnit.MILLISECONDS.toNanos(limits.settings().headTimeoutMillis());
  }

  /** Vert.x handed the connection over: its first request head is whole (or it speaks HTTP/2). */
  void handedOver() {
    handedOver = true;
    awaitingHead = false;
    stopClock();
  }

  private void stopClock() {
    headStartedAt = NO_HEAD;
  }

  /** After the HTTP/1.x decoder: a whole head stops the clock; its last content re-arms it for the next head. */
  ChannelInboundHandlerAdapter heads() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
          awaitingHead = false;
          stopClock();
        }
        if (msg instanceof LastHttpContent && handedOver) {
          awaitingHead = true;
        }
        super.channelRead(ctx, msg);
      }
    };
  }
}
