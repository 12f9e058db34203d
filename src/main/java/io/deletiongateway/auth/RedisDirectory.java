package io.deletiongateway.auth;

import io.deletiongateway.config.DirectoryEntries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * API tokens and organizations kept in Redis, so they can be added, suspended or revoked without a restart.
 * Hash {@code dg:tokens} maps a token id to its entry as JSON (the fields of a config entry), hash
 * {@code dg:organizations} an organization id to {@code {"alias", "status"}}. Both are re-read every
 * {@code refresh} and at once when anything is published on {@code dg:directory}. Redis entries override
 * config entries of the same id (so a config token can be revoked live); invalid entries are logged and
 * skipped; while Redis is unreachable the last state read stays in force. Never on the request path.
 */
public final class RedisDirectory {
  public static final String TOKENS = "dg:tokens";
  public static final String ORGANIZATIONS = "dg:organizations";
  public static final String CHANNEL = "dg:directory";
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final Vertx vertx;
  private final Redis redis;
  private final Duration refresh;
  private final Map<String, ApiTokenEntry> configTokens;
  private final Map<String, Organization> configOrganizations;
  private final ApiTokenStore tokens;
  private final OrganizationDirectory organizations;
  private final java.util.concurrent.atomic.AtomicLong refreshed = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
  private long timer = -1;
  private RedisConnection subscription;
  private volatile boolean stopped;

  public RedisDirectory(Vertx vertx, Redis redis, Duration refresh, Map<String, ApiTokenEntry> configTokens,
                        Map<String, Organization> configOrganizations, ApiTokenStore tokens, OrganizationDirectory organizations) {
    this.vertx = vertx;
    this.redis = redis;
    this.refresh = refresh;
    this.configTokens = configTokens;
    this.configOrganizations = configOrganizations;
    this.tokens = tokens;
    this.organizations = organizations;
  }

  /** Reads once (completing even if Redis is down), then keeps reading and listening. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(refresh.toMillis(), id -> refresh());
    subscribe();
    return refresh().otherwiseEmpty();
  }

  public long refreshCount() {
    return refreshed.get();
  }

  public long failedRefreshCount() {
    return failed.get();
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (subscription != null) {
      subscription.close();
    }
  }

  Future<Void> refresh() {
    Future<Map<String, ApiTokenEntry>> redisTokens = read(TOKENS, DirectoryEntries::token);
    Future<Map<String, Organization>> redisOrganizations = read(ORGANIZATIONS, DirectoryEntries::organization);
    return Future.all(redisTokens, redisOrganizations).onSuccess(both -> {
      Map<String, ApiTokenEntry> mergedTokens = new HashMap<>(configTokens);
      mergedTokens.putAll(redisTokens.result());
      tokens.replaceAll(mergedTokens);
      Map<String, Organization> mergedOrganizations = new HashMap<>(configOrganizations);
      mergedOrganizations.putAll(redisOrganizations.result());
      organizations.replaceAll(mergedOrganizations);
      refreshed.incrementAndGet();
    }).onFailure(e -> failed.incrementAndGet()).onFailure(e -> LOG.log(System.Logger.Level.WARNING,
      "directory not re-read from Redis (" + e.getMessage() + "); the last state read stays in force")).mapEmpty();
  }

  private <T> Future<Map<String, T>> read(String hash, Entry<T> binder) {
    return redis.send(Request.cmd(Command.HGETALL).arg(hash)).map(response -> {
      Map<String, T> out = new HashMap<>();
      pairs(response).forEach((id, json) -> {
        try {
          out.put(id, binder.bind("redis " + hash + " " + id, id, new JsonObject(json)));
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "skipping invalid entry " + id + " of " + hash + ": " + e.getMessage());
        }
      });
      return out;
    });
  }

  private static Map<String, String> pairs(Response response) {
    Map<String, String> out = new HashMap<>();
    if (response == null) {
      return out;
    }
    if (response.isMap()) {
      response.getKeys().forEach(key -> out.put(key, response.get(key).toString()));
    } else {
      for (int i = 0; i + 1 < response.size(); i += 2) {
        out.put(response.get(i).toString(), response.get(i + 1).toString());
      }
    }
    return out;
  }

  /** A dedicated connection listening on the channel; re-established after any loss. */
  private void subscribe() {
    if (stopped) {
      return;
    }
    redis.connect().onSuccess(connection -> {
      subscription = connection;
      connection.handler(message -> refresh());
      connection.exceptionHandler(e -> resubscribeLater());
      connection.endHandler(v -> resubscribeLater());
      connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).onFailure(e -> resubscribeLater());
    }).onFailure(e -> resubscribeLater());
  }

  private void resubscribeLater() {
    if (!stopped) {
      vertx.setTimer(refresh.toMillis(), id -> subscribe());
    }
  }

  @FunctionalInterface
  private interface Entry<T> {
    T bind(String where, String id, JsonObject json);
  }
}
