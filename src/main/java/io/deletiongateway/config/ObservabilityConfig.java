package io.deletiongateway.config;

import java.time.Duration;

/**
 * Where the access log and the audit log go ({@code stdout}, a file path, or {@code off} for the access log), and
 * how often the config file is checked for changes (zero: only on SIGHUP). {@code auditHmacKey}, when set, keys the
 * audit chain's hashes (HMAC-SHA256), so that only a holder of the key can forge a consistent trail.
 */
public record ObservabilityConfig(String accessLog, String auditLog, java.util.Optional<String> auditHmacKey, Duration reloadPoll) {
}
