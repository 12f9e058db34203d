package io.deletiongateway.config;

import java.time.Duration;

/** The public listener and the limits on everything a client controls. */
public record ServerConfig(
  String host,
  int port,
  int maxBodyBytes,
  int maxHeaderBytes,
  int maxInitialLineBytes,
  Duration idleTimeout) {
}
