package io.deletiongateway.errors;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The shape errors take for the clients of one API (which client reads which: README, "Error dialects").
 * {@code documented}: {code, description, detail}. {@code katapult}: the triplet at the top level and again
 * wrapped in "error", with X-Api-Schema: json-error: the generated go-katapult client reads the first, the legacy
 * client, katapult-cli and the Terraform provider the second. {@code atlas}: Atlas's ApiError, with Atlas's own
 * statuses and codes ({@link AtlasErrors}). {@code f5xc}: the triplet plus {@code message} for gRPC-gateway readers.
 */
public enum ErrorDialect {
  DOCUMENTED, KATAPULT, ATLAS, F5XC;

  private static final Map<String, String> WRAPPED = Map.of("X-Api-Schema", "json-error");

  /** The status line this dialect gives the error (Atlas answers some refusals with other statuses). */
  public int status(ErrorBody error) {
    return this == ATLAS ? AtlasErrors.status(error) : error.status();
  }

  public JsonObject body(ErrorBody error) {
    return switch (this) {
      case DOCUMENTED -> triplet(error);
      case KATAPULT -> triplet(error).put("error", triplet(error));
      case ATLAS -> AtlasErrors.body(error);
      case F5XC -> triplet(error).put("message", error.description());
    };
  }

  /** Headers the dialect adds to every error answer. */
  public Map<String, String> headers(ErrorBody error) {
    return switch (this) {
      case KATAPULT -> WRAPPED;
      case ATLAS -> AtlasErrors.headers(error);
      default -> Map.of();
    };
  }

  private static JsonObject triplet(ErrorBody error) {
    return new JsonObject().put("code", error.code()).put("description", error.description()).put("detail", error.detail());
  }
}
