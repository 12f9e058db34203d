package io.deletiongateway.config;

/** A configuration mistake, always naming the key path it was found at. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String keyPath, String problem) {
    super("config error at " + (keyPath.isEmpty() ? "<root>" : keyPath) + ": " + problem);
  }
}
