package io.deletiongateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an operation is forwarded. An empty {@code url} means the in-process reference backends
 * (config value {@code embedded}), so the quick start needs nothing else running. {@code authorization}, when
 * set, is the Authorization header the backend receives (the client's credential never is). The circuit opens
 * after {@code circuitMaxFailures} unreachable-or-stalled exchanges within 10 s and stays open {@code circuitReset}.
 */
public record BackendConfig(
  String name,
  Optional<URI> url,
  Duration connectTimeout,
  Duration responseTimeout,
  int maxConnections,
  Optional<String> authorization,
  int circuitMaxFailures,
  Duration circuitReset,
  Tls tls) {

  /**
   * TLS to an https backend: the CA bundle its certificate is verified with (else the JVM's trust store), a client
   * certificate and key for mutual TLS, and the name to verify (and send as SNI) when it is not the URL's host.
   * Verification is never off.
   */
  public record Tls(Optional<java.nio.file.Path> ca, Optional<java.nio.file.Path> clientCertificate,
                    Optional<java.nio.file.Path> clientKey, Optional<String> serverName) {
    public static final Tls DEFAULT = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean embedded() {
    return url.isEmpty();
  }
}
