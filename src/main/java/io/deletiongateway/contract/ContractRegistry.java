package io.deletiongateway.contract;

import io.deletiongateway.config.ApiConfig;
import io.deletiongateway.config.ConfigException;
import io.deletiongateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads every configured API's OpenAPI contract (vertx-openapi validates the document itself) and resolves
 * the configured operations into {@link OperationSpec}s. Any mistake fails the returned future with a
 * message naming the contract file or the config key path, so startup stops before serving anything.
 */
public final class ContractRegistry {
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");
  /** The path parameter names vertx-web binds (RouteImpl's own pattern): another is neither routed nor validated. */
  private static final Pattern BINDABLE_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private ContractRegistry() {
  }

  public static Future<List<OperationSpec>> load(Vertx vertx, GatewayConfig config) {
    List<Future<List<OperationSpec>>> perApi = new ArrayList<>();
    for (ApiConfig api : config.apis().values()) {
      perApi.add(loadApi(vertx, config, api));
    }
    return Future.all(perApi).map(all -> {
      List<OperationSpec> specs = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        specs.addAll(all.<List<OperationSpec>>resultAt(i));
      }
      checkNoRouteConflicts(specs);
      return List.copyOf(specs);
    });
  }

  private static Future<List<OperationSpec>> loadApi(Vertx vertx, GatewayConfig config, ApiConfig api) {
    String keyPath = "apis." + api.name() + ".contract";
    if (!Files.isRegularFile(api.contract())) {
      return Future.failedFuture(new ConfigException(keyPath, "contract file " + api.contract() + " does not exist"));
    }
    return OpenAPIContract.from(vertx, api.contract().toString())
      .recover(e -> Future.failedFuture(new ConfigException(keyPath,
        "contract " + api.contract() + " is not a valid OpenAPI document: " + describe(e))))
      .map(contract -> {
        List<OperationSpec> specs = new ArrayList<>();
        api.operations().forEach((operationId, op) -> {
          Operation operation = contract.operation(operationId);
          if (operation == null) {
            throw new ConfigException("apis." + api.name() + ".operations." + operationId,
              "no operation with this operationId in " + api.contract());
          }
          specs.add(spec(api.name(), contract, operation, config.backends().get(op.backend()), keyPath));
        });
        return specs;
      });
  }

  private static OperationSpec spec(String api, OpenAPIContract contract, Operation operation,
                                    io.deletiongateway.config.BackendConfig backend, String keyPath) {
    String path = operation.getAbsoluteOpenAPIPath();
    Matcher parameter = TEMPLATE_PARAM.matcher(path);
    while (parameter.find()) {
      if (!BINDABLE_NAME.matcher(parameter.group(1)).matches()) {
        throw new ConfigException(keyPath, operation.getOperationId() + ": path parameter {" + parameter.group(1)
          + "} cannot be routed; its name must be letters, digits, '_', '$' or '-', not starting with a digit or '-'");
      }
    }
    JsonObject model = operation.getOpenAPIModel();
    return new OperationSpec(
      api,
      operation.getOperationId(),
      operation.getHttpMethod(),
      path,
      TEMPLATE_PARAM.matcher(path).replaceAll(":$1"),
      Pattern.compile(templateRegex(path)),
      operation,
      new OperationValidator(contract, operation),
      exactlyOne(model),
      accept(model, keyPath + " (" + operation.getOperationId() + ")"),
      scopes(contract, operation),
      organization(model, keyPath + " (" + operation.getOperationId() + ")"),
      deletionTarget(model, keyPath + " (" + operation.getOperationId() + ")"),
      backend);
  }

  /** {@code x-gateway-deletion-target: {in: body, pointer: /email}}: a JSON pointer into the validated body. */
  private static Optional<String> deletionTarget(JsonObject model, String where) {
    JsonObject target = model.getJsonObject("x-gateway-deletion-target");
    if (target == null) {
      return Optional.empty();
    }
    if (!"body".equals(target.getString("in")) || target.getString("pointer") == null || !target.getString("pointer").startsWith("/")) {
      throw new ConfigException(where, "x-gateway-deletion-target needs in: body and a JSON pointer");
    }
    return Optional.of(target.getString("pointer"));
  }

  private static List<String> exactlyOne(JsonObject model) {
    JsonArray names = model.getJsonArray("x-gateway-exactly-one");
    return names == null ? List.of() : strings(names);
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(String.valueOf(item)));
    return List.copyOf(out);
  }

  private static Optional<AcceptRule> accept(JsonObject model, String where) {
    JsonObject rule = model.getJsonObject("x-gateway-accept");
    if (rule == null) {
      return Optional.empty();
    }
    String pattern = rule.getString("pattern");
    JsonArray versions = rule.getJsonArray("versions");
    if (pattern == null || versions == null || versions.isEmpty()) {
      throw new ConfigException(where, "x-gateway-accept needs a pattern and a non-empty versions list");
    }
    return Optional.of(new AcceptRule(Pattern.compile(pattern), strings(versions)));
  }

  private static ScopeRule scopes(OpenAPIContract contract, Operation operation) {
    List<String> tokens = new ArrayList<>();
    List<String> oauth = new ArrayList<>();
    String prefix = "";
    for (SecurityRequirement requirement : operation.getSecurityRequirements()) {
      for (String name : requirement.getNames()) {
        SecurityScheme scheme = contract.securityScheme(name);
        boolean isOAuth = scheme != null && "oauth2".equals(scheme.getType());
        (isOAuth ? oauth : tokens).addAll(requirement.getScopes(name));
        if (isOAuth && scheme.getOpenAPIModel().getString("x-scope-prefix") != null) {
          prefix = scheme.getOpenAPIModel().getString("x-scope-prefix");
        }
      }
    }
    return new ScopeRule(List.copyOf(tokens), List.copyOf(oauth), prefix);
  }

  private static Optional<OrganizationTarget> organization(JsonObject model, String where) {
    JsonObject target = model.getJsonObject("x-gateway-organization");
    if (target == null) {
      return Optional.empty();
    }
    String in = target.getString("in");
    String id = target.getString("id");
    if (!("query".equals(in) || "path".equals(in)) || id == null) {
      throw new ConfigException(where, "x-gateway-organization needs in (query or path) and id");
    }
    return Optional.of(new OrganizationTarget(in, id, Optional.ofNullable(target.getString("alias"))));
  }

  /** A path template as a regex over canonical paths: each {param} is one non-empty segment. */
  private static String templateRegex(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher m = TEMPLATE_PARAM.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return regex.toString();
  }

  private static void checkNoRouteConflicts(List<OperationSpec> specs) {
    for (int i = 0; i < specs.size(); i++) {
      for (int j = i + 1; j < specs.size(); j++) {
        OperationSpec a = specs.get(i);
        OperationSpec b = specs.get(j);
        if (a.method().equals(b.method()) && a.path().equals(b.path())) {
          throw new ConfigException("apis." + b.api() + ".operations." + b.operationId(),
            "serves " + b.method() + " " + b.path() + ", already served by apis." + a.api() + ".operations." + a.operationId());
        }
      }
    }
  }

  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      out.append(": ").append(cause.getMessage());
    }
    return out.toString();
  }
}
