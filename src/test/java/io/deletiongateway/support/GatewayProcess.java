package io.deletiongateway.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The gateway as its own JVM process, started the way the README and the Docker image start it (Main serve). */
public final class GatewayProcess implements AutoCloseable {
  public final Process process;
  public final int port;
  public final int adminPort;
  public final Http http;
  public final Http admin;
  /** Everything the process printed so far (stdout and stderr). */
  public final StringBuffer output = new StringBuffer();

  private GatewayProcess(Process process, int port, int adminPort) {
    this.process = process;
    this.port = port;
    this.adminPort = adminPort;
    this.http = Http.gateway("http://127.0.0.1:" + port);
    this.admin = Http.Plain.at("http://127.0.0.1:" + adminPort);
  }

  public static GatewayProcess start(Map<String, String> env) throws Exception {
    return start(Path.of("conf/gateway.yaml"), env);
  }

  /** Serves {@code config}; the environment gives free ports, no access log and no drain delay unless {@code env} says otherwise. */
  public static GatewayProcess start(Path config, Map<String, String> env) throws Exception {
    int port = Ports.free();
    int adminPort = Ports.free();
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "io.deletiongateway.cli.Main", "serve", config.toString()))
      .redirectErrorStream(true);
    builder.environment().putAll(Map.of("GATEWAY_PORT", Integer.toString(port), "GATEWAY_HOST", "127.0.0.1",
      "ADMIN_PORT", Integer.toString(adminPort), "ACCESS_LOG", "off", "DRAIN_DELAY_MS", "0"));
    builder.environment().putAll(env);
    Process process = builder.start();
    GatewayProcess started = new GatewayProcess(process, port, adminPort);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          started.output.append(line).append('\n');
          if (line.contains("deletion-gateway listening")) {  // a JSON log line
            Thread drain = new Thread(() -> out.lines().forEach(l -> started.output.append(l).append('\n')));
            drain.setDaemon(true);
            drain.start();
            return line;
          }
        }
        throw new IllegalStateException("gateway process exited: " + started.output);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    ready.get(60, TimeUnit.SECONDS);
    return started;
  }

  /** Runs a one-shot CLI command (e.g. {@code audit verify FILE}) as its own JVM: its exit code and output. */
  public record CliResult(int exit, String output) {
  }

  public static CliResult cli(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "io.deletiongateway.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("AUDIT_HMAC_KEY");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("cli did not finish: " + output);
    }
    return new CliResult(process.exitValue(), output);
  }

  /** Sends a signal by name (HUP, TERM), as an operator's kill would. */
  public void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  /** Open file descriptors of the process. */
  public int openFileDescriptors() throws Exception {
    try (var fds = java.nio.file.Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      return (int) fds.count();
    }
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

}
