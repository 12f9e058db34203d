package io.deletiongateway.cli;

import io.deletiongateway.ConfigWatcher;
import io.deletiongateway.Gateway;
import io.deletiongateway.edge.GatewayVertx;
import io.deletiongateway.config.ConfigException;
import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.contract.ContractRegistry;
import io.deletiongateway.referencebackends.ReferenceBackends;
import io.deletiongateway.referencebackends.ReferenceState;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The command line (picocli): {@code serve [FILE]}, {@code check [FILE]}, {@code token create …},
 * {@code reference-backends [PORT]}, {@code audit verify FILE...}; {@code --help} and {@code --version} on every
 * command. Exit codes: 0 success (help and version included); 1 the check or verification failed, or the gateway
 * could not start; 2 a usage error (unknown command or option, bad value).
 */
@Command(name = "deletion-gateway", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "An edge gateway for destructive API operations.",
  subcommands = {Main.Serve.class, Main.Check.class, TokenCommand.class, CertCommand.class, Main.ReferenceBackendsCommand.class,
    AuditCommand.class},
  exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:success", "1:check or verification failed, or cannot start", "2:usage error"})
public final class Main implements Runnable {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  static final String DEFAULT_CONFIG = "conf/gateway.yaml";

  public static void main(String[] args) {
    // Before anything touches java.util.logging: its records (Vert.x, Netty, libraries) go to Log4j2's JSON lines too.
    System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
    // Before Netty's allocator is first used: its pooled allocator rather than Netty 4.2's default adaptive one, for
    // about 2.4 % less CPU per read at some 100 MiB more RSS (README, Performance). A -D given on the command line wins.
    if (System.getProperty("io.netty.allocator.type") == null) {
      System.setProperty("io.netty.allocator.type", "pooled");
    }
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0 || !Serve.started) {
      System.exit(exit);
    }
  }

  /** No command: the usage, as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
  }

  /** The build's version, for --version. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"deletion-gateway " + number()};
    }

    /** The build's version, from the filtered deletion-gateway.properties ("unknown" outside a build). */
    public static String number() {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/deletion-gateway.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (java.io.IOException e) {
        return "unknown";
      }
      return properties.getProperty("version", "unknown");
    }
  }

  /** The config file argument of serve and check. */
  static final class ConfigFile {
    @Parameters(arity = "0..1", paramLabel = "CONFIG_FILE", defaultValue = DEFAULT_CONFIG, description = "default ${DEFAULT-VALUE}")
    Path file;

    /** The parsed config, or null when it is invalid (the reason printed for a person, or logged as JSON by serve). */
    GatewayConfig load(boolean logged) {
      try {
        return ConfigLoader.load(file, System.getenv());
      } catch (ConfigException e) {
        if (logged) {
          LOG.log(System.Logger.Level.ERROR, file + ": " + e.getMessage());
        } else {
          System.err.println(file + ": " + e.getMessage());
        }
        return null;
      }
    }
  }

  /**
   * vertx-json-schema validates in one method too large for HotSpot's JIT by default: without
   * -XX:-DontCompileHugeMethods every contract check runs interpreted (README, JVM flags).
   */
  static void warnIfHugeMethodsStayInterpreted() {
    var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    if (hotspot != null && "true".equals(hotspot.getVMOption("DontCompileHugeMethods").getValue())) {
      LOG.log(System.Logger.Level.WARNING, "JVM flag -XX:-DontCompileHugeMethods is not set: contract validation runs"
        + " interpreted, at several times its CPU cost (see README, JVM flags)");
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Runs the gateway; the config is re-read when it changes and on SIGHUP, SIGTERM drains.")
  static final class Serve implements Callable<Integer> {
    /** True once the gateway listens: main then returns and the process lives on its non-daemon threads. */
    static volatile boolean started;

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() {
      Path file = configFile.file;
      GatewayConfig config = configFile.load(true);
      if (config == null) {
        return 1;
      }
      Vertx vertx = GatewayVertx.create();
      try {
        Gateway gateway = Gateway.start(vertx, config).await(60, TimeUnit.SECONDS);
        ConfigWatcher watcher = ConfigWatcher.watch(vertx, gateway, file, System.getenv(), config);
        watcher.installSignalHandler();
        LOG.log(System.Logger.Level.INFO, "deletion-gateway listening on http://" + config.server().host() + ":" + gateway.port()
          + (gateway.tlsPort() > 0 ? " and https://" + config.server().host() + ":" + gateway.tlsPort() : "")
          + " (admin on " + config.admin().host() + ":" + gateway.adminPort() + ")");
        // SIGTERM: readiness 503 at once, keep serving for the drain delay, then let in-flight requests finish and exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            watcher.stop();
            gateway.close().await(config.server().drainDelay().toMillis() + config.server().drainTimeout().toMillis() + 5_000,
              TimeUnit.MILLISECONDS);
            // Vert.x's own close can take its 30 s defaults releasing what the exiting process frees anyway.
            vertx.close().await(2, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // exiting anyway
          }
        }, "shutdown"));
        warnIfHugeMethodsStayInterpreted();
        started = true;
        return 0;
      } catch (Exception e) {
        LOG.log(System.Logger.Level.ERROR, "deletion-gateway: cannot start: " + e.getMessage());
        vertx.close();
        return 1;
      }
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Validates the config and its contracts: exit 0 when valid, 1 naming what is not.")
  static final class Check implements Callable<Integer> {
    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() {
      Path file = configFile.file;
      GatewayConfig config = configFile.load(false);
      if (config == null) {
        return 1;
      }
      Vertx vertx = Vertx.vertx();
      try {
        int operations = ContractRegistry.load(vertx, config).await(60, TimeUnit.SECONDS).size();
        System.out.println(file + ": OK (" + config.apis().size() + " APIs, " + operations + " operations, "
          + config.backends().size() + " backends)");
        return 0;
      } catch (Exception e) {
        System.err.println(file + ": " + e.getMessage());
        return 1;
      } finally {
        vertx.close();
      }
    }
  }

  @Command(name = "reference-backends", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Runs the reference deletion backends alone (for a topology where gateways reach them over the network).")
  static final class ReferenceBackendsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PORT", defaultValue = "8081", description = "default ${DEFAULT-VALUE}")
    int port;

    @Override
    public Integer call() {
      if (port < 0 || port > 65535) {
        System.err.println("reference-backends: PORT must be 0-65535");
        return 2;
      }
      Vertx vertx = Vertx.vertx();
      try {
        int bound = ReferenceBackends.start(vertx, "0.0.0.0", port, ReferenceState.demo()).await(30, TimeUnit.SECONDS).actualPort();
        System.out.println("reference backends listening on http://0.0.0.0:" + bound);
        Serve.started = true;
        return 0;
      } catch (Exception e) {
        System.err.println("reference backends: cannot start: " + e.getMessage());
        vertx.close();
        return 1;
      }
    }
  }
}
