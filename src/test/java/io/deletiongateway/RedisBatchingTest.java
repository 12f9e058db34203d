package io.deletiongateway;

import io.deletiongateway.config.RedisConfig;
import io.deletiongateway.ratelimit.BucketSpec;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.BucketStores;
import io.deletiongateway.ratelimit.Decision;
import io.deletiongateway.support.EventLoops;
import io.deletiongateway.support.RedisProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis store's implicit pipelining, through the production store on a real redis-server: on an idle event loop
 * a decision goes at once; those asked for while a call is in flight leave together as one script call; all are
 * decided in order, and a broken bucket fails alone.
 */
class RedisBatchingTest {
  static final BucketSpec TEN_NO_REFILL = new BucketSpec(10, 1, 3_600_000);

  RedisProcess redis;
  Vertx vertx;
  BucketStore store;
  Context loop;  // the event loop asking for every decision

  @BeforeEach
  void start() throws Exception {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    RedisConfig config = redis.standaloneConfig(4);
    store = BucketStores.create(vertx, config, BucketStores.requestClients(vertx, config, 2),
        BucketStores.background(vertx, config), 1_000_000);
    loop = vertx.getOrCreateContext();
    EventLoops.on(loop, store::warmUp).await(10, TimeUnit.SECONDS);  // the loop's connections open, as a listener's do
    redis.cli("CONFIG", "RESETSTAT");
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    redis.close();
  }

  /** Asks for every key's decision within one turn of one event loop. */
  List<Future<Decision>> inOneTurn(List<String> keys) throws Exception {
    Promise<List<Future<Decision>>> asked = Promise.promise();
    loop.runOnContext(v -> {
      List<Future<Decision>> decisions = new ArrayList<>();
      keys.forEach(key -> decisions.add(store.take(key, TEN_NO_REFILL)));
      asked.complete(decisions);
    });
    List<Future<Decision>> decisions = asked.future().await(10, TimeUnit.SECONDS);
    Future.join(decisions).otherwiseEmpty().await(10, TimeUnit.SECONDS);  // some may fail on purpose
    return decisions;
  }

