package io.deletiongateway;

import io.deletiongateway.auth.JwtAccessTokens;
import io.deletiongateway.auth.Security;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.contract.ContractRegistry;
import io.deletiongateway.hygiene.ReadDeadlines;
import io.deletiongateway.observability.AuditLog;
import io.deletiongateway.observability.LineWriter;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.pipeline.Drain;
import io.deletiongateway.pipeline.Pipeline;
import io.deletiongateway.proxy.BackendClients;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.BucketStores;
import io.deletiongateway.ratelimit.FailedAuthThrottle;
import io.deletiongateway.ratelimit.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;

import java.io.IOException;
import java.util.Optional;

/**
 * Everything built from one config: contracts, verifiers, limiter, backend clients, logs and the request
 * pipeline. A reload builds a new one beside the old; the listener switches to it atomically and the old one is
 * closed once its in-flight requests have had the drain timeout to finish.
 */
final class GatewayRuntime {
  final GatewayConfig config;
  final Router router;
  final BackendClients backends;
  final Security security;
  final BucketStore store;
  final StoreFailures storeFailures;
  private final Optional<LineWriter> accessLog;
  private final AuditLog audit;

  private GatewayRuntime(GatewayConfig config, Router router, BackendClients backends, Security security, BucketStore store,
                         StoreFailures storeFailures, Optional<LineWriter> accessLog, AuditLog audit) {
    this.config = config;
    this.router = router;
    this.backends = backends;
    this.security = security;
    this.store = store;
    this.storeFailures = storeFailures;
    this.accessLog = accessLog;
    this.audit = audit;
  }

  static Future<GatewayRuntime> build(Vertx vertx, GatewayConfig config, int referencePort, Metrics metrics, Drain drain) {
    return ContractRegistry.load(vertx, config).compose(operations -> {
      Optional<Redis> redis = BucketStores.client(vertx, config.redis());
      Security security = Security.start(vertx, config.auth(), redis, config.redis().directoryRefresh());
      return security.ready().compose(ready -> openLogs(vertx, config, metrics)).compose(logs -> {
        BackendClients backends = BackendClients.create(vertx, config.backends(), referencePort);
        BucketStore store = BucketStores.create(vertx, config.redis(), redis);
        StoreFailures failures = new StoreFailures();
        Pipeline.Limiter limiter = new Pipeline.Limiter(store, failures,
          config.rateLimits().authFailures().map(bucket -> new FailedAuthThrottle(bucket, store)));
        Pipeline.Parts parts = new Pipeline.Parts(operations, backends, security.credentials(), security.organizations(),
          limiter, new ReadDeadlines(vertx, config.server().readTimeout().toMillis()), metrics, logs.access(), logs.audit(), drain);
        Router router = Pipeline.build(vertx, config, parts);
        return store.warmUp().map(warm -> new GatewayRuntime(config, router, backends, security, store, failures, logs.access(), logs.audit()));
      });
    });
  }

  private record Logs(Optional<LineWriter> access, AuditLog audit) {
  }

  /** Opens (creating directories and files as needed) on a worker thread: file I/O never runs on the event loop. */
  private static Future<Logs> openLogs(Vertx vertx, GatewayConfig config, Metrics metrics) {
    return vertx.executeBlocking(() -> {
      try {
        Optional<LineWriter> access = "off".equals(config.observability().accessLog()) ? Optional.empty()
          : Optional.of(LineWriter.open(vertx, "access", config.observability().accessLog()));
        return new Logs(access, new AuditLog(LineWriter.open(vertx, "audit", config.observability().auditLog()), metrics));
      } catch (IOException e) {
        throw new IllegalStateException("cannot open log sink: " + e.getMessage(), e);
      }
    });
  }

  /** UP/DOWN per dependency: the rate-limit store (Redis, when configured) and each JWT issuer's keys. */
  Future<JsonObject> readiness() {
    JsonObject checks = new JsonObject();
    for (JwtAccessTokens issuer : security.credentials().jwtIssuers()) {
      checks.put("jwt_keys:" + issuer.issuer(), issuer.ready() ? "UP" : "DOWN");
    }
    if (config.redis().url().isEmpty()) {
      return Future.succeededFuture(checks.put("rate_limit_store", "UP"));
    }
    return store.ping().map(up -> checks.put("redis", up ? "UP" : "DOWN"));
  }

  Future<Void> close() {
    security.stop();
    accessLog.ifPresent(LineWriter::close);
    audit.close();
    return backends.close().compose(v -> store.close());
  }
}
