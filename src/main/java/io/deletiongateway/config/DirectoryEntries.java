package io.deletiongateway.config;

import io.deletiongateway.auth.ApiTokenEntry;
import io.deletiongateway.auth.Organization;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Function;

/**
 * Binds API-token and organization entries that live outside the config file (Redis hashes), with exactly the
 * rules of the config file. An invalid entry throws ConfigException naming where it came from.
 */
public final class DirectoryEntries {
  private DirectoryEntries() {
  }

  public static ApiTokenEntry token(String where, String id, JsonObject json) {
    return bind(where, id, json, AuthConfigBinder::apiToken);
  }

  public static Organization organization(String where, String id, JsonObject json) {
    return bind(where, id, json, AuthConfigBinder::organization);
  }

  /** No environment substitution: these values come from Redis, not from the operator's file. */
  private static <T> T bind(String where, String id, JsonObject json, Function<ConfigNode, T> binder) {
    ConfigNode node = new ConfigNode(where, id, json.getMap(), new EnvSubstitution(Map.of()));
    T entry = binder.apply(node);
    node.finish();
    return entry;
  }
}
