package io.deletiongateway.proxy;

import io.deletiongateway.config.BackendConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One pooled, keep-alive HTTP client per configured backend, created once at startup. */
public final class BackendClients {
  private final Map<String, BackendTarget> targets;

  private BackendClients(Map<String, BackendTarget> targets) {
    this.targets = targets;
  }

  /** @param embeddedPort where the in-process reference backends listen on loopback (unused when none is embedded) */
  public static BackendClients create(Vertx vertx, Map<String, BackendConfig> backends, int embeddedPort) {
    Map<String, BackendTarget> targets = new LinkedHashMap<>();
    backends.forEach((name, config) -> {
      URI uri = config.url().orElse(URI.create("http://127.0.0.1:" + embeddedPort));
      boolean ssl = "https".equals(uri.getScheme());
      int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
      String basePath = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      HttpClientAgent client = vertx.createHttpClient(
        new HttpClientOptions()
          .setKeepAlive(true)
          .setConnectTimeout((int) config.connectTimeout().toMillis())
          .setSsl(ssl)
          .setVerifyHost(ssl)
          .setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(config.maxConnections()).setMaxWaitQueueSize(config.maxConnections() * 4));
      CircuitBreaker breaker = CircuitBreaker.create("backend-" + name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(config.circuitMaxFailures())
        .setResetTimeout(config.circuitReset().toMillis())
        .setFailuresRollingWindow(10_000)
        .setTimeout(-1)            // response timeouts are the client's (504), not the breaker's
        .setMaxRetries(0));        // never retried: a deletion is sent once
      targets.put(name, new BackendTarget(config, client, breaker, uri.getHost(), port, ssl, basePath));
    });
    return new BackendClients(Map.copyOf(targets));
  }

  public BackendTarget target(String backendName) {
    BackendTarget target = targets.get(backendName);
    if (target == null) {
      throw new IllegalArgumentException("no backend " + backendName);
    }
    return target;
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    targets.values().forEach(t -> {
      t.breaker().close();
      // Called after the gateway drained: nothing is in flight, so pooled keep-alive connections close at once
      // (close() would wait up to 30 s for the backend to close them).
      closing.add(t.client().shutdown(0, java.util.concurrent.TimeUnit.SECONDS));
    });
    return Future.all(closing).mapEmpty();
  }
}
