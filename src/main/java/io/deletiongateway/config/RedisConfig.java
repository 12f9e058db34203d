package io.deletiongateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared Redis, if any (empty {@code url}: the embedded in-process limiter). {@code endpoints} are the
 * cluster seed nodes or the sentinels; {@code timeout} bounds every decision.
 */
public record RedisConfig(Optional<String> url, Mode mode, List<String> endpoints, String masterName,
                          Duration timeout, int maxPoolSize) {
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }
}
