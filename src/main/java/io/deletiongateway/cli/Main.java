package io.deletiongateway.cli;

import io.deletiongateway.ConfigWatcher;
import io.deletiongateway.Gateway;
import io.deletiongateway.config.ConfigException;
import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.contract.ContractRegistry;
import io.deletiongateway.referencebackends.ReferenceBackends;
import io.deletiongateway.referencebackends.ReferenceState;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve [FILE]} runs the gateway; {@code check [FILE]} validates config and contracts and exits
 * 0 (valid) or 1 (invalid). FILE defaults to conf/gateway.yaml. {@code token create …} mints an API token;
 * {@code reference-backends [PORT]} runs the reference deletion backends alone; {@code audit verify FILE...} checks
 * the audit trail's chain.
 * Usage errors exit 2.
 */
public final class Main {
  private static final String DEFAULT_CONFIG = "conf/gateway.yaml";

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && "token".equals(args[0])) {
      System.exit(TokenCommand.run(args));
    }
    if (args.length > 0 && "audit".equals(args[0])) {
      System.exit(AuditCommand.run(args));
    }
    if (args.length > 0 && "reference-backends".equals(args[0])) {
      if (args.length > 2 || (args.length == 2 && !args[1].matches("\\d{1,5}"))) {
        usage();
      }
      referenceBackends(args.length == 2 ? Integer.parseInt(args[1]) : 8081);
      return;
    }
    if (args.length == 0 || args.length > 2) {
      usage();
    }
    Path file = Path.of(args.length == 2 ? args[1] : DEFAULT_CONFIG);
    switch (args[0]) {
      case "serve" -> serve(file);
      case "check" -> System.exit(check(file));
      default -> usage();
    }
  }

  private static void serve(Path file) {
    GatewayConfig config = loadOrExit(file);
    Vertx vertx = Vertx.vertx();
    try {
      Gateway gateway = Gateway.start(vertx, config).await(60, TimeUnit.SECONDS);
      ConfigWatcher watcher = ConfigWatcher.watch(vertx, gateway, file, System.getenv(), config);
      watcher.installSignalHandler();
      System.out.println("deletion-gateway listening on http://" + config.server().host() + ":" + gateway.port()
        + " (admin on " + config.admin().host() + ":" + gateway.adminPort() + ")");
      // SIGTERM: readiness 503 at once, keep serving for the drain delay, then let in-flight requests finish and exit.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          watcher.stop();
          // The drain is what matters: in-flight requests finish, the listener closes.
          gateway.close().await(config.server().drainDelay().toMillis() + config.server().drainTimeout().toMillis() + 5_000,
            TimeUnit.MILLISECONDS);
          // Vert.x's own close can take its 30 s defaults releasing what the exiting process frees anyway.
          vertx.close().await(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // exiting anyway
        }
      }, "shutdown"));
    } catch (Exception e) {
      System.err.println("deletion-gateway: cannot start: " + e.getMessage());
      vertx.close();
      System.exit(1);
    }
  }

  /** The reference deletion backends alone, for a topology where gateways reach them over the network. */
  private static void referenceBackends(int port) {
    Vertx vertx = Vertx.vertx();
    try {
      int bound = ReferenceBackends.start(vertx, "0.0.0.0", port, ReferenceState.demo()).await(30, TimeUnit.SECONDS).actualPort();
      System.out.println("reference backends listening on http://0.0.0.0:" + bound);
    } catch (Exception e) {
      System.err.println("reference backends: cannot start: " + e.getMessage());
      vertx.close();
      System.exit(1);
    }
  }

  private static int check(Path file) {
    GatewayConfig config = loadOrExit(file);
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

  private static GatewayConfig loadOrExit(Path file) {
    try {
      return ConfigLoader.load(file, System.getenv());
    } catch (ConfigException e) {
      System.err.println(file + ": " + e.getMessage());
      System.exit(1);
      return null;
    }
  }

  private static void usage() {
    System.err.println("usage: java -jar deletion-gateway.jar serve|check [CONFIG_FILE]   (default " + DEFAULT_CONFIG + ")\n"
      + "       java -jar deletion-gateway.jar reference-backends [PORT]   (default 8081)\n"
      + "       java -jar deletion-gateway.jar audit verify FILE...   (exit 0: intact; 1: names the first broken record)\n"
      + "       java -jar deletion-gateway.jar token create --id ID --organization ORG [--scopes a,b] [--manages a,b] [--networks cidr,...] [--expires ISO]");
    System.exit(2);
  }
}
