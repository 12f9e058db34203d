package io.deletiongateway.cli;

import io.deletiongateway.auth.ApiTokenFormat;
import io.deletiongateway.network.Cidr;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.List;

/**
 * {@code token create --id ID --organization ORG [--scopes a,b] [--manages a,b] [--networks cidr,…] [--expires ISO]}
 * prints a new API token once, and the config entry (its hash, never the token) to put under auth.api_tokens.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "API tokens.", subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required: create");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Mints an API token: prints it once, with its config entry (the hash only) and the Redis command.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "the token's public id") String id;
    @Option(names = "--organization", required = true, description = "the organization it belongs to") String organization;
    @Option(names = "--scopes", description = "comma-separated scopes") String scopes;
    @Option(names = "--manages", description = "comma-separated organizations it manages") String manages;
    @Option(names = "--networks", description = "comma-separated CIDRs it may come from (none: any)") String networks;
    @Option(names = "--expires", description = "ISO-8601 instant") String expires;

    @Override
    public Integer call() {
      if (!ApiTokenFormat.ID.matcher(id).matches()) {
        return usage("--id must match " + ApiTokenFormat.ID.pattern());
      }
      try {
        list(networks).forEach(Cidr::parse);
        if (expires != null) {
          Instant.parse(expires);
        }
      } catch (RuntimeException e) {
        return usage(e.getMessage());
      }
      String token = ApiTokenFormat.generate(id);
      StringBuilder entry = new StringBuilder()
        .append("    ").append(id).append(":\n")
        .append("      hash: ").append(ApiTokenFormat.hash(token)).append('\n')
        .append("      organization: ").append(organization).append('\n')
        .append("      manages: ").append(yamlList(list(manages))).append('\n')
        .append("      scopes: ").append(yamlList(list(scopes))).append('\n')
        .append("      networks: ").append(yamlList(list(networks))).append('\n');
      if (expires != null) {
        entry.append("      expires: ").append(expires).append('\n');
      }
      io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject()
        .put("hash", ApiTokenFormat.hash(token)).put("organization", organization)
        .put("manages", list(manages)).put("scopes", list(scopes)).put("networks", list(networks));
      if (expires != null) {
        json.put("expires", expires);
      }
      System.out.println("token (shown once, store it now):\n  " + token);
      System.out.println("\nadd under auth.api_tokens in the gateway config:\n" + entry);
      System.out.println("or, with Redis configured, add it without a restart:\n  redis-cli HSET dg:tokens " + id + " '"
        + json.encode() + "' && redis-cli PUBLISH dg:directory " + id);
      return 0;
    }
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
