package io.deletiongateway.ratelimit;

import io.vertx.core.Future;
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
 * Token buckets in Redis (standalone, Sentinel or Cluster): one EVALSHA per decision, so one round trip; the
 * script's SHA-1 is computed here and EVAL loads it on NOSCRIPT (after a restart, failover or SCRIPT FLUSH).
 * A decision that takes longer than {@code timeoutMillis} fails, so no request waits on a sick Redis.
 */
public final class RedisBucketStore implements BucketStore {
  static final String SCRIPT = loadScript();
  static final String SHA1 = sha1(SCRIPT);

  private static final long WARM_UP_MILLIS = 5_000;

  private final Redis redis;
  private final long timeoutMillis;
  private final int poolSize;

  public RedisBucketStore(Redis redis, long timeoutMillis, int poolSize) {
    this.redis = redis;
    this.timeoutMillis = timeoutMillis;
    this.poolSize = poolSize;
  }

  @Override
  public Future<Decision> take(String key, BucketSpec spec) {
    return redis.send(script(Command.EVALSHA, SHA1, key, spec))
      .recover(e -> isNoScript(e) ? redis.send(script(Command.EVAL, SCRIPT, key, spec)) : Future.failedFuture(e))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .map(RedisBucketStore::decision);
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

  private static Request script(Command command, String scriptOrSha, String key, BucketSpec spec) {
    return Request.cmd(command).arg(scriptOrSha).arg(1).arg(key)
      .arg(spec.capacity()).arg(spec.refillTokens()).arg(spec.refillPeriodMillis());
  }

  private static Decision decision(Response r) {
    return new Decision(r.get(0).toInteger() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
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
