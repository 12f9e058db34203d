package io.deletiongateway.errors;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one place an error becomes an HTTP answer: its dialect's body, the dialect's headers, the envelope if asked. */
public final class ErrorRenderer {
  private ErrorRenderer() {
  }

  public static void render(HttpServerResponse response, GatewayError error) {
    render(response, ErrorBody.of(error), ErrorStyle.DEFAULT);
  }

  /** For a connection that cannot be trusted any further (broken framing, a stalled body): answer, then close it. */
  public static void renderAndClose(HttpServerRequest request, GatewayError error) {
    request.response().putHeader("Connection", "close");
    render(request.response(), ErrorBody.of(error), ErrorStyle.DEFAULT).onComplete(written -> request.connection().close());
  }

  public static void render(HttpServerResponse response, GatewayError error, ErrorStyle style) {
    render(response, ErrorBody.of(error), style);
  }

  public static Future<Void> render(HttpServerResponse response, ErrorBody error, ErrorStyle style) {
    if (response.headWritten()) {
      // The backend's status line already went out; all that is left is to cut the stream short.
      response.reset();
      return Future.succeededFuture();
    }
    error.headers().forEach(response::putHeader);
    style.dialect().headers().forEach(response::putHeader);
    response.putHeader("Cache-Control", "no-store");
    return send(response, error.status(), style.dialect().body(error), style.envelope());
  }

  /** Sends a JSON answer, inside an Atlas envelope when asked (then the status line is always 200). */
  public static Future<Void> send(HttpServerResponse response, int status, Object json, boolean envelope) {
    Object body = envelope ? new JsonObject().put("status", status).put("content", json) : json;
    response.setStatusCode(envelope ? 200 : status);
    response.headers().remove("Content-Length");
    response.putHeader("Content-Type", "application/json");
    return response.end(body == null ? Buffer.buffer() : Buffer.buffer(io.vertx.core.json.Json.encode(body)));
  }
}
