package io.deletiongateway.proxy;

import io.deletiongateway.config.BackendConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend resolved to an address, a pooled keep-alive client and its circuit breaker; {@code basePath}
 * prefixes every forwarded path; {@code busy} counts the exchanges holding or awaiting one of its connections.
 * Long-lived: it outlives any config that names the backend unchanged.
 */
public record BackendTarget(BackendConfig config, HttpClientAgent client, CircuitBreaker breaker, String host, int port,
                            boolean ssl, String basePath, AtomicInteger busy) {

  /** @param embeddedPort where the in-process reference backends listen on loopback (unused when not embedded) */
  public static BackendTarget open(Vertx vertx, BackendConfig config, int embeddedPort) {
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
    HttpClientAgent client = vertx.createHttpClient(options,
      new PoolOptions().setHttp1MaxSize(config.maxConnections()).setMaxWaitQueueSize(config.maxConnections() * 4));
    CircuitBreaker breaker = CircuitBreaker.create("backend-" + config.name(), vertx, new CircuitBreakerOptions()
      .setMaxFailures(config.circuitMaxFailures())
      .setResetTimeout(config.circuitReset().toMillis())
      .setFailuresRollingWindow(10_000)
      .setTimeout(-1)            // response timeouts are the client's (504), not the breaker's
      .setMaxRetries(0));        // never retried: a deletion is sent once
    return new BackendTarget(config, client, breaker, uri.getHost(), port, ssl, basePath, new AtomicInteger());
  }

  /**
   * Called once no runtime uses this backend any more, so nothing is in flight on it: pooled keep-alive
   * connections close at once (close() would wait up to 30 s for the backend to close them).
   */
  public Future<Void> close() {
    breaker.close();
    return client.shutdown(0, TimeUnit.SECONDS);
  }

  /** The Host header value the backend expects. */
  public String authority() {
    boolean defaultPort = ssl ? port == 443 : port == 80;
    String name = host.contains(":") ? "[" + host + "]" : host;
    return defaultPort ? name : name + ":" + port;
  }
}
