package io.deletiongateway.proxy;

import io.deletiongateway.support.EventLoops;
import io.deletiongateway.support.RecordingBackend;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.HttpClientConnectionInternal;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A backend's connections are kept per event loop: a request goes out on a connection of the loop it runs on, and
 * the loops' pools together never hold more than the backend's max_connections.
 */
class BackendPoolTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** What {@code pool.current()} gives on {@code context}, and the event loop the connection it lends lives on. */
  record Lent(BackendPool.Slice slice, EventLoop asking, EventLoop connection) {
  }

  Lent lend(BackendPool pool, Context context, int port) throws Exception {
    CompletableFuture<Lent> lent = new CompletableFuture<>();
    context.runOnContext(v -> {
      BackendPool.Slice slice = pool.current();
      EventLoop asking = ContextInternal.current().nettyEventLoop();
      slice.client().request(HttpMethod.GET, port, "127.0.0.1", "/core/v1/x")
        .compose(request -> request.send().compose(answer -> answer.body().map(body ->
          new Lent(slice, asking, ((HttpClientConnectionInternal) request.connection()).context().nettyEventLoop()))))
        .onComplete(done -> {
          if (done.succeeded()) {
            lent.complete(done.result());
          } else {
            lent.completeExceptionally(done.cause());
          }
        });
    });
    return lent.get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachLoopSendsOnItsOwnConnectionsAndThePoolsShareTheMaximum() throws Exception {
    try (RecordingBackend backend = new RecordingBackend()) {
      int port = Integer.parseInt(backend.url().replaceAll(".*:(\\d+).*", "$1"));
      BackendPool pool = BackendPool.open(vertx, new HttpClientOptions().setKeepAlive(true), 5, 2);
      Context[] loops = EventLoops.two(vertx);
      for (int round = 0; round < 3; round++) {
        for (Context loop : loops) {
          Lent lent = lend(pool, loop, port);
          assertEquals(lent.asking(), lent.connection(), "the connection lives on the loop that sent on it");
        }
      }
      BackendPool.Slice first = lend(pool, loops[0], port).slice();
      BackendPool.Slice second = lend(pool, loops[1], port).slice();
      assertNotEquals(first, second, "a pool per loop");
      assertSame(first, lend(pool, loops[0], port).slice(), "and always the same one for a loop");
      assertEquals(5, first.maxConnections() + second.maxConnections(), "five connections split, never more");
      assertEquals(1, Math.abs(first.maxConnections() - second.maxConnections()));
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fewerConnectionsThanLoopsAreShared() throws Exception {
    BackendPool pool = BackendPool.open(vertx, new HttpClientOptions(), 1, 2);
    Context[] loops = EventLoops.two(vertx);
    BackendPool.Slice first = EventLoops.on(loops[0], pool::current);
    assertSame(first, EventLoops.on(loops[1], pool::current), "one connection: one pool for both loops");
    assertEquals(1, first.maxConnections());
    pool.close().await(10, TimeUnit.SECONDS);
  }
}
