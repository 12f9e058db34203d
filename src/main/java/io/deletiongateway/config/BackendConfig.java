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
  Duration circuitReset) {

  public boolean embedded() {
    return url.isEmpty();
  }
}
