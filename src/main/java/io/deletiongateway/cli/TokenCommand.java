package io.deletiongateway.cli;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.network.Cidr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code token create --id ID --organization ORG [--scopes a,b] [--manages a,b] [--networks cidr,…] [--expires ISO]}
 * prints a new API token once, and the config entry (its hash, never the token) to put under auth.api_tokens.
 */
final class TokenCommand {
  private static final List<String> OPTIONS = List.of("--id", "--organization", "--scopes", "--manages", "--networks", "--expires");

  private TokenCommand() {
  }

  static int run(String[] args) {
    if (args.length < 2 || !"create".equals(args[1])) {
      return usage("expected: token create --id ID --organization ORG [--scopes a,b] [--manages a,b] [--networks cidr,...] [--expires ISO-8601]");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i += 2) {
      if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
        return usage("unknown option or missing value: " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    String id = options.get("--id");
    String organization = options.get("--organization");
    if (id == null || !ApiTokenFormat.ID.matcher(id).matches() || organization == null) {
      return usage("--id (matching " + ApiTokenFormat.ID.pattern() + ") and --organization are required");
    }
    try {
      list(options.get("--networks")).forEach(Cidr::parse);
      if (options.containsKey("--expires")) {
        Instant.parse(options.get("--expires"));
      }
    } catch (RuntimeException e) {
      return usage(e.getMessage());
    }
    String token = ApiTokenFormat.generate(id);
    StringBuilder entry = new StringBuilder()
      .append("    ").append(id).append(":\n")
      .append("      hash: ").append(ApiTokenFormat.hash(token)).append('\n')
      .append("      organization: ").append(organization).append('\n')
      .append("      manages: ").append(yamlList(list(options.get("--manages")))).append('\n')
      .append("      scopes: ").append(yamlList(list(options.get("--scopes")))).append('\n')
      .append("      networks: ").append(yamlList(list(options.get("--networks")))).append('\n');
    if (options.containsKey("--expires")) {
      entry.append("      expires: ").append(options.get("--expires")).append('\n');
    }
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject()
      .put("hash", ApiTokenFormat.hash(token)).put("organization", organization)
      .put("manages", list(options.get("--manages"))).put("scopes", list(options.get("--scopes")))
      .put("networks", list(options.get("--networks")));
    if (options.containsKey("--expires")) {
      json.put("expires", options.get("--expires"));
    }
    System.out.println("token (shown once, store it now):\n  " + token);
    System.out.println("\nadd under auth.api_tokens in the gateway config:\n" + entry);
    System.out.println("or, with Redis configured, add it without a restart:\n  redis-cli HSET dg:tokens " + id + " '"
      + json.encode() + "' && redis-cli PUBLISH dg:directory " + id);
    return 0;
  }

  private static List<String> list(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  private static String yamlList(List<String> items) {
    return items.stream().map(i -> "\"" + i + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  private static int usage(String problem) {
    System.err.println("token: " + problem);
    return 2;
  }
}
