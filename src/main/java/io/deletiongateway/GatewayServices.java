package io.deletiongateway;

import io.deletiongateway.auth.JwtAccessTokens;
import io.deletiongateway.auth.Security;
import io.deletiongateway.deletion.DeletionGuard;
import io.deletiongateway.deletion.EmbeddedDeletionGuard;
import io.deletiongateway.deletion.RedisDeletionGuard;
import io.deletiongateway.edge.ConnectionLimits;
import io.deletiongateway.edge.Edge;
import io.deletiongateway.tls.ServerTls;
import io.deletiongateway.config.BackendConfig;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.lifetime.PerLoop;
import io.deletiongateway.lifetime.SharedPool;
import io.deletiongateway.observability.AuditSink;
import io.deletiongateway.observability.LineWriter;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.pipeline.Drain;
import io.deletiongateway.proxy.BackendTarget;
import io.deletiongateway.ratelimit.AddressBlocks;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.BucketStores;
import io.deletiongateway.ratelimit.EmbeddedBucketStore;
import io.deletiongateway.ratelimit.StoreFailures;
import io.deletiongateway.referencebackends.ReferenceBackends;
import io.deletiongateway.referencebackends.ReferenceState;
import io.micrometer.core.instrument.Meter;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What outlives a config. The rule, said once: state that must survive a reload is owned here, built once at
 * startup and closed once at shutdown; a {@link GatewayRuntime}, built from one config, only borrows it. Owned
 * here: the meters, the drain, the Redis clients (the request path's, one per event loop, and one for background
 * work) and the bucket store (so embedded bucket levels too), the
 * failed-authentication blocks and store-failure counts, the token store and organization directory with their
 * Redis sync and the JWT key sets ({@link Security}), and the backend clients with their circuit breakers and the
 * log sinks, shared by name through {@link SharedPool}s and kept while their config is unchanged. The settings
 * these are built from are the ones a reload cannot change ({@link #needingRestart}).
 */
final class GatewayServices {
  final Vertx vertx;
  final GatewayConfig startup;
  final Metrics metrics = new Metrics(io.deletiongateway.cli.Main.Version.number());
  final Drain drain = new Drain();
  final StoreFailures storeFailures = new StoreFailures();
  final AddressBlocks authFailureBlocks = new AddressBlocks();
  final ServerTls serverTls;
  final Edge edge;
  final DeletionGuard deletionGuard;
  final java.util.concurrent.atomic.LongAdder deletionRecordFailures = new java.util.concurrent.atomic.LongAdder();
  final Optional<Redis> redis;
  final BucketStore store;
  final Security security;
  final SharedPool<BackendConfig, BackendTarget> backends;
  final SharedPool<String, LineWriter> accessSinks;
  final SharedPool<AuditSink.Config, AuditSink> auditSinks;
  private final HttpServer referenceBackends;

  private GatewayServices(Vertx vertx, GatewayConfig startup, HttpServer referenceBackends) {
    this.vertx = vertx;
    this.startup = startup;
    this.referenceBackends = referenceBackends;
    this.serverTls = new ServerTls(vertx);
    this.edge = Edge.of(vertx);
    ConnectionLimits connectionLimits = edge.limits();
    connectionLimits.configure(limits(startup));
    metrics.gauge("gateway.connections.open", "Client connections open now", connectionLimits::open);
    metrics.countOf("gateway.connections.refused.limit", "Connections closed at once: server.max_connections were open",
      connectionLimits, ConnectionLimits::refusedTotal);
    metrics.countOf("gateway.connections.refused.address", "Connections closed at once: their address had "
      + "server.max_connections_per_address open", connectionLimits, ConnectionLimits::refusedPerAddress);
    metrics.countOf("gateway.connections.slow.heads", "Connections closed: a request head not whole within server.head_timeout_ms",
      connectionLimits, ConnectionLimits::slowHeads);
    metrics.countOf("gateway.tls.certificates.rejected", "New TLS certificates refused (broken, mismatched, expired)",
      serverTls, ServerTls::rejected);
    metrics.countOf("gateway.tls.certificates.reloaded", "New TLS certificates swapped in", serverTls, ServerTls::applied);
    this.redis = BucketStores.background(vertx, startup.redis());
    Optional<PerLoop<Redis>> requestRedis = BucketStores.requestClients(vertx, startup.redis(), startup.server().eventLoops());
    this.store = BucketStores.create(vertx, startup.redis(), requestRedis, redis, startup.rateLimits().maxBuckets());
    this.deletionGuard = store instanceof EmbeddedBucketStore buckets
      ? new EmbeddedDeletionGuard(vertx, buckets, startup.rateLimits().maxBuckets())
      : new RedisDeletionGuard(requestRedis.orElseThrow(), startup.redis().timeout().toMillis(),
          startup.redis().mode() == io.deletiongateway.config.RedisConfig.Mode.CLUSTER);
    metrics.countOf("gateway.deletion.record.failures", "Idempotency records or lease releases that could not be written",
      deletionRecordFailures, java.util.concurrent.atomic.LongAdder::doubleValue);
    if (store instanceof EmbeddedBucketStore embedded) {
      metrics.gauge("gateway.ratelimit.buckets", "Buckets the embedded store holds", embedded::size);
      metrics.countOf("gateway.ratelimit.bucket.evictions", "Full buckets dropped by the embedded store (no state lost)",
        embedded, EmbeddedBucketStore::evicted);
      metrics.countOf("gateway.ratelimit.overflow.decisions", "Decisions made by a shared overflow bucket at the store's bound",
        embedded, EmbeddedBucketStore::overflowed);
    }
    this.security = new Security(vertx, startup.auth(), redis, startup.redis().directoryRefresh(), metrics);
    int embeddedPort = referenceBackends == null ? 0 : referenceBackends.actualPort();
    Map<String, List<Meter>> circuitMeters = new HashMap<>();
    this.backends = new SharedPool<>(config -> BackendTarget.open(vertx, config, embeddedPort, startup.server().eventLoops()), BackendTarget::close,
      name -> circuitMeters.put(name, Arrays.stream(CircuitBreakerState.values()).map(state -> metrics.gauge("gateway.backend.circuit.state",
        "1 for the state the backend's circuit is in (closed, open, half_open), 0 for the others",
        () -> circuitState(name) == state ? 1 : 0, "backend", name, "state", state.name().toLowerCase(Locale.ROOT))).toList()),
      name -> circuitMeters.remove(name).forEach(metrics::remove));
    this.accessSinks = new SharedPool<>(sink -> openSink(() -> LineWriter.open(vertx, "access", sink)), LineWriter::close);
    this.auditSinks = new SharedPool<>(sink -> openSink(() -> AuditSink.open(vertx, sink)), AuditSink::close);
    metrics.countOf("gateway.ratelimit.store.failures", "Decisions the rate-limit store could not make, by outcome",
      storeFailures, StoreFailures::failedOpen, "outcome", "passed_fail_open");
    metrics.countOf("gateway.ratelimit.store.failures", "Decisions the rate-limit store could not make, by outcome",
      storeFailures, StoreFailures::failedClosed, "outcome", "refused_fail_closed");
  }

  /**
   * The reference backends first when the config embeds them, then the token and organization directory. The
   * limiter's store is warmed by each listener's event loop (its connections are that loop's own).
   */
  static Future<GatewayServices> start(Vertx vertx, GatewayConfig config) {
    Future<HttpServer> embedded = config.needsEmbeddedBackends()
      ? ReferenceBackends.start(vertx, "127.0.0.1", 0, ReferenceState.demo())
      : Future.succeededFuture();
    return embedded.compose(reference -> {
      GatewayServices services = new GatewayServices(vertx, config, reference);
      return services.security.start().map(services);
    });
  }

  boolean hasEmbeddedBackends() {
    return referenceBackends != null;
  }

  /** The keys, in the config file's spelling, that differ from the startup config and that a reload cannot apply. */
  List<String> needingRestart(GatewayConfig next) {
    List<String> keys = new ArrayList<>(startup.server().needingRestart(next.server()));
    if (!startup.admin().equals(next.admin())) {
      keys.add("admin");
    }
    if (!startup.redis().equals(next.redis())) {
      keys.add("redis");
    }
    if (startup.rateLimits().maxBuckets() != next.rateLimits().maxBuckets()) {
      keys.add("rate_limits.max_buckets");
    }
    return keys;
  }

  /**
   * Ready unless draining or a dependency is down (Redis, an issuer's keys). A directory kept from before Redis lost
   * it is reported as degraded, not unready: every instance would fail at once, and the last known state is safe.
   */
  Future<JsonObject> readiness(List<JwtAccessTokens> issuers) {
    JsonObject checks = new JsonObject();
    if (drain.announced()) {
      checks.put("shutdown", "DRAINING");
    }
    issuers.forEach(issuer -> checks.put("jwt_keys:" + issuer.issuer(), issuer.ready() ? "UP" : "DOWN"));
    JsonArray degraded = new JsonArray();
    security.directory().filter(d -> d.lastKnownInForce())
      .ifPresent(d -> degraded.add("directory: Redis has lost it; the last known tokens and organizations are in force"));
    if (redis.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("checks", checks.put("rate_limit_store", "UP")).put("degraded", degraded));
    }
    return store.ping().map(up -> new JsonObject().put("checks", checks.put("redis", up ? "UP" : "DOWN")).put("degraded", degraded));
  }

  private CircuitBreakerState circuitState(String backend) {
    BackendTarget live = backends.live(backend);
    return live == null ? CircuitBreakerState.CLOSED : live.breaker().state();
  }

  /** Opening a sink is file I/O: callers run it on a worker thread. */
  private static <T> T openSink(java.util.concurrent.Callable<T> open) {
    try {
      return open.call();
    } catch (Exception e) {
      throw new IllegalStateException("cannot open log sink: " + e.getMessage(), e);
    }
  }

  static ConnectionLimits.Settings limits(GatewayConfig config) {
    return new ConnectionLimits.Settings(config.server().maxConnections(), config.server().maxConnectionsPerAddress(),
      config.server().trustedProxies(), config.server().headTimeout().toMillis());
  }

  /** A reload's new edge settings: connection bounds, the head deadline, the TLS files. */
  void configureEdge(GatewayConfig next) {
    edge.limits().configure(limits(next));
    serverTls.configure(next.server().tls());
  }

  /** At shutdown, after the last runtime closed. */
  Future<Void> close() {
    if (deletionGuard instanceof EmbeddedDeletionGuard embedded) {
      embedded.close();
    }
    serverTls.close();
    backends.closeAll();
    accessSinks.closeAll();
    auditSinks.closeAll();
    security.close();
    return store.close().compose(v -> referenceBackends == null ? Future.succeededFuture() : referenceBackends.close().mapEmpty());
  }
}
