package io.deletiongateway.support.clients;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

import static io.deletiongateway.support.clients.GoJson.Kind.ANY;
import static io.deletiongateway.support.clients.GoJson.Kind.INT;
import static io.deletiongateway.support.clients.GoJson.Kind.OBJECT;
import static io.deletiongateway.support.clients.GoJson.Kind.STRING;

/** Ports of the Katapult clients' error decoders. */
public final class KatapultClients {
  private KatapultClients() {
  }

  /**
   * krystal/go-katapult @ddc43de, katapult.go lines 144-179 ({@code handleResponseError}) and errors.go lines 62-72
   * ({@code responseErrorBody}, {@code ResponseError}); also what krystal/katapult-cli and the SDKv2 resources of
   * krystal/terraform-provider-katapult call. Non-2xx: decode {"error": {code, description, detail}}; a body that does
   * not decode, or no error object, or an empty code, is ErrUnexpectedResponse.
   */
  public static Surfaced legacy(Answer answer) {
    if (answer.status() / 100 == 2) {
      return new Surfaced(null, answer.status(), "ok");
    }
    GoJson.Decoded outer = GoJson.unmarshal(answer.body(), Map.of("error", OBJECT));
    if (outer.failed() || !(outer.fields().get("error") instanceof JsonObject inner)) {
      return Surfaced.nothing("ErrUnexpectedResponse");
    }
    GoJson.Decoded error = GoJson.into(inner, Map.of("code", STRING, "description", STRING, "detail", ANY));
    if (error.failed() || error.string("code").isEmpty()) {
      return Surfaced.nothing("ErrUnexpectedResponse");
    }
    return new Surfaced(error.string("code"), answer.status(), error.string("description"));
  }

  /** The statuses go-katapult/next types for GET /organizations/organization/deletion_steps. */
  private static final Set<Integer> NEXT_DECLARED = Set.of(200, 400, 403, 404, 429, 503);

  /**
   * krystal/go-katapult @ddc43de, next/core/core.go lines 45950-46010 ({@code ParseGetOrganizationDeletionStepsResponse},
   * oapi-codegen): for a declared status with a Content-Type containing "json", json.Unmarshal into the bare
   * {code, description, detail} model (429: detail is {total_permitted int}); an error returns (nil, err), so the
   * caller loses even the status. Undeclared statuses keep only the raw body. 403's union type keeps the raw JSON;
   * its As…() accessors decode the same bare model, which is what is ported here.
   */
  public static Surfaced next(Answer answer) {
    if (!NEXT_DECLARED.contains(answer.status()) || !answer.contentType().contains("json")) {
      return new Surfaced(null, answer.status(), "raw body only");
    }
    if (answer.status() == 200) {
      GoJson.Decoded ok = GoJson.unmarshal(answer.body(), Map.of("steps", OBJECT));
      return ok.failed() ? Surfaced.nothing("(nil, " + ok.error() + ")") : new Surfaced(null, 200, "ok");
    }
    GoJson.Decoded error = GoJson.unmarshal(answer.body(), Map.of("code", STRING, "description", STRING, "detail", OBJECT));
    if (!error.failed() && answer.status() == 429 && error.fields().get("detail") instanceof JsonObject detail) {
      GoJson.Decoded limit = GoJson.into(detail, Map.of("total_permitted", INT));
      error = limit.failed() ? limit : error;
    }
    if (error.failed()) {
      return Surfaced.nothing("(nil, " + error.error() + ")");
    }
    String code = error.string("code");
    return new Surfaced(code.isEmpty() ? null : code, answer.status(), error.string("description"));
  }

  /**
   * krystal/terraform-provider-katapult @5b0b9ee, internal/v6provider/generic_api_error.go lines 30-72
   * ({@code parseGenericAPIError}, gjson): {@code error.code} and {@code error.description}; no code, and the
   * client's own error (go-katapult's) is shown instead.
   */
  public static Surfaced terraformV6(Answer answer) {
    if (answer.status() / 100 == 2) {
      return new Surfaced(null, answer.status(), "ok");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(answer.body());
    } catch (RuntimeException notJson) {
      parsed = null;
    }
    if (parsed instanceof JsonObject body && body.getValue("error") instanceof JsonObject error
      && error.getValue("code") != null && !String.valueOf(error.getValue("code")).isEmpty()) {
      return new Surfaced(String.valueOf(error.getValue("code")), answer.status(),
        error.getValue("description") == null ? "" : String.valueOf(error.getValue("description")));
    }
    return legacy(answer);
  }
}
