package io.deletiongateway.proxy;

import io.deletiongateway.config.BackendConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;

/**
 * A backend resolved to an address, its keep-alive connections (a pool per event loop) and its circuit breaker;
 * {@code basePath} prefixes every forwarded path. Long-lived: it outlives any config that names the backend unchanged.
 */
public record BackendTarget(BackendConfig config, BackendPool pool, CircuitBreaker breaker, String host, int port,
                            boolean ssl, String basePath) {

  /**
   * @param embeddedPort where the in-process reference backends listen on loopback (unused when not embedded)
   * @param eventLoops   the listener's event loops, among which the backend's connections are split
   */
  public static BackendTarget open(Vertx vertx, BackendConfig config, int embeddedPort, int eventLoops) {
    URI uri = config.url().orElse(URI.create("http://127.0.0.1:" + embeddedPort));
    boolean ssl = "https".equals(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String basePath = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    HttpClientOptions options = new HttpClientOptions()
      .setKeepAlive(true)
      .setConnectTimeout((int) config.connectTimeout().toMillis())
      .setSsl(ssl)
      .setVerifyHost(ssl)
      .setDecompressionSupported(false);
    if (ssl) {
      // Verified against the configured CA bundle (else the JVM's trust store), by name: never trust-all.
      options.setForceSni(true).setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"));
      config.tls().ca().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
      config.tls().clientCertificate().ifPresent(certificate -> options.setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(certificate.toString()).setKeyPath(config.tls().clientKey().orElseThrow().toString())));
    }
    BackendPool pool = BackendPool.open(vertx, options, config.maxConnections(), eventLoops);
    CircuitBreaker breaker = CircuitBreaker.create("backend-" + config.name(), vertx, new CircuitBreakerOptions()
      .setMaxFailures(config.circuitMaxFailures())
      .setResetTimeout(config.circuitReset().toMillis())
      .setFailuresRollingWindow(10_000)
      .setTimeout(-1)            // response timeouts are the client's (504), not the breaker's
      .setMaxRetries(0)          // never retried: a deletion is sent once
      // No event-bus notifications: the breaker's state reaches /metrics through GatewayServices; its own metrics
      // (a timed, locked record and a latency histogram per call, published every 2 s) would cost every request.
      .setNotificationAddress(null));
    return new BackendTarget(config, pool, breaker, uri.getHost(), port, ssl, basePath);
  }

  /** Called once no runtime uses this backend any more, so nothing is in flight on it. */
  public Future<Void> close() {
    breaker.close();
    return pool.close();
  }

  /** The Host header value the backend expects. */
  public String authority() {
    boolean defaultPort = ssl ? port == 443 : port == 80;
    String name = host.contains(":") ? "[" + host + "]" : host;
    return defaultPort ? name : name + ":" + port;
  }
}