  String stats() {
    try {
      return redis.cli("INFO", "commandstats");
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** How many times clients (and scripts, for the commands they call) ran {@code command} since the reset. */
  long calls(String command) {
    return stats().lines().filter(line -> line.startsWith("cmdstat_" + command + ":"))
      .mapToLong(line -> Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"))).sum();
  }

  long scriptCalls() {
    return calls("evalsha") + calls("eval");
  }

  @Test
  void decisionsAskedWhileACallIsInFlightLeaveTogetherAndAreDecidedInOrder() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("dg:rl:{batch:" + (i % 2) + "}");  // two buckets, interleaved
    }
    List<Future<Decision>> decisions = inOneTurn(keys);
    assertEquals(2, scriptCalls(), () -> "30 decisions: the first at once, the 29 asked meanwhile together: " + stats());
    for (int bucket = 0; bucket < 2; bucket++) {
      List<Decision> mine = new ArrayList<>();
      for (int i = bucket; i < 30; i += 2) {
        mine.add(decisions.get(i).result());
      }
      for (int n = 0; n < mine.size(); n++) {
        assertEquals(n < 10, mine.get(n).allowed(), "bucket " + bucket + " request " + n);
        assertEquals(n < 10 ? 9 - n : 0, mine.get(n).remaining(), "bucket " + bucket + " request " + n);
      }
    }
  }

  @Test
  void aBatchIsCappedSoOneCallNeverHoldsRedisLong() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("dg:rl:{cap:" + i + "}");
    }
    List<Future<Decision>> decisions = inOneTurn(keys);
    assertEquals(3, scriptCalls(), "1 at once, then 64 (full), then the 35 left");
    assertTrue(decisions.stream().allMatch(d -> d.succeeded() && d.result().allowed()));
  }

  @Test
  void aBatchSendsEachBucketOnceWithTheNumberOfItsRequests() throws Exception {
    redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");  // the slow log then keeps every command, with its arguments
    redis.cli("SLOWLOG", "RESET");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("dg:rl:{grouped:" + (i % 3) + "}");  // the first alone, then 29 over three buckets in one call
    }
    inOneTurn(keys);
    List<String> logged = redis.cli("SLOWLOG", "GET", "128").lines().map(String::trim).toList();
    int call = -1;
    for (int i = 0; i + 2 < logged.size(); i++) {
      if (logged.get(i).equals("evalsha") && logged.get(i + 2).equals("3")) {
        call = i;
      }
    }
    assertTrue(call >= 0, () -> "one call over three buckets: " + logged);
    assertEquals(List.of("dg:rl:{grouped:1}", "dg:rl:{grouped:2}", "dg:rl:{grouped:0}",
        "10", "1", "3600000", "10", "10", "1", "3600000", "10", "10", "1", "3600000", "9"),
      logged.subList(call + 3, Math.min(logged.size(), call + 18)), "each bucket once: its spec and how many requests it decides");
    String next = logged.get(call + 18);
    assertTrue(next.contains(":"), () -> "nothing more (next: the client's address): " + next);
  }

  @Test
  void aBucketSharedWithinABatchIsReadAndWrittenOnceAndExpiresAsTheLastRequestLeftIt() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("dg:rl:{shared:" + (i % 3) + "}");  // three buckets, interleaved, in a batch of 29 after the first
    }
    List<Future<Decision>> decisions = inOneTurn(keys);
    assertEquals(2, scriptCalls(), stats());
    assertEquals(1 + 3, calls("hmget"), () -> "the first call's bucket, then each of three once: " + stats());
    assertEquals(1 + 3, calls("hset"), stats());
    assertEquals(1 + 3, calls("pexpire"), stats());
    for (int i = 0; i < 30; i++) {
      int n = i / 3;  // this request's turn in its own bucket
      assertEquals(n < 10, decisions.get(i).result().allowed(), "request " + i);
      assertEquals(n < 10 ? 9 - n : 0, decisions.get(i).result().remaining(), "request " + i);
    }
    // Empty after ten, with no refill for an hour: each bucket expires when full again, as the last take left it.
    long ttl = Long.parseLong(redis.cli("PTTL", "dg:rl:{shared:0}").trim());
    assertTrue(ttl > 35_000_000 && ttl <= 36_000_000, "ten tokens at one an hour: full again in 10 h, got " + ttl);
    double left = Double.parseDouble(redis.cli("HGET", "dg:rl:{shared:0}", "tokens").trim());
    assertTrue(left >= 0 && left < 1, "the level the last request left (and what refilled since the first): " + left);
  }

  @Test
  void aBrokenBucketFailsOnlyItsOwnDecision() throws Exception {
    redis.cli("SET", "dg:rl:{broken}", "not a bucket");
    List<Future<Decision>> decisions = inOneTurn(List.of("dg:rl:{other}", "dg:rl:{fine}", "dg:rl:{broken}", "dg:rl:{fine}"));
    assertEquals(2, scriptCalls(), "the last three in one batch");
    decisions = decisions.subList(1, 4);
    assertTrue(decisions.get(1).failed(), "the broken bucket's request gets its store-failure treatment");
    assertEquals(9, decisions.get(0).result().remaining());
    assertEquals(8, decisions.get(2).result().remaining(), "the others in its batch are decided, and counted once");
    assertEquals("not a bucket", redis.cli("GET", "dg:rl:{broken}"), "left as it was");
  }

  @Test
  void anIdleLoopSendsEachDecisionAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertTrue(inOneTurn(List.of("dg:rl:{idle}")).get(0).result().allowed());
    }
    assertEquals(3, scriptCalls(), "nothing waits for company");
  }

  @Test
  void aFlushedScriptCacheResendsTheBatchOnceWithoutCountingTwice() throws Exception {
    inOneTurn(List.of("dg:rl:{flush}", "dg:rl:{flush}"));
    redis.cli("SCRIPT", "FLUSH");
    List<Future<Decision>> after = inOneTurn(List.of("dg:rl:{flush}", "dg:rl:{flush}", "dg:rl:{flush}"));
    assertEquals(List.of(7L, 6L, 5L), after.stream().map(d -> d.result().remaining()).toList());
  }
}
