package io.deletiongateway;

import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.config.ServerConfig;
import io.deletiongateway.hygiene.InvalidRequests;
import io.deletiongateway.observability.AdminServer;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.pipeline.Drain;
import io.deletiongateway.referencebackends.ReferenceBackends;
import io.deletiongateway.referencebackends.ReferenceState;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway: the public and admin listeners, the in-process reference backends when the config names
 * them, the metrics registry, and the current {@link GatewayRuntime}, which {@link #reload} replaces atomically.
 * The CLI and the tests start it the same way.
 */
public final class Gateway {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final Vertx vertx;
  private final HttpServer admin;
  private final HttpServer referenceBackends;
  private final Metrics metrics;
  private final AtomicReference<GatewayRuntime> runtime;
  private final Drain drain;

  private final int port;
  private final String listeners;

  private Gateway(Vertx vertx, int port, String listeners, HttpServer admin, HttpServer referenceBackends,
                  Metrics metrics, AtomicReference<GatewayRuntime> runtime, Drain drain) {
    this.port = port;
    this.listeners = listeners;
    this.drain = drain;
    this.vertx = vertx;
    this.admin = admin;
    this.referenceBackends = referenceBackends;
    this.metrics = metrics;
    this.runtime = runtime;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    Metrics metrics = new Metrics();
    Drain drain = new Drain();
    Future<HttpServer> embedded = config.needsEmbeddedBackends()
      ? ReferenceBackends.start(vertx, "127.0.0.1", 0, ReferenceState.demo())
      : Future.succeededFuture();
    return embedded.compose(reference -> GatewayRuntime.build(vertx, config, referencePort(reference), metrics, drain)
      .compose(first -> {
        AtomicReference<GatewayRuntime> current = new AtomicReference<>(first);
        registerMetrics(metrics, current);
        ServerConfig server = config.server();
        Handler<HttpServerRequest> handler = request -> current.get().router.handle(request);
        // One listener per event loop, all on one port (Vert.x shares a socket among servers in verticles and
        // spreads connections over them). Port 0 is resolved first so that every instance binds the same one.
        int port = server.port() != 0 ? server.port() : freePort(server.host());
        Future<String> listeners = vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            return listener(vertx, server, handler, port);
          }
        }, new DeploymentOptions().setInstances(server.eventLoops()));
        Future<HttpServer> adminListener = AdminServer.start(vertx, config.admin().host(), config.admin().port(), metrics,
          () -> current.get().readiness());
        return Future.all(listeners, adminListener)
          .map(both -> new Gateway(vertx, port, listeners.result(), adminListener.result(), reference, metrics, current, drain));
      }));
  }

  /**
   * Builds a runtime from {@code next} and switches to it; the old one is closed after the drain timeout, so
   * requests in flight finish on it. A config that fails to build is rejected and the current one keeps serving.
   * Listener settings (host, port, limits) need a restart and are not applied.
   */
  public Future<Void> reload(GatewayConfig next) {
    GatewayRuntime old = runtime.get();
    if (!next.server().equals(old.config.server()) || !next.admin().equals(old.config.admin())) {
      LOG.log(System.Logger.Level.WARNING, "config reload: server and admin settings need a restart; the rest is applied");
    }
    return GatewayRuntime.build(vertx, next, referencePort(referenceBackends), metrics, drain)
      .onSuccess(built -> {
        runtime.set(built);
        metrics.reload(true);
        LOG.log(System.Logger.Level.INFO, "config reloaded");
        vertx.setTimer(old.config.server().drainTimeout().toMillis(), id -> old.close());
      })
      .onFailure(e -> {
        metrics.reload(false);
        LOG.log(System.Logger.Level.ERROR, "config reload rejected, the current config keeps serving: " + e.getMessage());
      })
      .mapEmpty();
  }

  /** A reload refused before it reached {@link #reload} (the file did not parse): counted like the others. */
  void rejectedReload() {
    metrics.reload(false);
  }

  private static void registerMetrics(Metrics metrics, AtomicReference<GatewayRuntime> current) {
    metrics.countOf("gateway.ratelimit.store.failures", "Decisions the rate-limit store could not make, by outcome",
      current, r -> r.get().storeFailures.failedOpen(), "outcome", "passed_fail_open");
    metrics.countOf("gateway.ratelimit.store.failures", "Decisions the rate-limit store could not make, by outcome",
      current, r -> r.get().storeFailures.failedClosed(), "outcome", "refused_fail_closed");
    current.get().config.backends().keySet().forEach(name -> metrics.gauge("gateway.backend.circuit.open",
      "1 while the backend's circuit is open, 0.5 half-open, 0 closed", () -> {
        CircuitBreakerState state = current.get().backends.target(name).breaker().state();
        return state == CircuitBreakerState.OPEN ? 1 : state == CircuitBreakerState.HALF_OPEN ? 0.5 : 0;
      }, "backend", name));
    current.get().security.directory().ifPresent(directory -> {
      metrics.countOf("gateway.directory.refreshes", "Re-reads of API tokens and organizations from Redis",
        current, r -> r.get().security.directory().map(d -> d.refreshCount()).orElse(0L), "outcome", "applied");
      metrics.countOf("gateway.directory.refreshes", "Re-reads of API tokens and organizations from Redis",
        current, r -> r.get().security.directory().map(d -> d.failedRefreshCount()).orElse(0L), "outcome", "failed");
    });
    current.get().security.credentials().jwtIssuers().forEach(issuer -> metrics.countOf("gateway.jwks.fetches",
      "JWKS fetches (refreshes and unknown-kid refetches)", issuer, i -> i.jwksFetchCount(), "issuer", issuer.issuer()));
  }

  private static Future<HttpServer> listener(Vertx vertx, ServerConfig server, Handler<HttpServerRequest> handler, int port) {
    return vertx.createHttpServer(serverOptions(server))
      .invalidRequestHandler(new InvalidRequests())
      .requestHandler(handler)
      .listen(port, server.host());
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + host, e);
    }
  }

  private static int referencePort(HttpServer reference) {
    return reference == null ? 0 : reference.actualPort();
  }

  private static HttpServerOptions serverOptions(ServerConfig server) {
    return new HttpServerOptions()
      .setMaxHeaderSize(server.maxHeaderBytes())
      .setMaxInitialLineLength(server.maxInitialLineBytes())
      .setIdleTimeout((int) server.idleTimeout().toMillis())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setCompressionSupported(false)
      .setDecompressionSupported(false)
      // HTTP/2 (h2c): bounded streams and header lists; at most 200 RST_STREAM per 30 s (rapid reset, CVE-2023-44487).
      .setHttp2ClearTextEnabled(true)
      .setInitialSettings(new io.vertx.core.http.Http2Settings()
        .setMaxConcurrentStreams(100)
        .setMaxHeaderListSize(server.maxHeaderBytes()))
      .setHttp2RstFloodMaxRstFramePerWindow(200)
      .setHttp2RstFloodWindowDuration(30)
      .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS);
  }

  public int port() {
    return port;
  }

  public int adminPort() {
    return admin.actualPort();
  }

  /**
   * Graceful: new requests are refused (503, Connection: close) while those in flight (deletions among them)
   * finish, for at most the drain timeout; then the listener closes and clients, stores and logs are released.
   */
  public Future<Void> close() {
    GatewayRuntime current = runtime.get();
    return drain.drain(vertx, current.config.server().drainTimeout().toMillis())
      .compose(drained -> vertx.undeploy(listeners))
      .compose(v -> current.close())
      .compose(v -> admin.close())
      .compose(v -> referenceBackends == null ? Future.succeededFuture() : referenceBackends.close());
  }
}
