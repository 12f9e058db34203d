package io.deletiongateway.errors;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * The shape errors take for the clients of one API. {@code documented}: {code, description, detail}.
 * {@code katapult}: the same wrapped in "error", with X-Api-Schema: json-error, as the real Katapult API and its
 * legacy clients use. {@code atlas}: Atlas's ApiError {error, errorCode, detail, reason, parameters}, so the
 * Atlas SDKs find their errorCode.
 */
public enum ErrorDialect {
  DOCUMENTED, KATAPULT, ATLAS;

  /** Our codes that have a well-known Atlas errorCode; the rest are upper-cased. */
  private static final Map<String, String> ATLAS_CODES = Map.of(
    "rate_limit_reached", "RATE_LIMITED",
    "organization_not_found", "ORG_NOT_FOUND",
    "route_not_found", "RESOURCE_NOT_FOUND",
    "unauthorized_network_for_api_token", "IP_ADDRESS_NOT_ON_WHITELIST",
    "internal_error", "UNEXPECTED_ERROR",
    "invalid_argument", "VALIDATION_ERROR",
    "missing_required_argument", "VALIDATION_ERROR",
    "malformed_request_body", "VALIDATION_ERROR");

  public JsonObject body(ErrorBody error) {
    JsonObject documented = new JsonObject().put("code", error.code()).put("description", error.description())
      .put("detail", error.detail());
    return switch (this) {
      case DOCUMENTED -> documented;
      case KATAPULT -> new JsonObject().put("error", documented);
      case ATLAS -> new JsonObject()
        .put("error", error.status())
        .put("errorCode", ATLAS_CODES.getOrDefault(error.code(), error.code().toUpperCase(Locale.ROOT)))
        .put("detail", error.description())
        .put("reason", HttpResponseStatus.valueOf(error.status()).reasonPhrase())
        .put("parameters", error.detail().isEmpty() ? new JsonArray() : new JsonArray().add(error.detail()));
    };
  }

  /** Headers the dialect adds to every error answer. */
  public Map<String, String> headers() {
    return this == KATAPULT ? Map.of("X-Api-Schema", "json-error") : Map.of();
  }
}
