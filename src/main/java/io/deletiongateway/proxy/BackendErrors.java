package io.deletiongateway.proxy;

import io.deletiongateway.errors.ErrorBody;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns whatever a backend answered with an error status into one {@link ErrorBody}: the backend's status is
 * kept, its own code becomes a stable lower-case code, its fields are kept under {@code detail}. Understood
 * forms: Katapult's triplet bare or wrapped in "error", Atlas's ApiError, F5's plain JSON string; anything
 * else (HTML, text, empty) gets a code from its status and no body at all. Free text of 5xx answers and any
 * stack-trace-like field is dropped: backend internals never reach the client.
 */
final class BackendErrors {
  private static final Set<String> INTERNAL_FIELDS = Set.of("stack", "stacktrace", "stack_trace", "trace", "exception", "cause");
  private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
    Map.entry(400, "bad_request"), Map.entry(401, "unauthorized"), Map.entry(402, "payment_required"),
    Map.entry(403, "forbidden"), Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"),
    Map.entry(409, "conflict"), Map.entry(410, "gone"), Map.entry(422, "unprocessable_entity"),
    Map.entry(429, "rate_limit_reached"), Map.entry(500, "backend_error"), Map.entry(502, "bad_gateway"),
    Map.entry(503, "service_unavailable"), Map.entry(504, "gateway_timeout"));

  private BackendErrors() {
  }

  static ErrorBody normalize(int status, Buffer body) {
    Object json = parse(body);
    boolean serverError = status >= 500;
    if (json instanceof JsonObject object) {
      JsonObject wrapped = object.getValue("error") instanceof JsonObject inner ? inner : null;
      JsonObject triplet = wrapped != null ? wrapped : object;
      if (triplet.getValue("code") instanceof String code) {
        JsonObject detail = triplet.getValue("detail") instanceof JsonObject d ? clean(d, serverError) : new JsonObject();
        String description = !serverError && triplet.getValue("description") instanceof String d ? d : generic(status);
        return error(status, code, description, detail);
      }
      if (object.getValue("errorCode") instanceof String code) {
        JsonObject detail = clean(object, serverError);
        String description = !serverError && object.getValue("detail") instanceof String d ? d : generic(status);
        return error(status, code, description, detail);
      }
      return error(status, null, generic(status), clean(object, true));
    }
    if (json instanceof String message && !serverError) {
      return error(status, null, generic(status), new JsonObject().put("message", message));
    }
    return error(status, null, generic(status), new JsonObject());
  }

  private static ErrorBody error(int status, String backendCode, String description, JsonObject detail) {
    String code = backendCode == null ? BY_STATUS.getOrDefault(status, status >= 500 ? "backend_error" : "backend_refused")
      : stable(backendCode);
    return new ErrorBody(status, code, description, detail, Map.of(), true);
  }

  /** ORG_NOT_EMPTY, OrgNotEmpty and org-not-empty all become org_not_empty. */
  static String stable(String code) {
    String snake = code.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    snake = snake.replaceAll("^_+|_+$", "");
    return snake.isEmpty() ? "backend_error" : snake.length() > 64 ? snake.substring(0, 64) : snake;
  }

  private static JsonObject clean(JsonObject original, boolean onlyCodes) {
    JsonObject out = new JsonObject();
    original.forEach(entry -> {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      if (INTERNAL_FIELDS.contains(key)) {
        return;
      }
      if (onlyCodes && entry.getValue() instanceof String && !key.contains("code")) {
        return;
      }
      out.put(entry.getKey(), entry.getValue());
    });
    return out;
  }

  private static String generic(int status) {
    return status >= 500 ? "The backend failed to process the request"
      : "The backend refused the request: " + HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  private static Object parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
