package io.deletiongateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared Redis, if any (empty {@code url}: the embedded in-process limiter). {@code endpoints} are the
 * cluster seed nodes or the sentinels; {@code timeout} bounds every decision. {@code directoryRefresh} is how often
 * API tokens and organizations held in Redis are re-read (zero: not at all).
 */
public record RedisConfig(Optional<String> url, Mode mode, List<String> endpoints, String masterName,
                          Duration timeout, int maxPoolSize, Duration directoryRefresh) {
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }
}
