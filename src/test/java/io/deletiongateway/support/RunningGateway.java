package io.deletiongateway.support;

import io.deletiongateway.Gateway;
import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.config.GatewayConfig;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway on a free loopback port, started through the production config loader and
 * {@link Gateway#start}. Tests give it YAML (usually the shipped conf/gateway.yaml) and environment values.
 */
public final class RunningGateway implements AutoCloseable {
  public static final Path SHIPPED_CONFIG = Path.of("conf/gateway.yaml");

  private final Vertx vertx;
  private final Gateway gateway;
  public final Http http;

  private RunningGateway(Vertx vertx, Gateway gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.http = Http.gateway("http://127.0.0.1:" + gateway.port());
  }

  /** The shipped config with the given environment overrides (GATEWAY_PORT defaults to a free port). */
  public static RunningGateway shipped(Map<String, String> env) throws Exception {
    return fromYaml(Files.readString(SHIPPED_CONFIG), env);
  }

  /**
   * Tests get free ports for both listeners, no access log on stdout and the audit log in a temporary file,
   * unless their YAML or environment says otherwise.
   */
  public static RunningGateway fromYaml(String yaml, Map<String, String> env) throws Exception {
    Map<String, String> merged = new HashMap<>(Map.of("GATEWAY_PORT", "0", "GATEWAY_HOST", "127.0.0.1", "ADMIN_PORT", "0",
      "ACCESS_LOG", "off", "AUDIT_LOG", Files.createTempFile("audit", ".log").toString(), "DRAIN_DELAY_MS", "0"));
    merged.putAll(env);
    if (!yaml.contains("\nadmin:") && !yaml.startsWith("admin:")) {
      yaml = yaml + "\nadmin: {host: 127.0.0.1, port: 0}\n";
    }
    if (!yaml.contains("observability:")) {
      yaml = yaml + "\nobservability: {access_log: off, audit_log: \"" + merged.get("AUDIT_LOG") + "\"}\n";
    }
    GatewayConfig config = ConfigLoader.parse(yaml, merged);
    Vertx vertx = io.deletiongateway.edge.GatewayVertx.create();
    try {
      return new RunningGateway(vertx, Gateway.start(vertx, config).await(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return gateway.port();
  }

  public int adminPort() {
    return gateway.adminPort();
  }

  /** The TLS listener's port (-1 when TLS is off). */
  public int tlsPort() {
    return gateway.tlsPort();
  }

  /** The admin listener's Prometheus page. */
  public String metrics() {
    return Http.Plain.at("http://127.0.0.1:" + adminPort()).get("/metrics").body();
  }

  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void close() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
