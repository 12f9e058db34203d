package io.deletiongateway.config;

import java.time.Duration;

/**
 * Where the access log and the audit log go ({@code stdout}, a file path, or {@code off} for the access log), and
 * how often the config file is checked for changes (zero: only on SIGHUP).
 */
public record ObservabilityConfig(String accessLog, String auditLog, Duration reloadPoll) {
}
