package io.deletiongateway.config;

import io.deletiongateway.ratelimit.RateLimitConfig;

import java.util.Map;

/** The whole configuration, parsed and validated once per load (startup and each reload). Immutable; compares by value. */
public record GatewayConfig(ServerConfig server, Map<String, BackendConfig> backends, Map<String, ApiConfig> apis,
                            AuthConfig auth, RedisConfig redis, RateLimitConfig rateLimits, AdminConfig admin,
                            ObservabilityConfig observability) {

  /** True when at least one backend is the in-process reference service. */
  public boolean needsEmbeddedBackends() {
    return backends.values().stream().anyMatch(BackendConfig::embedded);
  }
}
