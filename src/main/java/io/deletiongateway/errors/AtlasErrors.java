package io.deletiongateway.errors;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * The atlas dialect: Atlas's ApiError ({@code error} int, {@code errorCode}, {@code detail} string, {@code reason},
 * {@code parameters}, {@code badRequestDetail}), as atlas-sdk-go decodes it (admin/model_api_error.go), with the
 * statuses and codes the real Atlas API gives for the same refusals: 401 for a missing or invalid credential
 * (UNAUTHORIZED, so the Atlas CLI shows its "atlas auth login" hint), NOT_ORG_OWNER / USER_CANNOT_ACCESS_ORG for a
 * missing role, RATE_LIMITED on 429. A backend's own ApiError is reproduced as it came (code, text, parameters).
 */
final class AtlasErrors {
  /** Our code → the status and errorCode Atlas answers with; unlisted codes keep their status, upper-cased. */
  private record Mapped(int status, String errorCode) {
  }

  private static final Map<String, Mapped> GATEWAY_CODES = Map.ofEntries(
    Map.entry("missing_api_token", new Mapped(401, "UNAUTHORIZED")),
    Map.entry("invalid_api_token", new Mapped(401, "UNAUTHORIZED")),
    Map.entry("invalid_capabilities_token", new Mapped(401, "UNAUTHORIZED")),
    Map.entry("scope_not_granted", new Mapped(401, "NOT_ORG_OWNER")),
    Map.entry("permission_denied", new Mapped(401, "USER_CANNOT_ACCESS_ORG")),
    Map.entry("unauthorized_network_for_api_token", new Mapped(403, "IP_ADDRESS_NOT_ON_WHITELIST")),
    Map.entry("organization_not_found", new Mapped(404, "ORG_NOT_FOUND")),
    Map.entry("route_not_found", new Mapped(404, "RESOURCE_NOT_FOUND")),
    Map.entry("rate_limit_reached", new Mapped(429, "RATE_LIMITED")),
    Map.entry("invalid_argument", new Mapped(400, "VALIDATION_ERROR")),
    Map.entry("missing_required_argument", new Mapped(400, "VALIDATION_ERROR")),
    Map.entry("malformed_request_body", new Mapped(400, "VALIDATION_ERROR")),
    Map.entry("internal_error", new Mapped(500, "UNEXPECTED_ERROR")));

  private AtlasErrors() {
  }

  static int status(ErrorBody error) {
    return error.relayed() ? error.status() : mapped(error).status();
  }

  static JsonObject body(ErrorBody error) {
    int status = status(error);
    JsonObject body = new JsonObject().put("error", status);
    JsonObject detail = error.detail();
    if (error.relayed() && detail.getValue("errorCode") instanceof String backendCode) {
      // The backend spoke Atlas: its own code, text, parameters and field violations, as it sent them.
      body.put("errorCode", backendCode).put("detail", error.description()).put("reason", reason(status))
        .put("parameters", detail.getValue("parameters") instanceof JsonArray p ? p : new JsonArray());
      if (detail.getValue("badRequestDetail") instanceof JsonObject fields) {
        body.put("badRequestDetail", fields);
      }
      return body;
    }
    body.put("errorCode", error.relayed() ? error.code().toUpperCase(Locale.ROOT) : mapped(error).errorCode())
      .put("detail", text(error))
      .put("reason", reason(status))
      .put("parameters", detail.isEmpty() ? new JsonArray() : new JsonArray().add(detail));
    if (!error.relayed() && status == 400 && detail.containsKey("rule")) {
      body.put("badRequestDetail", new JsonObject().put("fields", new JsonArray().add(new JsonObject()
        .put("field", field(detail)).put("description", detail.getValue("message") instanceof String m ? m : detail.getString("rule")))));
    }
    return body;
  }

  /** RFC 6750: a 401 names the scheme to authenticate with. */
  static Map<String, String> headers(ErrorBody error) {
    if (status(error) != 401 || error.relayed()) {
      return Map.of();
    }
    return Map.of("WWW-Authenticate", "missing_api_token".equals(error.code()) ? "Bearer"
      : "scope_not_granted".equals(error.code()) ? "Bearer error=\"insufficient_scope\"" : "Bearer error=\"invalid_token\"");
  }

  private static Mapped mapped(ErrorBody error) {
    Mapped mapped = GATEWAY_CODES.get(error.code());
    if (mapped != null && "VALIDATION_ERROR".equals(mapped.errorCode()) && "path".equals(error.detail().getValue("in"))) {
      return new Mapped(400, "INVALID_PATH_PARAMETER");
    }
    return mapped != null ? mapped : new Mapped(error.status(), error.code().toUpperCase(Locale.ROOT));
  }

  /** The description with the specifics, in one string (Atlas clients print only detail). */
  private static String text(ErrorBody error) {
    JsonObject detail = error.detail();
    String retry = error.headers().get("Retry-After");
    if ("rate_limit_reached".equals(error.code()) && retry != null) {
      return error.description() + ". Please retry after " + retry + " seconds."
        + (detail.getValue("total_permitted") instanceof Number n ? " Requests permitted per minute: " + n + "." : "");
    }
    if (detail.isEmpty()) {
      return error.description();
    }
    StringBuilder out = new StringBuilder(error.description()).append(" (");
    detail.forEach(entry -> out.append(out.charAt(out.length() - 1) == '(' ? "" : ", ").append(entry.getKey()).append(": ")
      .append(entry.getValue()));
    return out.append(')').toString();
  }

  private static String field(JsonObject detail) {
    for (String key : new String[] {"name", "pointer", "header", "parameter", "in"}) {
      if (detail.getValue(key) instanceof String value) {
        return value;
      }
    }
    return "request";
  }

  private static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
