package io.deletiongateway.config;

import io.deletiongateway.network.Cidr;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The public listener and the limits on everything a client controls. On shutdown readiness fails at once, the
 * listener keeps serving for {@code drainDelay} (load balancers notice), then in-flight requests get
 * {@code drainTimeout} to finish. A request head must arrive whole within {@code headTimeout} of its first byte
 * (slow-head clients); at most {@code maxConnections} connections are open, {@code maxConnectionsPerAddress} from one
 * client address (trusted proxies exempt).
 */
public record ServerConfig(
  String host,
  int port,
  int maxBodyBytes,
  int maxHeaderBytes,
  int maxInitialLineBytes,
  Duration idleTimeout,
  Duration readTimeout,
  Duration writeTimeout,
  Duration drainDelay,
  Duration drainTimeout,
  int eventLoops,
  List<Cidr> trustedProxies,
  List<String> clientAddressHeaders,
  Optional<TlsConfig> tls,
  Duration headTimeout,
  int maxConnections,
  int maxConnectionsPerAddress) {

  /**
   * The keys of this section a reload cannot apply (the listener is bound with them), named in the config file's
   * spelling, that differ between this and {@code next}.
   */
  public List<String> needingRestart(ServerConfig next) {
    List<String> keys = new java.util.ArrayList<>();
    if (!host.equals(next.host)) keys.add("server.host");
    if (port != next.port) keys.add("server.port");
    if (maxHeaderBytes != next.maxHeaderBytes) keys.add("server.max_header_bytes");
    if (maxInitialLineBytes != next.maxInitialLineBytes) keys.add("server.max_initial_line_bytes");
    if (!idleTimeout.equals(next.idleTimeout)) keys.add("server.idle_timeout_ms");
    if (eventLoops != next.eventLoops) keys.add("server.event_loops");
    if (!tls.map(TlsConfig::port).equals(next.tls.map(TlsConfig::port))) keys.add("server.tls.port");
    return keys;
  }
}
