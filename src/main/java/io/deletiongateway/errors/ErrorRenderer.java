package io.deletiongateway.errors;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one place a {@link GatewayError} becomes an HTTP answer in the documented {code, description, detail} shape. */
public final class ErrorRenderer {
  private ErrorRenderer() {
  }

  public static JsonObject body(GatewayError error) {
    return new JsonObject()
      .put("code", error.code().code())
      .put("description", error.code().description())
      .put("detail", error.detail());
  }

  public static void render(HttpServerResponse response, GatewayError error) {
    if (response.headWritten()) {
      // The backend's status line already went out; all that is left is to cut the stream short.
      response.reset();
      return;
    }
    response.setStatusCode(error.code().status());
    error.headers().forEach(response::putHeader);
    response.putHeader("Content-Type", "application/json");
    response.putHeader("Cache-Control", "no-store");
    response.end(body(error).toBuffer());
  }
}
