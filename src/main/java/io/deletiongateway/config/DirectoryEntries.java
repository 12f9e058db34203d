package io.deletiongateway.config;

import io.deletiongateway.auth.ApiTokenEntry;
import io.deletiongateway.auth.Organization;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Binds API-token and organization entries that live outside the config file (Redis hashes), with exactly the
 * rules of the config file. An invalid entry throws ConfigException naming where it came from.
 */
public final class DirectoryEntries {
  private DirectoryEntries() {
  }

  public static ApiTokenEntry token(String where, String id, JsonObject json) {
    ConfigNode node = new ConfigNode(where, id, json.getMap(), new EnvSubstitution(Map.of()));
    ApiTokenEntry entry = AuthConfigBinder.apiToken(node);
    node.finish();
    return entry;
  }

  public static Organization organization(String where, String id, JsonObject json) {
    ConfigNode node = new ConfigNode(where, id, json.getMap(), new EnvSubstitution(Map.of()));
    Organization organization = AuthConfigBinder.organization(node);
    node.finish();
    return organization;
  }
}
