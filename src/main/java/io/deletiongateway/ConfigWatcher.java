package io.deletiongateway;

import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.config.GatewayConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reloads the gateway when its config file changes (checked every {@code reload_poll_ms}) or on SIGHUP. The new
 * file is parsed and validated first; a broken one is rejected with a logged reason and the old config keeps
 * serving. Reading the file happens on a worker thread, never the event loop.
 */
public final class ConfigWatcher {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final Vertx vertx;
  private final Gateway gateway;
  private final Path file;
  private final Map<String, String> env;
  private final AtomicBoolean reloading = new AtomicBoolean();
  private volatile byte[] lastSeen;
  private long timer = -1;

  private ConfigWatcher(Vertx vertx, Gateway gateway, Path file, Map<String, String> env) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.file = file;
    this.env = env;
  }

  public static ConfigWatcher watch(Vertx vertx, Gateway gateway, Path file, Map<String, String> env, GatewayConfig config) {
    ConfigWatcher watcher = new ConfigWatcher(vertx, gateway, file, env);
    watcher.lastSeen = watcher.read();
    long poll = config.observability().reloadPoll().toMillis();
    if (poll > 0) {
      watcher.timer = vertx.setPeriodic(poll, id -> watcher.checkIfChanged());
    }
    return watcher;
  }

  /** SIGHUP: reload now, whether or not the file looks changed. */
  public void installSignalHandler() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> vertx.runOnContext(v -> readThen(this::reload)));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "SIGHUP reload unavailable here: " + e.getMessage());
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void checkIfChanged() {
    readThen(content -> {
      if (content != null && !Arrays.equals(content, lastSeen)) {
        reload(content);
      }
    });
  }

  /** Reads the file on a worker thread, then goes on with its content (null if unreadable) on the event loop. */
  private void readThen(java.util.function.Consumer<byte[]> next) {
    vertx.executeBlocking(this::read).onSuccess(next::accept);
  }

  private void reload(byte[] content) {
    if (content == null || !reloading.compareAndSet(false, true)) {
      return;
    }
    lastSeen = content;
    GatewayConfig next;
    try {
      next = ConfigLoader.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8), env);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "config reload rejected, the current config keeps serving: " + e.getMessage());
      gateway.rejectedReload();
      reloading.set(false);
      return;
    }
    gateway.reload(next).onComplete(done -> reloading.set(false));
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }
}
