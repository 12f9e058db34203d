package io.deletiongateway.ratelimit;

import io.deletiongateway.config.RedisConfig;
import io.deletiongateway.lifetime.PerLoop;
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

  /** Connections of the client for background work: the directory's subscription and reads, the readiness check. */
  static final int BACKGROUND_CONNECTIONS = 4;

  private BucketStores() {
  }

  /**
   * {@code maxBuckets} bounds the embedded store (Redis bounds its own memory). A Redis store sends on
   * {@code requestClients} and owns them and {@code background}: it closes them.
   */
  public static BucketStore create(Vertx vertx, RedisConfig config, Optional<PerLoop<Redis>> requestClients,
                                   Optional<Redis> background, int maxBuckets) {
    int maxBatch = config.mode() == RedisConfig.Mode.CLUSTER ? 1 : MAX_BATCH;
    return requestClients.<BucketStore>map(clients -> new RedisBucketStore(clients, background.orElseThrow(),
        config.timeout().toMillis(), maxBatch))
      .orElseGet(() -> new EmbeddedBucketStore(vertx, maxBuckets));
  }

  /**
   * The request path's clients (the rate limiter's and the deletion guard's calls): one per event loop, the
   * {@code max_pool_size} connections split among them.
   */
  public static Optional<PerLoop<Redis>> requestClients(Vertx vertx, RedisConfig config, int eventLoops) {
    return config.url().map(url -> PerLoop.split(config.maxPoolSize(), eventLoops, size -> client(vertx, config, size)));
  }

  /** The client for background work: the directory sync and the readiness check. */
  public static Optional<Redis> background(Vertx vertx, RedisConfig config) {
    return config.url().map(url -> client(vertx, config, BACKGROUND_CONNECTIONS));
  }

  /** A pooled, non-blocking client for the configured mode, of at most {@code poolSize} connections. */
  private static Redis client(Vertx vertx, RedisConfig config, int poolSize) {
    List<String> endpoints = new ArrayList<>();
    endpoints.add(config.url().get());
    endpoints.addAll(config.endpoints());
    int timeout = (int) config.timeout().toMillis();
    RedisOptions options = new RedisOptions()
      .setEndpoints(endpoints)
      .setMaxPoolSize(poolSize)
      .setMaxPoolWaiting(poolSize * 64)
      .setMaxWaitingHandlers(poolSize * 256)
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
    return Redis.createClient(vertx, options);
  }

  /** rediss:// is verified like any TLS server: by host name, against the configured CA bundle or the JVM's. */
  private static NetClientOptions netOptions(RedisConfig config, int timeout) {
    NetClientOptions net = new NetClientOptions().setConnectTimeout(timeout).setTcpNoDelay(true).setTcpKeepAlive(true)
      .setHostnameVerificationAlgorithm("HTTPS");
    config.tlsCa().ifPresent(ca -> net.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(ca.toString())));
    return net;
  }
}
