package io.deletiongateway;

import io.deletiongateway.auth.Credentials;
import io.deletiongateway.auth.Security;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.contract.ContractRegistry;
import io.deletiongateway.hygiene.InvalidRequests;
import io.deletiongateway.hygiene.ReadDeadlines;
import io.deletiongateway.observability.AuditLog;
import io.deletiongateway.observability.AuditSink;
import io.deletiongateway.observability.LineWriter;
import io.deletiongateway.pipeline.AnswerStyles;
import io.deletiongateway.pipeline.InFlight;
import io.deletiongateway.pipeline.Pipeline;
import io.deletiongateway.proxy.BackendTarget;
import io.deletiongateway.ratelimit.FailedAuthThrottle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one config decides: its contracts, verifiers, limits, routes and the request pipeline. Everything with
 * state that must outlive the config it borrows from {@link GatewayServices}: leases on backends and log sinks,
 * released when this runtime closes. A reload builds a new runtime beside the old; the listener switches to it
 * atomically and the old one is closed once its last request has ended (at the latest after the drain timeout).
 */
final class GatewayRuntime {
  final GatewayConfig config;
  final Credentials credentials;
  private final Router router;
  private final InvalidRequests invalidRequests;
  private final InFlight inFlight;
  private final List<Runnable> releases;

  private GatewayRuntime(GatewayConfig config, Credentials credentials, Router router, InvalidRequests invalidRequests,
                         InFlight inFlight, List<Runnable> releases) {
    this.invalidRequests = invalidRequests;
    this.config = config;
    this.credentials = credentials;
    this.router = router;
    this.inFlight = inFlight;
    this.releases = releases;
  }

  static Future<GatewayRuntime> build(GatewayServices services, GatewayConfig config) {
    if (config.needsEmbeddedBackends() && !services.hasEmbeddedBackends()) {
      return Future.failedFuture("backends with url 'embedded' need a restart: none were embedded at startup");
    }
    return ContractRegistry.load(services.vertx, config).compose(operations -> {
      List<Runnable> releases = new ArrayList<>();
      Security.Leased auth = services.security.credentials(config.auth());
      releases.add(auth.release());
      Map<String, BackendTarget> backends = new HashMap<>();
      config.backends().forEach((name, backend) -> {
        var lease = services.backends.acquire(name, backend);
        releases.add(lease::release);
        backends.put(name, lease.part());
      });
      return auth.ready().compose(ready -> openLogs(services, config, releases)).compose(logs -> {
        Pipeline.Limiter limiter = new Pipeline.Limiter(services.store, services.storeFailures,
          config.rateLimits().authFailures().map(bucket -> new FailedAuthThrottle(bucket, services.store, services.authFailureBlocks)),
          services.deletionGuard, services.deletionRecordFailures::increment);
        InFlight inFlight = new InFlight();
        Pipeline.Parts parts = new Pipeline.Parts(operations, Map.copyOf(backends), auth.credentials(),
          services.security.organizations(), limiter, new ReadDeadlines(services.vertx, config.server().readTimeout().toMillis()),
          services.metrics, logs.access(), new AuditLog(logs.audit(), services.metrics), services.drain, inFlight);
        services.metrics.prepare(config.rateLimits().policies().keySet(), config.backends().keySet(), config.apis().keySet());
        AnswerStyles styles = new AnswerStyles(config.apis(), operations);
        Router router = Pipeline.build(services.vertx, config, parts, styles);
        return Future.succeededFuture(new GatewayRuntime(config, auth.credentials(), router, new InvalidRequests(styles),
          inFlight, releases));
      }).onFailure(e -> releases.forEach(Runnable::run));
    });
  }

  private record Logs(Optional<LineWriter> access, AuditSink audit) {
  }

  /** Leases the config's log sinks, opening new ones on a worker thread: file I/O never runs on the event loop. */
  private static Future<Logs> openLogs(GatewayServices services, GatewayConfig config, List<Runnable> releases) {
    return services.vertx.executeBlocking(() -> {
      Optional<LineWriter> access = Optional.empty();
      String accessLog = config.observability().accessLog();
      if (!"off".equals(accessLog)) {
        var lease = services.accessSinks.acquire(accessLog, accessLog);
        releases.add(lease::release);
        access = Optional.of(lease.part());
      }
      AuditSink.Config auditConfig = new AuditSink.Config(config.observability().auditLog(), config.observability().auditHmacKey());
      var audit = services.auditSinks.acquire(auditConfig.target(), auditConfig);
      releases.add(audit::release);
      return new Logs(access, audit.part());
    });
  }

  /** A request the HTTP decoder refused (see {@link InvalidRequests}). */
  void invalid(HttpServerRequest request) {
    invalidRequests.handle(request);
  }

  void handle(HttpServerRequest request) {
    if (!invalidRequests.refused(request, config.server().maxInitialLineBytes())) {
      router.handle(request);
    }
  }

  Future<JsonObject> readiness(GatewayServices services) {
    return services.readiness(credentials.jwtIssuers());
  }

  /** Replaced by a reload: closes once its last request has ended, or after {@code deadlineMillis} regardless. */
  void retire(io.vertx.core.Vertx vertx, long deadlineMillis) {
    inFlight.whenIdle(this::close);
    vertx.setTimer(Math.max(1, deadlineMillis), id -> inFlight.force());
  }

  /** Releases every lease; a part no other runtime holds is closed. Runs once. */
  synchronized void close() {
    releases.forEach(Runnable::run);
    releases.clear();
  }
}
