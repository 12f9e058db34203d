package io.deletiongateway.proxy;

import io.deletiongateway.config.BackendConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.http.HttpClientAgent;

/**
 * A backend resolved to an address, a pooled client and its circuit breaker; {@code basePath} prefixes every
 * forwarded path.
 */
public record BackendTarget(BackendConfig config, HttpClientAgent client, CircuitBreaker breaker, String host, int port,
                            boolean ssl, String basePath) {

  /** The Host header value the backend expects. */
  public String authority() {
    boolean defaultPort = ssl ? port == 443 : port == 80;
    String name = host.contains(":") ? "[" + host + "]" : host;
    return defaultPort ? name : name + ":" + port;
  }
}
