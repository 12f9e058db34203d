package io.deletiongateway;

import io.deletiongateway.config.RedisConfig;
import io.deletiongateway.lifetime.PerLoop;
import io.deletiongateway.ratelimit.BucketStores;
import io.deletiongateway.support.EventLoops;
import io.deletiongateway.support.RedisProcess;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The request path's Redis clients are kept per event loop: a call made on a loop goes out on a connection living
 * on that loop (so its reply is read there, never handed across threads), and the loops' clients share the
 * configured pool size.
 */
class RedisPerLoopTest {
  RedisProcess redis;
  Vertx vertx;
  PerLoop<Redis> clients;

  @BeforeEach
  void start() throws Exception {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    RedisConfig config = redis.standaloneConfig(2);
    clients = BucketStores.requestClients(vertx, config, 2).orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    clients.all().forEach(Redis::close);
    vertx.close().await(10, TimeUnit.SECONDS);
    redis.close();
  }

  /**
   * The thread a connection lent on {@code loop} delivers on: a message pushed to it (SUBSCRIBE, then PUBLISH) is
   * handled on the connection's own event loop, whichever loop asked for it.
   */
  Thread connectionThread(Context loop, String channel) throws Exception {
    CompletableFuture<Thread> delivered = new CompletableFuture<>();
    RedisConnection connection = EventLoops.on(loop, () -> clients.current().connect()
      .toCompletionStage().toCompletableFuture()).get(10, TimeUnit.SECONDS);
    connection.handler(message -> delivered.complete(Thread.currentThread()));
    connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).await(10, TimeUnit.SECONDS);
    redis.cli("PUBLISH", channel, "x");
    Thread thread = delivered.get(10, TimeUnit.SECONDS);
    connection.close().await(10, TimeUnit.SECONDS);
    return thread;
  }

  /** {@code calls} PINGs at once on {@code loop}, so its client opens as many connections as it may. */
  void busy(Context loop, int calls) throws Exception {
    EventLoops.on(loop, () -> io.vertx.core.Future.all(java.util.stream.IntStream.range(0, calls)
        .mapToObj(i -> clients.current().send(Request.cmd(Command.PING))).toList())
      .toCompletionStage().toCompletableFuture()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aLoopCallsOnConnectionsOfItsOwnEvenWhenAnotherLoopUsedThemAll() throws Exception {
    // Vert.x's pool prefers a connection of the asking loop, but once the pool is full (here: the other loop used
    // both connections at once, as the old warm-up filled it from one thread) it lends another loop's.
    Context[] loops = EventLoops.two(vertx);
    for (int round = 0; round < 3; round++) {
      for (int asking = 0; asking < 2; asking++) {
        busy(loops[1 - asking], 2);
        Thread thread = EventLoops.on(loops[asking], Thread::currentThread);
        assertSame(thread, connectionThread(loops[asking], "round-" + round), "the connection lives on the loop that asked for it");
      }
    }
    assertNotSame(EventLoops.on(loops[0], clients::current), EventLoops.on(loops[1], clients::current), "a client per loop");
    assertEquals(2, clients.sizes().stream().mapToInt(Integer::intValue).sum(), "two connections split, never more");
  }
}
