package io.deletiongateway;

import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.config.ServerConfig;
import io.deletiongateway.hygiene.HalfClosedClients;
import io.deletiongateway.hygiene.InvalidRequests;
import io.deletiongateway.observability.AdminServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.ServerSSLOptions;
import io.deletiongateway.tls.ServerTls;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway: the public and admin listeners, the long-lived {@link GatewayServices}, and the current
 * {@link GatewayRuntime}, which {@link #reload} replaces atomically. The CLI and the tests start it the same way.
 */
public final class Gateway {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final GatewayServices services;
  private final AtomicReference<GatewayRuntime> runtime;
  private final List<HttpServer> listeners;
  private final String deployment;
  private final HttpServer admin;
  private final int port;
  private final int tlsPort;

  private Gateway(GatewayServices services, AtomicReference<GatewayRuntime> runtime, List<HttpServer> listeners,
                  String deployment, HttpServer admin, int port, int tlsPort) {
    this.tlsPort = tlsPort;
    this.services = services;
    this.runtime = runtime;
    this.listeners = listeners;
    this.deployment = deployment;
    this.admin = admin;
    this.port = port;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return GatewayServices.start(vertx, config).compose(services -> GatewayRuntime.build(services, config).compose(first -> {
      AtomicReference<GatewayRuntime> current = new AtomicReference<>(first);
      ServerConfig server = config.server();
      Handler<HttpServerRequest> handler = request -> current.get().handle(request);
      Handler<HttpServerRequest> invalid = request -> current.get().invalid(request);
      Handler<HttpConnection> connections = connection -> {
        services.edge.handedOver(connection);  // its first head is whole: the edge's clock stops
        HalfClosedClients.install(connection);
      };
      Future<Optional<ServerSSLOptions>> tls = server.tls()
        .map(t -> services.serverTls.start(t, config.observability().reloadPoll().toMillis(), server.headTimeout().toMillis()).map(Optional::of))
        .orElse(Future.succeededFuture(Optional.empty()));
      return tls.compose(ssl -> {
        // One listener per event loop, all on one port (Vert.x shares a socket among servers in verticles and
        // spreads connections over them); the same for TLS. Port 0 is resolved first so that every instance binds
        // the same one.
        int port = server.port() != 0 ? server.port() : freePort(server.host());
        int tlsPort = ssl.isEmpty() ? -1 : server.tls().get().port() != 0 ? server.tls().get().port() : freePort(server.host());
        List<HttpServer> listeners = new CopyOnWriteArrayList<>();
        Future<String> deployed = vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            // This loop's own connections to the limiter's store open before it listens (see PerLoop).
            return services.store.warmUp().compose(warm -> listen());
          }

          private Future<?> listen() {
            services.edge.guard(port);
            Future<HttpServer> plain = listener(vertx, serverOptions(server), handler, invalid, connections, server.host(), port)
              .onSuccess(listeners::add);
            if (ssl.isEmpty()) {
              return plain;
            }
            services.edge.guard(tlsPort);
            Future<HttpServer> secure = listener(vertx, ServerTls.apply(serverOptions(server), ssl.get()), handler, invalid,
              connections, server.host(), tlsPort).onSuccess(listening -> {
                listeners.add(listening);
                services.serverTls.register(listening);
              });
            return Future.all(plain, secure);
          }
        }, new DeploymentOptions().setInstances(server.eventLoops()));
        Future<HttpServer> adminListener = AdminServer.start(vertx, config.admin().host(), config.admin().port(), services.metrics,
          () -> current.get().readiness(services));
        return Future.all(deployed, adminListener)
          .map(both -> new Gateway(services, current, listeners, deployed.result(), adminListener.result(), port, tlsPort));
      });
    }));
  }

  /**
   * Builds a runtime from {@code next} and switches to it; the old one closes once its requests in flight have
   * ended. A config that fails to build is rejected and the current one keeps serving. State owned by
   * {@link GatewayServices} carries over; the keys it is built from need a restart, and only those are warned of.
   */
  public Future<Void> reload(GatewayConfig next) {
    List<String> restartOnly = services.needingRestart(next);
    if (!restartOnly.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "config reload: " + String.join(", ", restartOnly)
        + " changed and need a restart; the rest is applied");
    }
    return GatewayRuntime.build(services, next)
      .onSuccess(built -> {
        services.security.configure(next.auth());
        services.configureEdge(next);
        GatewayRuntime old = runtime.getAndSet(built);
        services.metrics.reload(true);
        LOG.log(System.Logger.Level.INFO, "config reloaded");
        old.retire(services.vertx, old.config.server().drainTimeout().toMillis());
      })
      .onFailure(e -> {
        services.metrics.reload(false);
        LOG.log(System.Logger.Level.ERROR, "config reload rejected, the current config keeps serving: " + e.getMessage());
      })
      .mapEmpty();
  }

  /** A reload refused before it reached {@link #reload} (the file did not parse): counted like the others. */
  void rejectedReload() {
    services.metrics.reload(false);
  }

  private static Future<HttpServer> listener(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
                                             Handler<HttpServerRequest> invalid, Handler<HttpConnection> connections,
                                             String host, int port) {
    return vertx.createHttpServer(options)
      .invalidRequestHandler(invalid)
      .connectionHandler(connections)
      .requestHandler(handler)
      .listen(port, host);
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + host, e);
    }
  }

  private static HttpServerOptions serverOptions(ServerConfig server) {
    return new HttpServerOptions()
      .setMaxHeaderSize(server.maxHeaderBytes())
      .setMaxInitialLineLength(InvalidRequests.decoderLineLimit(server.maxInitialLineBytes()))  // beyond: 414 ourselves
      .setIdleTimeout((int) server.idleTimeout().toMillis())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setCompressionSupported(false)
      .setDecompressionSupported(false)
      // No WebSocket is served: without its extension handler (whose queue limits HTTP/1.1 pipelining to 128
      // requests and then drops the connection) every pipelined request gets its answer.
      .setPerFrameWebSocketCompressionSupported(false)
      .setPerMessageWebSocketCompressionSupported(false)
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

  /** The TLS listener's port; -1 when TLS is off. */
  public int tlsPort() {
    return tlsPort;
  }

  public int adminPort() {
    return admin.actualPort();
  }

  /**
   * Graceful shutdown, as load balancers need it: readiness answers 503 at once; the listener keeps serving for
   * the drain delay (so they notice and stop routing here); then new requests are refused and the listeners'
   * own graceful shutdown (Vert.x's {@link HttpServer#shutdown(long, TimeUnit)}) lets those in flight, deletions among
   * them, finish within the drain timeout, closing each connection once its last answer is written. Then the
   * runtime and the long-lived services are closed.
   */
  public Future<Void> close() {
    GatewayRuntime current = runtime.get();
    ServerConfig server = current.config.server();
    services.drain.announce();
    LOG.log(System.Logger.Level.INFO, "shutting down: readiness is 503; serving " + server.drainDelay().toMillis()
      + " ms more, then draining for at most " + server.drainTimeout().toMillis() + " ms");
    // The wait runs on a worker thread: an event-loop timer set from the JVM's shutdown thread was seen never to fire.
    Vertx vertx = services.vertx;
    return vertx.<Void>executeBlocking(() -> {
        Thread.sleep(server.drainDelay().toMillis());
        return null;
      }, false)
      .compose(waited -> {
        services.drain.refuseNew();
        List<Future<Void>> closing = listeners.stream()
          .map(l -> l.shutdown(server.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)).toList();
        return Future.join(closing);
      })
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture())
      .compose(drained -> vertx.undeploy(deployment))
      .compose(v -> {
        current.close();
        return services.close();
      })
      .compose(v -> admin.close());
  }
}
