package io.deletiongateway.config;

import io.deletiongateway.ratelimit.BucketSpec;
import io.deletiongateway.ratelimit.RateLimitConfig;
import io.deletiongateway.ratelimit.RateLimitPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds the {@code redis:} and {@code rate_limits:} sections. */
final class RateLimitBinder {
  private RateLimitBinder() {
  }

  static RedisConfig redis(ConfigNode node) {
    String url = node.optionalString("url", "");
    RedisConfig.Mode mode = node.choice("mode", RedisConfig.Mode.class, RedisConfig.Mode.STANDALONE);
    List<String> endpoints = node.strings("endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      checkRedisUrl(node.keyPath("endpoints") + "[" + i + "]", endpoints.get(i));
    }
    if (!url.isBlank()) {
      checkRedisUrl(node.keyPath("url"), url);
    }
    RedisConfig config = new RedisConfig(url.isBlank() ? Optional.empty() : Optional.of(url), mode, endpoints,
      node.optionalString("master_name", "mymaster"), node.millis("timeout_ms", 250), node.integer("max_pool_size", 32, 1, 1024),
      node.millisOrNever("directory_refresh_ms", 5_000), node.millis("topology_refresh_ms", 1_000),
      Optional.ofNullable(node.optionalString("tls_ca", null)).filter(text -> !text.isBlank()).map(java.nio.file.Path::of));
    node.finish();
    return config;
  }

  static RateLimitConfig rateLimits(ConfigNode node) {
    Map<String, RateLimitPolicy> policies = node.entries("policies", RateLimitBinder::policy);
    Optional<BucketSpec> authFailures = node.has("auth_failures")
      ? Optional.of(bucket(node.child("auth_failures"), true)) : Optional.empty();
    int ipv6Prefix = node.integer("ipv6_prefix", 64, 1, 128);
    int maxBuckets = node.integer("max_buckets", 100_000, 100, 10_000_000);
    node.finish();
    return new RateLimitConfig(policies, authFailures, ipv6Prefix, maxBuckets);
  }

  private static RateLimitPolicy policy(ConfigNode node) {
    if (!node.name().matches("[A-Za-z0-9_-]{1,64}")) {
      throw new ConfigException(node.path(), "a policy name is 1-64 letters, digits, '_' or '-'");
    }
    BucketSpec bucket = bucket(node, false);
    List<RateLimitPolicy.KeyPart> keyBy = new ArrayList<>();
    for (String part : node.strings("key")) {
      try {
        keyBy.add(RateLimitPolicy.KeyPart.valueOf(part.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(node.keyPath("key"), "expected parts among [principal, organization, client_address, operation], found '" + part + "'");
      }
    }
    if (keyBy.isEmpty()) {
      throw new ConfigException(node.keyPath("key"), "say what partitions the limit, e.g. [principal] or [principal, organization]");
    }
    Optional<RateLimitPolicy.FailureMode> mode = node.has("on_store_failure")
      ? Optional.of(node.choice("on_store_failure", RateLimitPolicy.FailureMode.class, null)) : Optional.empty();
    return new RateLimitPolicy(node.name(), bucket, List.copyOf(keyBy), mode);
  }

  private static BucketSpec bucket(ConfigNode node, boolean finish) {
    int rate = node.integer("rate", 0, 1, 1_000_000);
    if (rate == 0) {
      throw new ConfigException(node.keyPath("rate"), "a value is required (requests per period)");
    }
    int period = node.integer("period_seconds", 60, 1, 86_400);
    int capacity = node.integer("capacity", rate, 1, 1_000_000);
    if (finish) {
      node.finish();
    }
    return new BucketSpec(capacity, rate, period * 1000L);
  }

  private static void checkRedisUrl(String keyPath, String url) {
    if (!url.matches("rediss?://.+")) {
      throw new ConfigException(keyPath, "expected redis://host:port (or rediss://), found '" + url + "'");
    }
  }
}
