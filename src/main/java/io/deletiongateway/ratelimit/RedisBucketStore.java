package io.deletiongateway.ratelimit;

import io.deletiongateway.lifetime.PerLoop;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets in Redis (standalone, Sentinel or Cluster), with implicit pipelining: a decision asked for on an
 * event loop with no call to Redis in flight goes at once; while calls are in flight, the decisions asked for
 * meanwhile gather and leave together, as one EVALSHA of the script over all their buckets, when a reply comes
 * back or the batch is full. So an idle gateway adds no latency, a busy one makes far fewer than one round trip
 * and one script run per request. In a cluster each call carries one key, since one script call must stay
 * within one slot.
 * Calls go out on the asking event loop's own client ({@link PerLoop}), so a reply is read and its decisions
 * completed on the thread that asked, never handed across loops.
 * The script's SHA-1 is computed here; NOSCRIPT (after a restart, failover or SCRIPT FLUSH) means nothing ran, so
 * the batch is sent again as EVAL. A decision that takes longer than {@code timeoutMillis} fails, so no request
 * waits on a sick Redis.
 */
public final class RedisBucketStore implements BucketStore {
  static final String SCRIPT = loadScript();
  static final String SHA1 = sha1(SCRIPT);

  private static final long WARM_UP_MILLIS = 5_000;
  /** The longest a decision waits for calls in flight before its batch leaves anyway. */
  private static final long GATHER_MILLIS = 2;

  private final PerLoop<Redis> clients;
  private final Redis background;
  private final long timeoutMillis;
  private final int maxBatch;
  /** Each event-loop thread's calls in flight and the decisions gathered meanwhile; only that thread touches it. */
  private final ThreadLocal<Loop> loops = ThreadLocal.withInitial(Loop::new);

  /**
   * {@code clients}: the request path's, one per event loop (each loads the script when its loop warms it);
   * {@code background}: for the readiness check. {@code maxBatch}: 1 for a cluster (one key, one slot per call), more where one node holds every key.
   */
  public RedisBucketStore(PerLoop<Redis> clients, Redis background, long timeoutMillis, int maxBatch) {
    this.clients = clients;
    this.background = background;
    this.timeoutMillis = timeoutMillis;
    this.maxBatch = maxBatch;
  }

  /** One event loop's share of the store: how many of its calls are in flight, and what waits for the next. */
  private static final class Loop {
    final Thread thread = Thread.currentThread();
    int inFlight;
    Batch gathering;
  }

  @Override
  public Future<Decision> take(String key, BucketSpec spec) {
    Context context = Vertx.currentContext();
    if (maxBatch == 1 || context == null || !context.isEventLoopContext()) {
      Batch alone = new Batch();
      Future<Decision> decision = alone.add(key, spec, context);
      send(alone, null, context);
      return decision;
    }
    Loop loop = loops.get();
    Batch batch = loop.gathering;
    if (batch == null) {
      batch = new Batch();
      loop.gathering = batch;
      if (loop.inFlight > 0) {
        // However long the calls in flight take, this batch waits at most GATHER_MILLIS before it goes.
        Batch waiting = batch;
        batch.timer = context.owner().setTimer(GATHER_MILLIS, id -> {
          if (loop.gathering == waiting) {
            sendGathered(loop, context);
          }
        });
      }
    }
    Future<Decision> decision = batch.add(key, spec, context);
    // Idle loop: go at once (no added latency). Busy loop: wait for a reply to come back, or for a full batch.
    if (loop.inFlight == 0 || batch.size() == maxBatch) {
      sendGathered(loop, context);
    }
    return decision;
  }

  private void sendGathered(Loop loop, Context context) {
    Batch batch = loop.gathering;
    loop.gathering = null;
    if (batch.timer >= 0) {
      context.owner().cancelTimer(batch.timer);
    }
    loop.inFlight++;
    send(batch, loop, context);
  }

  private void send(Batch batch, Loop loop, Context context) {
    Redis redis = clients.current();
    redis.send(batch.script(Command.EVALSHA, SHA1))
      .recover(e -> isNoScript(e) ? redis.send(batch.script(Command.EVAL, SCRIPT)) : Future.failedFuture(e))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .onComplete(result -> {
        batch.answer(result);
        if (loop == null) {
          return;
        }
        if (Thread.currentThread() == loop.thread) {
          replied(loop, context);
        } else {
          context.runOnContext(v -> replied(loop, context));  // the loop's state stays on its own thread
        }
      });
  }

