package io.deletiongateway.ratelimit;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets in Redis (standalone, Sentinel or Cluster). Decisions asked for on one event loop in the same
 * turn are sent together as one EVALSHA of the script over all their buckets (implicit pipelining, as Lyft's
 * ratelimit does): at most one round trip per request, usually far fewer, and one script run in Redis per batch
 * instead of per request. Nothing waits for a batch to fill: it leaves as soon as the current turn of the event
 * loop ends. In a cluster each call carries one key, since one script call must stay within one slot.
 * The script's SHA-1 is computed here; NOSCRIPT (after a restart, failover or SCRIPT FLUSH) means nothing ran, so
 * the batch is sent again as EVAL. A decision that takes longer than {@code timeoutMillis} fails, so no request
 * waits on a sick Redis.
 */
public final class RedisBucketStore implements BucketStore {
  static final String SCRIPT = loadScript();
  static final String SHA1 = sha1(SCRIPT);

  private static final long WARM_UP_MILLIS = 5_000;

  private final Redis redis;
  private final long timeoutMillis;
  private final int poolSize;
  private final int maxBatch;
  /** The batch being gathered on each event-loop thread; only that thread touches it. */
  private final ThreadLocal<Batch> gathering = new ThreadLocal<>();

  /** {@code maxBatch}: 1 for a cluster (one key, one slot per call), more where one node holds every key. */
  public RedisBucketStore(Redis redis, long timeoutMillis, int poolSize, int maxBatch) {
    this.redis = redis;
    this.timeoutMillis = timeoutMillis;
    this.poolSize = poolSize;
    this.maxBatch = maxBatch;
  }

  @Override
  public Future<Decision> take(String key, BucketSpec spec) {
    Context context = Vertx.currentContext();
    if (maxBatch == 1 || context == null || !context.isEventLoopContext()) {
      Batch alone = new Batch();
      Future<Decision> decision = alone.add(key, spec, context);
      send(alone);
      return decision;
    }
    Batch batch = gathering.get();
    if (batch == null) {
      Batch fresh = new Batch();
      gathering.set(fresh);
      context.runOnContext(endOfTurn -> leave(fresh));  // runs once the current turn of the event loop is done
      batch = fresh;
    }
    Future<Decision> decision = batch.add(key, spec, context);
    if (batch.size() == maxBatch) {
      leave(batch);
    }
    return decision;
  }

  /** Sends the batch unless it left already (it filled up before the end of the turn). */
  private void leave(Batch batch) {
    if (gathering.get() == batch) {
      gathering.remove();
      send(batch);
    }
  }

  private void send(Batch batch) {
    redis.send(batch.script(Command.EVALSHA, SHA1))
      .recover(e -> isNoScript(e) ? redis.send(batch.script(Command.EVAL, SCRIPT)) : Future.failedFuture(e))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .onComplete(batch::answer);
  }

  @Override
  public Future<Void> warmUp() {
    // Fill the pool (one PING per connection it may hold) and load the script, all at once.
    List<Future<Response>> warming = new ArrayList<>();
    warming.add(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)));
    for (int i = 0; i < poolSize; i++) {
      warming.add(redis.send(Request.cmd(Command.PING)));
    }
    return Future.all(warming)
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
    return redis.send(Request.cmd(Command.PING)).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .map(r -> "PONG".equals(String.valueOf(r))).otherwise(false);
  }

  @Override
  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }

  /** Decisions asked for in one turn of one event loop, answered together. */
  private static final class Batch {
    private final List<String> keys = new ArrayList<>();
    private final List<BucketSpec> specs = new ArrayList<>();
    private final List<Promise<Decision>> waiting = new ArrayList<>();

    /** The answer is delivered on the asking request's own context, whichever connection's thread brings it. */
    Future<Decision> add(String key, BucketSpec spec, Context asking) {
      Promise<Decision> decision = asking == null ? Promise.promise() : ((ContextInternal) asking).promise();
      keys.add(key);
      specs.add(spec);
      waiting.add(decision);
      return decision.future();
    }

    int size() {
      return keys.size();
    }

    Request script(Command command, String scriptOrSha) {
      Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
      keys.forEach(request::arg);
      for (BucketSpec spec : specs) {
        request.arg(spec.capacity()).arg(spec.refillTokens()).arg(spec.refillPeriodMillis());
      }
      return request;
    }

    void answer(AsyncResult<Response> result) {
      for (int i = 0; i < waiting.size(); i++) {
        if (result.failed()) {
          waiting.get(i).fail(result.cause());
          continue;
        }
        Response r = result.result();
        int allowed = r.get(4 * i).toInteger();
        if (allowed < 0) {
          waiting.get(i).fail(new IllegalStateException("bucket " + keys.get(i) + " holds a value the limiter cannot read"));
        } else {
          waiting.get(i).complete(new Decision(allowed == 1, r.get(4 * i + 1).toLong(), r.get(4 * i + 2).toLong(),
            r.get(4 * i + 3).toLong()));
        }
      }
    }
  }

  private static boolean isNoScript(Throwable e) {
    return String.valueOf(e.getMessage()).startsWith("NOSCRIPT");
  }

  private static String loadScript() {
    try (InputStream in = RedisBucketStore.class.getResourceAsStream("/ratelimit/token_bucket.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("token_bucket.lua missing from the jar", e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
