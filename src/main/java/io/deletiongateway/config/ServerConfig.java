package io.deletiongateway.config;

import io.deletiongateway.network.Cidr;

import java.time.Duration;
import java.util.List;

/** The public listener and the limits on everything a client controls. */
public record ServerConfig(
  String host,
  int port,
  int maxBodyBytes,
  int maxHeaderBytes,
  int maxInitialLineBytes,
  Duration idleTimeout,
  Duration readTimeout,
  Duration drainTimeout,
  int eventLoops,
  List<Cidr> trustedProxies) {
}
