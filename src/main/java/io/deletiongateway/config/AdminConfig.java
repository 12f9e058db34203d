package io.deletiongateway.config;

/** The admin listener (metrics, health), apart from the public port. */
public record AdminConfig(String host, int port) {
}