  /** A call came back: what gathered while it was out goes now. */
  private void replied(Loop loop, Context context) {
    loop.inFlight--;
    if (loop.gathering != null) {
      sendGathered(loop, context);
    }
  }

  @Override
  public Future<Void> warmUp() {
    // On this loop's own client: the script loaded and, at once, a PING, so its first connections are open.
    Redis redis = clients.current();
    return Future.all(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)), redis.send(Request.cmd(Command.PING)))
      .timeout(WARM_UP_MILLIS, TimeUnit.MILLISECONDS)
      .<Void>mapEmpty()
      .otherwise(e -> {
        System.getLogger("deletion-gateway").log(System.Logger.Level.WARNING,
          "Redis not reachable at startup (" + e.getMessage() + "): limited routes follow their store-failure mode until it is");
        return null;
      });
  }

  @Override
  public Future<Boolean> ping() {
    return background.send(Request.cmd(Command.PING)).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .map(r -> "PONG".equals(String.valueOf(r))).otherwise(false);
  }

  @Override
  public Future<Void> close() {
    clients.all().forEach(Redis::close);
    background.close();
    return Future.succeededFuture();
  }

  /**
   * Decisions asked for in one turn of one event loop, answered together. Requests for the same bucket are sent as
   * one entry with their count (they arrived together, so any order among them is theirs), answered in the order asked.
   */
  private static final class Batch {
    private record Bucket(String key, BucketSpec spec) {
    }

    private final Map<Bucket, List<Promise<Decision>>> buckets = new LinkedHashMap<>();
    private int size;
    private long timer = -1;

    /** The answer is delivered on the asking request's own context, whichever connection's thread brings it. */
    Future<Decision> add(String key, BucketSpec spec, Context asking) {
      Promise<Decision> decision = asking == null ? Promise.promise() : ((ContextInternal) asking).promise();
      buckets.computeIfAbsent(new Bucket(key, spec), b -> new ArrayList<>(2)).add(decision);
      size++;
      return decision.future();
    }

    int size() {
      return size;
    }

    Request script(Command command, String scriptOrSha) {
      Request request = Request.cmd(command).arg(scriptOrSha).arg(buckets.size());
      buckets.keySet().forEach(bucket -> request.arg(bucket.key()));
      buckets.forEach((bucket, waiting) -> request.arg(bucket.spec().capacity()).arg(bucket.spec().refillTokens())
        .arg(bucket.spec().refillPeriodMillis()).arg(waiting.size()));
      return request;
    }

    void answer(AsyncResult<Response> result) {
      int i = 0;
      for (Map.Entry<Bucket, List<Promise<Decision>>> entry : buckets.entrySet()) {
        for (Promise<Decision> waiting : entry.getValue()) {
          if (result.failed()) {
            waiting.fail(result.cause());
          } else {
            Response r = result.result();
            int allowed = r.get(4 * i).toInteger();
            if (allowed < 0) {
              waiting.fail(new IllegalStateException("bucket " + entry.getKey().key() + " holds a value the limiter cannot read"));
            } else {
              waiting.complete(new Decision(allowed == 1, r.get(4 * i + 1).toLong(), r.get(4 * i + 2).toLong(),
                r.get(4 * i + 3).toLong()));
            }
          }
          i++;
        }
      }
    }
  }

  /** NOSCRIPT: the script is not cached there (a restart, a failover, SCRIPT FLUSH), so nothing ran. */
  public static boolean isNoScript(Throwable e) {
    return String.valueOf(e.getMessage()).startsWith("NOSCRIPT");
  }

  private static String loadScript() {
    return script("/ratelimit/token_bucket.lua");
  }

  /** A script resource with the shared bucket arithmetic ({@code ratelimit/bucket.lua}) in front of it. */
  public static String script(String resource) {
    return resource("/ratelimit/bucket.lua") + resource(resource);
  }

  private static String resource(String name) {
    try (InputStream in = RedisBucketStore.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(name + " missing from the jar", e);
    }
  }

  public static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
