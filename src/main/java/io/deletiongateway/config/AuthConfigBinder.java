package io.deletiongateway.config;

import io.deletiongateway.auth.ApiTokenEntry;
import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.auth.CapabilitiesConfig;
import io.deletiongateway.auth.JwtIssuerConfig;
import io.deletiongateway.auth.Organization;
import io.deletiongateway.network.Cidr;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds the {@code auth:} and {@code organizations:} sections. */
final class AuthConfigBinder {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Set<String> ALGORITHMS = Set.of(
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512");

  private AuthConfigBinder() {
  }

  static AuthConfig bind(ConfigNode auth, ConfigNode root) {
    Map<String, ApiTokenEntry> tokens = auth.entries("api_tokens", AuthConfigBinder::apiToken);
    List<JwtIssuerConfig> issuers = List.copyOf(auth.entries("jwt_issuers", AuthConfigBinder::issuer).values());
    Optional<CapabilitiesConfig> capabilities = auth.has("capabilities")
      ? Optional.of(capabilities(auth.child("capabilities"))) : Optional.empty();
    auth.finish();
    Map<String, Organization> organizations = root.entries("organizations", AuthConfigBinder::organization);
    return new AuthConfig(tokens, issuers, capabilities, organizations);
  }

  static List<Cidr> networks(ConfigNode node, String key) {
    List<Cidr> out = new ArrayList<>();
    List<String> texts = node.stringsOrCommaList(key);
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(Cidr.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(node.keyPath(key) + "[" + i + "]", e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  static ApiTokenEntry apiToken(ConfigNode node) {
    if (!ApiTokenFormat.ID.matcher(node.name()).matches()) {
      throw new ConfigException(node.path(), "a token id must match " + ApiTokenFormat.ID.pattern());
    }
    String hash = node.string("hash");
    if (!SHA256.matcher(hash).matches()) {
      throw new ConfigException(node.keyPath("hash"), "expected sha256:<64 lower-case hex digits> (see `token create`)");
    }
    ApiTokenEntry entry = new ApiTokenEntry(
      node.name(),
      HexFormat.of().parseHex(hash.substring("sha256:".length())),
      node.string("organization"),
      Set.copyOf(node.strings("manages")),
      Set.copyOf(node.strings("scopes")),
      networks(node, "networks"),
      Optional.ofNullable(node.optionalString("expires", null)).map(text -> instant(node.keyPath("expires"), text)),
      node.choice("status", ApiTokenEntry.Status.class, ApiTokenEntry.Status.ACTIVE),
      Optional.ofNullable(node.optionalString("certificate", null)).map(text -> thumbprint(node.keyPath("certificate"), text)));
    return entry;
  }

  /** A client certificate's RFC 8705 thumbprint: {@code x5t#S256:} and 43 base64url characters. */
  private static String thumbprint(String keyPath, String text) {
    if (!text.matches("x5t#S256:[A-Za-z0-9_-]{43}")) {
      throw new ConfigException(keyPath, "expected x5t#S256:<base64url SHA-256 of the certificate's DER, 43 characters>");
    }
    return text.substring("x5t#S256:".length());
  }

  private static JwtIssuerConfig issuer(ConfigNode node) {
    Optional<URI> jwks = Optional.ofNullable(node.optionalString("jwks_url", null)).map(URI::create);
    Set<String> algorithms = algorithms(node, "algorithms");
    List<JwtIssuerConfig.PemKey> keys = pemKeys(node.child("public_keys"));
    if (jwks.isEmpty() == keys.isEmpty()) {
      throw new ConfigException(node.path(), "give exactly one of jwks_url or public_keys");
    }
    if (algorithms.stream().anyMatch(a -> a.startsWith("HS"))) {
      throw new ConfigException(node.keyPath("algorithms"), "access tokens must be verified with public keys, not HMAC secrets");
    }
    List<String> audiences = node.strings("audiences");
    if (audiences.isEmpty()) {
      throw new ConfigException(node.keyPath("audiences"), "at least one audience is required");
    }
    return new JwtIssuerConfig(
      node.name(),
      node.string("issuer"),
      new LinkedHashSet<>(audiences),
      algorithms,
      node.integer("leeway_seconds", 30, 0, 300),
      jwks,
      keys,
      node.millis("min_refresh_interval_ms", 30_000),
      node.millis("default_refresh_ms", 300_000),
      node.optionalString("organization_claim", "org"),
      node.optionalString("managed_organizations_claim", "managed_orgs"),
      networks(node, "networks"),
      node.bool("accept_bare_scopes", false));
  }

  private static CapabilitiesConfig capabilities(ConfigNode node) {
    List<JwtIssuerConfig.PemKey> keys = pemKeys(node.child("keys"));
    if (keys.isEmpty()) {
      throw new ConfigException(node.keyPath("keys"), "at least one signing key is required");
    }
    CapabilitiesConfig config = new CapabilitiesConfig(keys,
      Duration.ofSeconds(node.integer("max_lifetime_seconds", 3600, 1, 86_400)), node.integer("leeway_seconds", 30, 0, 300));
    node.finish();
    return config;
  }

  private static List<JwtIssuerConfig.PemKey> pemKeys(ConfigNode keysNode) {
    List<JwtIssuerConfig.PemKey> keys = new ArrayList<>();
    for (Map.Entry<String, JwtIssuerConfig.PemKey> e : keysNode.entriesHere(key -> {
      String algorithm = key.string("algorithm");
      if (!ALGORITHMS.contains(algorithm)) {
        throw new ConfigException(key.keyPath("algorithm"), "expected one of " + new java.util.TreeSet<>(ALGORITHMS));
      }
      String material = key.string(algorithm.startsWith("HS") ? "secret" : "pem");
      if (algorithm.startsWith("HS") && material.length() < 32) {
        throw new ConfigException(key.keyPath("secret"), "an HMAC secret must have at least 32 characters");
      }
      return new JwtIssuerConfig.PemKey(key.name(), algorithm, material);
    }).entrySet()) {
      keys.add(e.getValue());
    }
    return List.copyOf(keys);
  }

  private static Set<String> algorithms(ConfigNode node, String key) {
    List<String> list = node.strings(key);
    if (list.isEmpty()) {
      throw new ConfigException(node.keyPath(key), "list the signature algorithms to accept, e.g. [RS256]");
    }
    for (String alg : list) {
      if (!ALGORITHMS.contains(alg)) {
        throw new ConfigException(node.keyPath(key), "unsupported algorithm '" + alg + "'");
      }
    }
    return Set.copyOf(list);
  }

  static Organization organization(ConfigNode node) {
    return new Organization(node.name(), Optional.ofNullable(node.optionalString("alias", null)),
      node.choice("status", Organization.Status.class, Organization.Status.ACTIVE));
  }

  private static Instant instant(String keyPath, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException(keyPath, "expected an ISO-8601 instant such as 2030-01-01T00:00:00Z, found '" + text + "'");
    }
  }
}
