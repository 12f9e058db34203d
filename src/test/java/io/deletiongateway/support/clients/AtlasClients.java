package io.deletiongateway.support.clients;

import java.util.Map;
import java.util.regex.Pattern;

import static io.deletiongateway.support.clients.GoJson.Kind.ARRAY;
import static io.deletiongateway.support.clients.GoJson.Kind.INT;
import static io.deletiongateway.support.clients.GoJson.Kind.OBJECT;
import static io.deletiongateway.support.clients.GoJson.Kind.STRING;

/** Ports of the MongoDB Atlas clients' error decoders. */
public final class AtlasClients {
  /** mongodb/atlas-sdk-go @68a9d51c, admin/client.go line 28. */
  private static final Pattern JSON_CHECK = Pattern.compile("(?i:(?:application|text)/(?:vnd\\.[^;]+\\+)?json)");

  private AtlasClients() {
  }

  /** What atlas-sdk-go's ApiError model holds after an error answer, and whether IsErrorCode can match it. */
  public record SdkError(String errorCode, int error, String detail, String decodeError) {
    public boolean decoded() {
      return decodeError == null;
    }
  }

  /**
   * mongodb/atlas-sdk-go @68a9d51c, admin/client.go lines 515-538 ({@code makeApiError}) and 540-590 ({@code decode});
   * admin/model_api_error.go lines 6-20 ({@code ApiError}). Any status >= 300: an empty body leaves the zero model; a
   * Content-Type that is not JSON is "undefined response type"; a field of the wrong type (an object in detail, say)
   * fails the decode and the model stays empty: IsErrorCode is false and GetError() 0. Also what the Atlas CLI and the
   * Atlas Terraform provider use.
   */
  public static SdkError sdk(Answer answer) {
    if (answer.body().isEmpty()) {
      return new SdkError("", 0, "", null);
    }
    if (!JSON_CHECK.matcher(answer.contentType()).find()) {
      return new SdkError("", 0, "", "undefined response type");
    }
    GoJson.Decoded model = GoJson.unmarshal(answer.body(), Map.of("badRequestDetail", OBJECT, "detail", STRING,
      "error", INT, "errorCode", STRING, "parameters", ARRAY, "reason", STRING));
    if (model.failed()) {
      return new SdkError("", 0, "", "failed to decode response body: " + model.error());
    }
    return new SdkError(model.string("errorCode"), model.integer("error"), model.string("detail"), null);
  }

  /**
   * mongodb/mongodb-atlas-cli @8ddea41a82, internal/cli/commonerrors/errors.go lines 52-80 ({@code Check}): errorCode
   * UNAUTHORIZED or INVALID_REFRESH_TOKEN, or else error == 401, becomes the "run: atlas auth login" hint; anything
   * else prints the SDK's error.
   */
  public static String cli(Answer answer) {
    SdkError error = sdk(answer);
    if ("UNAUTHORIZED".equals(error.errorCode()) || "INVALID_REFRESH_TOKEN".equals(error.errorCode()) || error.error() == 401) {
      return "unauthorized: run: atlas auth login";
    }
    return error.decoded() ? error.errorCode() + ": " + error.detail() : "(" + answer.status() + ") " + error.decodeError();
  }

  /** The legacy client's ErrorResponse after CheckResponse. */
  public record LegacyError(String errorCode, int httpCode, String reason, String detail) {
  }

  /**
   * mongodb/go-client-mongodb-atlas @5efe06bc, mongodbatlas/mongodbatlas.go lines 530-541 ({@code ErrorResponse}) and
   * 561-577 ({@code CheckResponse}): json.Unmarshal into {errorCode, error int, reason, detail string}; when that fails
   * the whole body goes into Reason (the fields that did decode are kept, as Go fills them).
   */
  public static LegacyError legacy(Answer answer) {
    if (answer.body().isEmpty()) {
      return new LegacyError("", 0, "", "");
    }
    GoJson.Decoded decoded = GoJson.unmarshal(answer.body(), Map.of("errorCode", STRING, "error", INT, "reason", STRING,
      "detail", STRING));
    return new LegacyError(decoded.string("errorCode"), decoded.integer("error"),
      decoded.failed() ? answer.body() : decoded.string("reason"), decoded.string("detail"));
  }
}
