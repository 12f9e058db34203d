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
 * <p>
 * Process-lifetime state: the last entries read survive config reloads ({@link #configure} merges a new
 * config's entries with them at once, without waiting for Redis). A Redis that comes back without the directory
 * (restarted empty, flushed) must not bring revoked or suspended entries back to life: the gateway marks a
 * directory it has read with the key {@code dg:directory:seen}; both hashes empty and that mark gone, after
 * entries were read, means the data was lost, so the last known entries stay in force (readiness says
 * {@code LAST_KNOWN}, a gauge says 1, a warning is logged) until the directory is written again. Emptying the
 * hashes on purpose leaves the mark, and is applied.
 */
public final class RedisDirectory {
  public static final String TOKENS = "dg:tokens";
  public static final String ORGANIZATIONS = "dg:organizations";
  public static final String CHANNEL = "dg:directory";
  public static final String SEEN = "dg:directory:seen";
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final Vertx vertx;
  private final Redis redis;
  private final Duration refresh;
  private volatile Map<String, ApiTokenEntry> configTokens;
  private volatile Map<String, Organization> configOrganizations;
  private volatile Map<String, ApiTokenEntry> redisTokens = Map.of();
  private volatile Map<String, Organization> redisOrganizations = Map.of();
  private volatile boolean lastKnownInForce;
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

  /** True while Redis has lost the directory and the last entries read are kept in force. */
  public boolean lastKnownInForce() {
    return lastKnownInForce;
  }

  /** A reloaded config's own entries, merged at once with the last entries read from Redis. */
  public synchronized void configure(Map<String, ApiTokenEntry> configTokens, Map<String, Organization> configOrganizations) {
    this.configTokens = configTokens;
    this.configOrganizations = configOrganizations;
    apply();
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
    Future<Map<String, ApiTokenEntry>> readTokens = read(TOKENS, DirectoryEntries::token);
    Future<Map<String, Organization>> readOrganizations = read(ORGANIZATIONS, DirectoryEntries::organization);
    Future<Boolean> seen = redis.send(Request.cmd(Command.EXISTS).arg(SEEN)).map(r -> r != null && r.toInteger() > 0);
    return Future.all(readTokens, readOrganizations, seen).onSuccess(all -> {
      received(readTokens.result(), readOrganizations.result(), seen.result());
      refreshed.incrementAndGet();
    }).onFailure(e -> failed.incrementAndGet()).onFailure(e -> LOG.log(System.Logger.Level.WARNING,
      "directory not re-read from Redis (" + e.getMessage() + "); the last state read stays in force")).mapEmpty();
  }

  private synchronized void received(Map<String, ApiTokenEntry> readTokens, Map<String, Organization> readOrganizations, boolean seen) {
    boolean empty = readTokens.isEmpty() && readOrganizations.isEmpty();
    boolean hadEntries = !redisTokens.isEmpty() || !redisOrganizations.isEmpty();
    if (empty && !seen && hadEntries) {
      if (!lastKnownInForce) {
        LOG.log(System.Logger.Level.WARNING, "Redis has lost the directory (" + TOKENS + ", " + ORGANIZATIONS + " and "
          + SEEN + " are gone): the last known " + redisTokens.size() + " tokens and " + redisOrganizations.size()
          + " organizations stay in force until it is written again");
      }
      lastKnownInForce = true;
      return;
    }
    if (lastKnownInForce) {
      LOG.log(System.Logger.Level.INFO, "the directory is back in Redis and applied");
    }
    lastKnownInForce = false;
    redisTokens = readTokens;
    redisOrganizations = readOrganizations;
    apply();
    if (!empty && !seen) {
      redis.send(Request.cmd(Command.SET).arg(SEEN).arg("1"));
    }
  }

  private void apply() {
    Map<String, ApiTokenEntry> mergedTokens = new HashMap<>(configTokens);
    mergedTokens.putAll(redisTokens);
    tokens.replaceAll(mergedTokens);
    Map<String, Organization> mergedOrganizations = new HashMap<>(configOrganizations);
    mergedOrganizations.putAll(redisOrganizations);
    organizations.replaceAll(mergedOrganizations);
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
