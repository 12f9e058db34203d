package io.deletiongateway.ratelimit;

import io.deletiongateway.config.RedisConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Chooses the store: Redis in the configured mode when a URL is set, the embedded one otherwise. */
public final class BucketStores {
  /** Decisions per script call at most: bounds the time one call holds Redis (a few microseconds per bucket). */
  static final int MAX_BATCH = 64;

  private BucketStores() {
  }

  /** {@code maxBuckets} bounds the embedded store (Redis bounds its own memory). */
  public static BucketStore create(Vertx vertx, RedisConfig config, Optional<Redis> redis, int maxBuckets) {
    int maxBatch = config.mode() == RedisConfig.Mode.CLUSTER ? 1 : MAX_BATCH;
    return redis.<BucketStore>map(client -> new RedisBucketStore(client, config.timeout().toMillis(), config.maxPoolSize(), maxBatch))
      .orElseGet(() -> new EmbeddedBucketStore(vertx, maxBuckets));
  }

  /** The pooled, non-blocking client for the configured mode, shared by the limiter and the directory sync. */
  public static Optional<Redis> client(Vertx vertx, RedisConfig config) {
    if (config.url().isEmpty()) {
      return Optional.empty();
    }
    List<String> endpoints = new ArrayList<>();
    endpoints.add(config.url().get());
    endpoints.addAll(config.endpoints());
    int timeout = (int) config.timeout().toMillis();
    RedisOptions options = new RedisOptions()
      .setEndpoints(endpoints)
      .setMaxPoolSize(config.maxPoolSize())
      .setMaxPoolWaiting(config.maxPoolSize() * 64)
      .setMaxWaitingHandlers(config.maxPoolSize() * 256)
      .setPoolRecycleTimeout(600_000)  // keep warm connections through quiet spells (default 15 s)
      // A cluster client connects to every master in its slot map and fails while one is dead, so the map must not
      // outlive a failover: reread it this often (a MOVED rereads it at once). One CLUSTER SLOTS a period: cheap.
      .setHashSlotCacheTTL(config.topologyRefresh().toMillis())
      .setTopologyCacheTTL(config.topologyRefresh().toMillis())  // likewise the master a Sentinel names
      .setNetClientOptions(netOptions(config, timeout))
      .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.PROPAGATE);  // with tracing on: a client span per call in a trace
    switch (config.mode()) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      case CLUSTER -> options.setType(RedisClientType.CLUSTER);
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setMasterName(config.masterName()).setRole(RedisRole.MASTER);
    }
    return Optional.of(Redis.createClient(vertx, options));
  }

  /** rediss:// is verified like any TLS server: by host name, against the configured CA bundle or the JVM's. */
  private static NetClientOptions netOptions(RedisConfig config, int timeout) {
    NetClientOptions net = new NetClientOptions().setConnectTimeout(timeout).setTcpNoDelay(true).setTcpKeepAlive(true)
      .setHostnameVerificationAlgorithm("HTTPS");
    config.tlsCa().ifPresent(ca -> net.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(ca.toString())));
    return net;
  }
}
