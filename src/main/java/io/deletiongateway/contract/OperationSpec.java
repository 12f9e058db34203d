package io.deletiongateway.contract;

import io.deletiongateway.config.BackendConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.Operation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the pipeline needs about one served operation, resolved once per config load: where it is routed,
 * what validates it, what the contract says beyond JSON Schema, and which backend receives it.
 *
 * @param path        the absolute OpenAPI path template, e.g. {@code /api/atlas/v2/orgs/{orgId}}
 * @param routerPath  the same template in vertx-web syntax, e.g. {@code /api/atlas/v2/orgs/:orgId}
 * @param pathPattern matches concrete canonical paths of this template (used for 405 answers)
 * @param exactlyOne  query parameters of which exactly one must be given (empty when no such rule)
 * @param accept      the versioned Accept header rule, when the operation has one
 * @param scopes      the scopes the operation's security requirements accept
 * @param organization where the request names its target organization, when it does
 * @param deletionTarget for a destructive operation, where else the request names what it deletes (an F5 user's
 *                       email in the body), when not its target organization
 */
public record OperationSpec(
  String api,
  String operationId,
  HttpMethod method,
  String path,
  String routerPath,
  Pattern pathPattern,
  Operation operation,
  OperationValidator validator,
  List<String> exactlyOne,
  Optional<AcceptRule> accept,
  ScopeRule scopes,
  Optional<OrganizationTarget> organization,
  Optional<String> deletionTarget,
  BackendConfig backend) {

  /**
   * What the body names as deleted ({@code deletionTarget}'s pointer: an F5 user's email), as given; empty when the
   * operation names none there or the body does not hold a string at it.
   */
  public Optional<String> bodyTarget(io.vertx.core.buffer.Buffer body) {
    if (deletionTarget.isEmpty() || body == null || body.length() == 0) {
      return Optional.empty();
    }
    try {
      Object value = io.vertx.core.json.pointer.JsonPointer.from(deletionTarget.get()).queryJson(io.vertx.core.json.Json.decodeValue(body));
      return value instanceof String text ? Optional.of(text) : Optional.empty();
    } catch (RuntimeException notJson) {
      return Optional.empty();
    }
  }

  /** Anything but a read: audited, and its rate limit fails closed unless configured otherwise. */
  public boolean destructive() {
    return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
  }
}
