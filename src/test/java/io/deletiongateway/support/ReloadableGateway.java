package io.deletiongateway.support;

import io.deletiongateway.ConfigWatcher;
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
 * A real gateway serving a config file that the test rewrites: started like the CLI starts it (config loader,
 * {@link Gateway#start}, {@link ConfigWatcher} polling every 50 ms), so a rewrite is a reload by file change.
 */
public final class ReloadableGateway implements AutoCloseable {
  private final Vertx vertx;
  private final Gateway gateway;
  private final ConfigWatcher watcher;
  private final Path file;
  public final Http http;
  public final Http admin;

  private ReloadableGateway(Vertx vertx, Gateway gateway, ConfigWatcher watcher, Path file) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.watcher = watcher;
    this.file = file;
    this.http = Http.gateway("http://127.0.0.1:" + gateway.port());
    this.admin = Http.Plain.at("http://127.0.0.1:" + gateway.adminPort());
  }

  /** {@code yaml} should set {@code observability.reload_poll_ms} low; the environment gives free ports and no drain delay. */
  public static ReloadableGateway start(Path dir, String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml);
    Map<String, String> merged = new HashMap<>(Map.of("GATEWAY_PORT", "0", "GATEWAY_HOST", "127.0.0.1", "ADMIN_PORT", "0",
      "ACCESS_LOG", "off", "AUDIT_LOG", dir.resolve("audit.log").toString(), "DRAIN_DELAY_MS", "0"));
    merged.putAll(env);
    GatewayConfig config = ConfigLoader.load(file, merged);
    Vertx vertx = io.deletiongateway.edge.GatewayVertx.create();
    try {
      Gateway gateway = Gateway.start(vertx, config).await(30, TimeUnit.SECONDS);
      return new ReloadableGateway(vertx, gateway, ConfigWatcher.watch(vertx, gateway, file, merged, config), file);
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Writes the new config and returns once the gateway has applied it. */
  public void rewrite(String yaml) throws Exception {
    double before = appliedReloads();
    Files.writeString(file, yaml);
    Conditions.await("the reload is applied", () -> appliedReloads() > before);
  }

  public double appliedReloads() {
    return Scrape.value(admin.get("/metrics").body(), "gateway_config_reloads_total", "outcome=\"applied\"");
  }

  public String metrics() {
    return admin.get("/metrics").body();
  }

  public int port() {
    return gateway.port();
  }

  @Override
  public void close() throws Exception {
    watcher.stop();
    gateway.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
