package io.deletiongateway.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import io.deletiongateway.errors.DialectChoice;
import io.deletiongateway.ratelimit.RateLimitConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code gateway.yaml} into {@link GatewayConfig}. YAML is parsed by SnakeYAML's safe loader (no
 * arbitrary types); binding refuses unknown keys and wrong types, naming the key path. Relative file paths
 * in the config (contracts) resolve against the working directory, which is how the README runs it.
 */
public final class ConfigLoader {
  private static final String EMBEDDED = "embedded";

  private ConfigLoader() {
  }

  public static GatewayConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, env);
  }

  /**
   * The keys the binder reads binding {@code yamlText}, by their place in the config schema (named entries as
   * {@code *}: {@code backends.*.url}): what the config schema must describe, and nothing more.
   */
  public static java.util.Set<String> keysRead(String yamlText, Map<String, String> env) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    ConfigNode.RECORDER.set(keys);
    try {
      parse(yamlText, env);
    } finally {
      ConfigNode.RECORDER.remove();
    }
    return keys;
  }

  public static GatewayConfig parse(String yamlText, Map<String, String> env) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(1 << 20);
    Object raw;
    try {
      raw = new Yaml(new SafeConstructor(options)).load(yamlText);
    } catch (YAMLException e) {
      throw new ConfigException("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    ConfigNode root = new ConfigNode("", "", raw, new EnvSubstitution(env));
    ServerConfig server = server(root.child("server"));
    Map<String, BackendConfig> backends = root.entries("backends", ConfigLoader::backend);
    Map<String, ApiConfig> apis = root.entries("apis", ConfigLoader::api);
    AuthConfig auth = AuthConfigBinder.bind(root.child("auth"), root);
    RedisConfig redis = RateLimitBinder.redis(root.child("redis"));
    RateLimitConfig rateLimits = RateLimitBinder.rateLimits(root.child("rate_limits"));
    AdminConfig admin = admin(root.child("admin"));
    ObservabilityConfig observability = observability(root.child("observability"));
    root.finish();
    if (apis.isEmpty()) {
      throw new ConfigException("apis", "at least one API must be configured");
    }
    checkBackendsExist(apis, backends);
    checkPoliciesExist(apis, rateLimits);
    return new GatewayConfig(server, backends, apis, auth, redis, rateLimits, admin, observability);
  }

  private static ServerConfig server(ConfigNode node) {
    Duration idle = node.millis("idle_timeout_ms", 30_000);
    boolean headGiven = node.has("head_timeout_ms");
    // Unset, the head deadline is 10 s or the idle timeout if that is shorter; set longer than it, a mistake.
    Duration head = node.millis("head_timeout_ms", Math.min(10_000, idle.toMillis()));
    if (headGiven && head.compareTo(idle) > 0) {
      throw new ConfigException(node.keyPath("head_timeout_ms"), "must not be longer than server.idle_timeout_ms");
    }
    ServerConfig server = new ServerConfig(
      node.optionalString("host", "0.0.0.0"),
      node.integer("port", 8080, 0, 65535),
      node.integer("max_body_bytes", 64 * 1024, 1, 16 * 1024 * 1024),
      node.integer("max_header_bytes", 16 * 1024, 1024, 1024 * 1024),
      node.integer("max_initial_line_bytes", 8 * 1024, 256, 64 * 1024),
      idle,
      node.millis("read_timeout_ms", 10_000),
      node.millis("write_timeout_ms", 15_000),
      node.millisOrNever("drain_delay_ms", 0),
      node.millis("drain_timeout_ms", 30_000),
      node.integer("event_loops", Runtime.getRuntime().availableProcessors(), 1, 256),
      AuthConfigBinder.networks(node, "trusted_proxies"),
      node.strings("client_address_headers"),
      tls(node.child("tls")),
      head,
      node.integer("max_connections", 10_000, 1, 1_000_000),
      node.integer("max_connections_per_address", 256, 1, 1_000_000));
    node.finish();
    return server;
  }

  /** TLS is on when a certificate and a key are named (the shipped config names them from the environment). */
  private static Optional<TlsConfig> tls(ConfigNode node) {
    String certificate = node.optionalString("certificate", "");
    String key = node.optionalString("key", "");
    int port = node.integer("port", 8443, 0, 65535);
    TlsConfig.ClientCertificates clients = node.choice("client_certificates", TlsConfig.ClientCertificates.class,
      TlsConfig.ClientCertificates.OFF);
    String ca = node.optionalString("client_ca", "");
    Map<String, TlsConfig.KeyPair> sni = node.entries("sni", pair -> new TlsConfig.KeyPair(Path.of(pair.string("certificate")),
      Path.of(pair.string("key"))));
    node.finish();
    if (certificate.isBlank() != key.isBlank()) {
      throw new ConfigException(node.keyPath(certificate.isBlank() ? "certificate" : "key"), "name both a certificate and its key");
    }
    if (certificate.isBlank()) {
      return Optional.empty();
    }
    if (clients != TlsConfig.ClientCertificates.OFF && ca.isBlank()) {
      throw new ConfigException(node.keyPath("client_ca"), "client certificates are verified against this CA bundle: name it");
    }
    List<TlsConfig.KeyPair> pairs = new java.util.ArrayList<>(List.of(new TlsConfig.KeyPair(Path.of(certificate), Path.of(key))));
    pairs.addAll(sni.values());
    return Optional.of(new TlsConfig(port, List.copyOf(pairs), clients, ca.isBlank() ? Optional.empty() : Optional.of(Path.of(ca))));
  }

  private static AdminConfig admin(ConfigNode node) {
    AdminConfig admin = new AdminConfig(node.optionalString("host", "127.0.0.1"), node.integer("port", 9090, 0, 65535));
    node.finish();
    return admin;
  }

  private static ObservabilityConfig observability(ConfigNode node) {
    ObservabilityConfig config = new ObservabilityConfig(node.logSink("access_log", "stdout", true),
      node.logSink("audit_log", "logs/audit.log", false),
      java.util.Optional.ofNullable(node.optionalString("audit_hmac_key", null)).filter(k -> !k.isEmpty()),
      node.millisOrNever("reload_poll_ms", 2_000));  // 0: only on SIGHUP
    node.finish();
    return config;
  }

  private static BackendConfig backend(ConfigNode node) {
    String url = node.string("url");
    return new BackendConfig(
      node.name(),
      EMBEDDED.equals(url) ? Optional.empty() : Optional.of(httpUri(node.keyPath("url"), url)),
      node.millis("connect_timeout_ms", 2_000),
      node.millis("response_timeout_ms", 15_000),
      node.integer("max_connections", 64, 1, 10_000),
      Optional.ofNullable(node.optionalString("authorization", null)),
      node.integer("circuit_max_failures", 5, 1, 10_000),
      node.millis("circuit_reset_ms", 10_000),
      backendTls(node, url));
  }

  private static BackendConfig.Tls backendTls(ConfigNode node, String url) {
    BackendConfig.Tls tls = new BackendConfig.Tls(path(node, "tls_ca"), path(node, "tls_client_certificate"),
      path(node, "tls_client_key"), Optional.ofNullable(node.optionalString("tls_server_name", null)));
    if (tls.equals(BackendConfig.Tls.DEFAULT)) {
      return tls;
    }
    if (!url.startsWith("https://")) {
      throw new ConfigException(node.keyPath("url"), "tls_* settings apply to an https:// backend");
    }
    if (tls.clientCertificate().isPresent() != tls.clientKey().isPresent()) {
      throw new ConfigException(node.keyPath("tls_client_key"), "name both tls_client_certificate and tls_client_key");
    }
    if (tls.serverName().isPresent() && !tls.serverName().get().matches("[A-Za-z0-9.-]{1,253}")) {
      throw new ConfigException(node.keyPath("tls_server_name"), "expected a DNS name");
    }
    return tls;
  }

  private static Optional<Path> path(ConfigNode node, String key) {
    String text = node.optionalString(key, "");
    return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
  }

  private static ApiConfig api(ConfigNode node) {
    String contract = node.string("contract");
    String backend = node.string("backend");
    String scheme = node.optionalString("auth_scheme", "Bearer");
    if (!scheme.matches("[A-Za-z][A-Za-z0-9-]*")) {
      throw new ConfigException(node.keyPath("auth_scheme"), "expected an HTTP authentication scheme name such as Bearer");
    }
    Map<String, OperationConfig> operations = node.entries("operations", op ->
      new OperationConfig(op.name(), op.optionalString("backend", backend), Optional.ofNullable(op.optionalString("rate_limit", null)),
        op.choice("idempotency", OperationConfig.Idempotency.class, OperationConfig.Idempotency.OFF)));
    if (operations.isEmpty()) {
      throw new ConfigException(node.keyPath("operations"), "list at least one operation of the contract to serve");
    }
    return new ApiConfig(node.name(), Path.of(contract), backend, scheme,
      node.choice("error_dialect", DialectChoice.class, DialectChoice.DOCUMENTED), node.bool("envelope", false),
      pathPrefix(node), operations);
  }

  private static Optional<String> pathPrefix(ConfigNode node) {
    String prefix = node.optionalString("path_prefix", null);
    if (prefix != null && !prefix.matches("/([A-Za-z0-9._~-]+/)*")) {
      throw new ConfigException(node.keyPath("path_prefix"), "expected a path of whole segments ending in '/', e.g. /api/atlas/");
    }
    return Optional.ofNullable(prefix);
  }

  private static URI httpUri(String keyPath, String text) {
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException(keyPath, "expected an http(s) URL with a host, or 'embedded', found '" + text + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(keyPath, "a backend URL takes no query or fragment");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(keyPath, "not a URL: " + e.getMessage());
    }
  }

  private static void checkPoliciesExist(Map<String, ApiConfig> apis, RateLimitConfig rateLimits) {
    apis.forEach((apiName, api) -> api.operations().forEach((opId, op) -> op.rateLimit().ifPresent(policy -> {
      if (!rateLimits.policies().containsKey(policy)) {
        throw new ConfigException("apis." + apiName + ".operations." + opId + ".rate_limit",
          "no policy named '" + policy + "' under rate_limits.policies");
      }
    })));
  }

  private static void checkBackendsExist(Map<String, ApiConfig> apis, Map<String, BackendConfig> backends) {
    apis.forEach((apiName, api) -> {
      if (!backends.containsKey(api.backend())) {
        throw new ConfigException("apis." + apiName + ".backend", "no backend named '" + api.backend() + "' under backends");
      }
      api.operations().forEach((opId, op) -> {
        if (!backends.containsKey(op.backend())) {
          throw new ConfigException("apis." + apiName + ".operations." + opId + ".backend",
            "no backend named '" + op.backend() + "' under backends");
        }
      });
    });
  }
}
