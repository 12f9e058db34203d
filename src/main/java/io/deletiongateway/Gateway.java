package io.deletiongateway;

import io.deletiongateway.auth.Security;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.config.ServerConfig;
import io.deletiongateway.contract.ContractRegistry;
import io.deletiongateway.hygiene.InvalidRequests;
import io.deletiongateway.hygiene.ReadDeadlines;
import io.deletiongateway.pipeline.Pipeline;
import io.deletiongateway.proxy.BackendClients;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.BucketStores;
import io.deletiongateway.ratelimit.FailedAuthThrottle;
import io.deletiongateway.ratelimit.StoreFailures;
import io.deletiongateway.referencebackends.ReferenceBackends;
import io.deletiongateway.referencebackends.ReferenceState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.redis.client.Redis;

import java.util.Optional;

/**
 * Starts a gateway from a validated config: contracts first (a broken one stops startup), then the
 * in-process reference backends if the config names them, then the backend clients and the public listener.
 * The CLI and the tests start it the same way.
 */
public final class Gateway {
  private final HttpServer server;
  private final HttpServer referenceBackends;
  private final BackendClients backends;
  private final Security security;
  private final BucketStore limiterStore;
  private final java.time.Duration drainTimeout;

  private Gateway(HttpServer server, HttpServer referenceBackends, BackendClients backends, Security security,
                  BucketStore limiterStore, java.time.Duration drainTimeout) {
    this.drainTimeout = drainTimeout;
    this.server = server;
    this.referenceBackends = referenceBackends;
    this.backends = backends;
    this.security = security;
    this.limiterStore = limiterStore;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return ContractRegistry.load(vertx, config).compose(operations -> {
      Future<HttpServer> embedded = config.needsEmbeddedBackends()
        ? ReferenceBackends.start(vertx, "127.0.0.1", 0, ReferenceState.demo())
        : Future.succeededFuture();
      Optional<Redis> redis = BucketStores.client(vertx, config.redis());
      Security security = Security.start(vertx, config.auth(), redis, config.redis().directoryRefresh());
      return Future.all(embedded, security.ready()).compose(started -> {
        HttpServer reference = embedded.result();
        BackendClients backends = BackendClients.create(vertx, config.backends(),
          reference == null ? 0 : reference.actualPort());
        ServerConfig server = config.server();
        BucketStore store = BucketStores.create(vertx, config.redis(), redis);
        Pipeline.Limiter limiter = new Pipeline.Limiter(store, new StoreFailures(),
          config.rateLimits().authFailures().map(bucket -> new FailedAuthThrottle(bucket, store)));
        ReadDeadlines deadlines = new ReadDeadlines(vertx, server.readTimeout().toMillis());
        Pipeline.Parts parts = new Pipeline.Parts(operations, backends, security.credentials(), security.organizations(),
          limiter, deadlines);
        return store.warmUp().compose(warm -> vertx.createHttpServer(serverOptions(server))
          .invalidRequestHandler(new InvalidRequests())
          .requestHandler(Pipeline.build(vertx, config, parts))
          .listen(server.port(), server.host())
          .map(http -> new Gateway(http, reference, backends, security, store, server.drainTimeout())));
      });
    });
  }

  private static HttpServerOptions serverOptions(ServerConfig server) {
    return new HttpServerOptions()
      .setMaxHeaderSize(server.maxHeaderBytes())
      .setMaxInitialLineLength(server.maxInitialLineBytes())
      .setIdleTimeout((int) server.idleTimeout().toMillis())
      .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
      .setCompressionSupported(false)
      .setDecompressionSupported(false)
      // HTTP/2 (h2c): bounded streams and header lists; at most 200 RST_STREAM per 30 s (rapid reset, CVE-2023-44487).
      .setHttp2ClearTextEnabled(true)
      .setInitialSettings(new io.vertx.core.http.Http2Settings()
        .setMaxConcurrentStreams(100)
        .setMaxHeaderListSize(server.maxHeaderBytes()))
      .setHttp2RstFloodMaxRstFramePerWindow(200)
      .setHttp2RstFloodWindowDuration(30)
      .setHttp2RstFloodWindowDurationTimeUnit(java.util.concurrent.TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  /**
   * Graceful: the listener stops accepting, in-flight requests (deletions among them) finish within the drain
   * timeout, keep-alive connections are told to close; then clients and stores are released.
   */
  public Future<Void> close() {
    security.stop();
    return server.shutdown(drainTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
      .compose(v -> backends.close())
      .compose(v -> limiterStore.close())
      .compose(v -> referenceBackends == null ? Future.succeededFuture() : referenceBackends.close());
  }
}
