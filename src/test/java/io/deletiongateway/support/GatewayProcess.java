package io.deletiongateway.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The gateway as its own JVM process, started the way the README and the Docker image start it (Main serve). */
public final class GatewayProcess implements AutoCloseable {
  public final Process process;
  public final int port;
  public final Http http;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.http = Http.Plain.at("http://127.0.0.1:" + port);
  }

  public static GatewayProcess start(Map<String, String> env) throws Exception {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "io.deletiongateway.cli.Main", "serve", "conf/gateway.yaml"))
      .redirectErrorStream(true);
    builder.environment().putAll(Map.of("GATEWAY_PORT", Integer.toString(port), "GATEWAY_HOST", "127.0.0.1",
      "ADMIN_PORT", Integer.toString(freePort()), "ACCESS_LOG", "off"));
    builder.environment().putAll(env);
    Process process = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (line.startsWith("deletion-gateway listening")) {
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            return line;
          }
        }
        throw new IllegalStateException("gateway process exited: " + seen);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    ready.get(60, TimeUnit.SECONDS);
    return new GatewayProcess(process, port);
  }

  /** SIGTERM, as Docker and Kubernetes send it. */
  public void terminate() {
    process.destroy();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
