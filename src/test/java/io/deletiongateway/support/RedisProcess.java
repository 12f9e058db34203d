package io.deletiongateway.support;

import io.deletiongateway.config.RedisConfig;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port, started by the test (no persistence), which can be stopped and
 * started again on the same port to simulate an outage. {@link #cluster(int)} builds an N-master Redis Cluster.
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final List<String> cliTls;
  private Process process;
  private Path sentinelConf;

  private RedisProcess(int port, Path dir, List<String> extraArgs) {
    this(port, dir, extraArgs, List.of());
  }

  private RedisProcess(int port, Path dir, List<String> extraArgs, List<String> cliTls) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
    this.cliTls = cliTls;
  }

  /** A redis-server serving TLS only (its plaintext port off), with {@code certificate} signed by the CA in {@code ca}. */
  public static RedisProcess tls(TestPki.Written certificate, Path ca) throws Exception {
    int port = Ports.free();
    RedisProcess redis = new RedisProcess(port, Files.createTempDirectory("redis-tls"), List.of("--port", "0", "--tls-port",
      Integer.toString(port), "--tls-cert-file", certificate.certificate().toString(), "--tls-key-file", certificate.key().toString(),
      "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"),
      List.of("--tls", "--cacert", ca.toString(), "--sni", "localhost"));
    redis.startProcess();
    return redis;
  }

  public static RedisProcess start() throws Exception {
    RedisProcess redis = new RedisProcess(Ports.free(), Files.createTempDirectory("redis"), List.of());
    redis.startProcess();
    return redis;
  }

  /** A replica of {@code master}, on a free port. */
  public static RedisProcess replicaOf(RedisProcess master) throws Exception {
    RedisProcess replica = new RedisProcess(Ports.free(), Files.createTempDirectory("redis-replica"),
      List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    replica.startProcess();
    return replica;
  }

  public int port() {
    return port;
  }

  public String url() {
    return (cliTls.isEmpty() ? "redis://127.0.0.1:" : "rediss://localhost:") + port;
  }

  /** The gateway's config for this server, standalone, with {@code poolSize} request-path connections. */
  public RedisConfig standaloneConfig(int poolSize) {
    return new RedisConfig(java.util.Optional.of(url()), RedisConfig.Mode.STANDALONE, List.of(), "mymaster",
      java.time.Duration.ofSeconds(2), poolSize, java.time.Duration.ZERO, java.time.Duration.ofSeconds(1),
      java.util.Optional.empty());
  }

  public void stop() throws Exception {
    if (process != null) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** SIGKILL: a crash, not a shutdown. */
  public void kill() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  public void restart() throws Exception {
    stop();
    startProcess();
  }

  /** Runs redis-cli against this server and returns its output. */
  public String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(cliTls);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /** Like {@link #cli}, for polling a condition: "" while the server cannot answer (killed, not up yet). */
  public String cliOrEmpty(String... args) {
    try {
      return cli(args);
    } catch (Exception e) {
      return "";
    }
  }

  /** Every key matching {@code pattern}, with its remaining time to live in milliseconds (-1: none). */
  public java.util.Map<String, Long> ttls(String pattern) throws Exception {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (String key : cli("--scan", "--pattern", pattern).split("\n")) {
      if (!key.isBlank()) {
        out.put(key, Long.parseLong(cli("PTTL", key)));
      }
    }
    return out;
  }

  private void startProcess() throws Exception {
    List<String> command = sentinelConf != null
      ? new ArrayList<>(List.of("redis-server", sentinelConf.toString(), "--sentinel"))
      : new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning"));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        if ("PONG".equals(cli("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("redis-server did not start on " + port + ": " + Files.readString(dir.resolve("redis.log")));
  }

  /** A Sentinel (redis-server --sentinel) monitoring {@code master} under the name {@code masterName}. */
  public static RedisProcess sentinel(RedisProcess master, String masterName) throws Exception {
    int port = Ports.free();
    Path dir = Files.createTempDirectory("redis-sentinel");
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor " + masterName + " 127.0.0.1 "
      + master.port() + " 1\nsentinel down-after-milliseconds " + masterName + " 2000\n"
      + "sentinel failover-timeout " + masterName + " 10000\n");
    RedisProcess sentinel = new RedisProcess(port, dir, List.of());
    sentinel.sentinelConf = conf;
    sentinel.startProcess();
    return sentinel;
  }

  /** N masters, all slots assigned, cluster_state:ok. */
  public static List<RedisProcess> cluster(int masters) throws Exception {
    return cluster(masters, 0);
  }

  /** N masters with {@code replicas} replicas each, all slots assigned, every node agreeing the cluster is ok. */
  public static List<RedisProcess> cluster(int masters, int replicas) throws Exception {
    List<RedisProcess> nodes = new ArrayList<>();
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    for (int i = 0; i < masters * (1 + replicas); i++) {
      int port = Ports.free();
      Path dir = Files.createTempDirectory("redis-cluster");
      RedisProcess node = new RedisProcess(port, dir, List.of("--cluster-enabled", "yes",
        "--cluster-config-file", dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000"));
      node.startProcess();
      nodes.add(node);
      create.add("127.0.0.1:" + port);
    }
    create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
    Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("cluster create failed: " + out);
    }
    Conditions.await("every node agrees the cluster is ok", () -> nodes.stream().allMatch(n -> {
      String info = n.cliOrEmpty("CLUSTER", "INFO");
      return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size());
    }));
    return nodes;
  }

  @Override
  public void close() throws Exception {
    stop();
  }

}
