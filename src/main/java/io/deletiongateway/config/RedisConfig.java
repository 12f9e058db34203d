package io.deletiongateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared Redis, if any (empty {@code url}: the embedded in-process limiter). {@code endpoints} are the
 * cluster seed nodes or the sentinels; {@code timeout} bounds every decision. {@code directoryRefresh} is how often
 * API tokens and organizations held in Redis are re-read (zero: not at all); {@code topologyRefresh} how long a
 * cluster's slot map is trusted before it is read again (a MOVED redirect rereads it at once). A {@code rediss://}
 * Redis is verified by host name against {@code tlsCa} (else the JVM's trust store).
 */
public record RedisConfig(Optional<String> url, Mode mode, List<String> endpoints, String masterName,
                          Duration timeout, int maxPoolSize, Duration directoryRefresh, Duration topologyRefresh,
                          Optional<java.nio.file.Path> tlsCa) {
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }
}
