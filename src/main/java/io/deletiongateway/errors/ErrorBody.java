package io.deletiongateway.errors;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What any error answer says, before a dialect shapes it: the gateway's own (from the catalogue) or a backend's
 * (normalized, {@code relayed}). {@code code} is a stable lower-case code; {@code detail} carries the specifics
 * (for a relayed answer: the backend's own fields, which a dialect of the same API reproduces).
 */
public record ErrorBody(int status, String code, String description, JsonObject detail, Map<String, String> headers,
                        boolean relayed) {

  public static ErrorBody of(GatewayError error) {
    return new ErrorBody(error.code().status(), error.code().code(), error.description(), error.detail(), error.headers(), false);
  }
}
