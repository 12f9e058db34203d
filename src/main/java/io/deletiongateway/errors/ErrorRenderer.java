package io.deletiongateway.errors;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The one place an error becomes an HTTP answer: its dialect's status, body and headers, the envelope if asked.
 * Every 429 and 503 carries Retry-After (retrying clients back off on it rather than blindly).
 */
public final class ErrorRenderer {
  private ErrorRenderer() {
  }

  /** For a connection that cannot be trusted any further (broken framing, a stalled body): answer, then close it. */
  public static void renderAndClose(HttpServerRequest request, GatewayError error, ErrorStyle style) {
    request.response().putHeader("Connection", "close");
    render(request.response(), ErrorBody.of(error), style).onComplete(written -> request.connection().close());
  }

  public static Future<Void> render(HttpServerResponse response, ErrorBody error, ErrorStyle style) {
    if (response.headWritten()) {
      // The backend's status line already went out; all that is left is to cut the stream short.
      response.reset();
      return Future.succeededFuture();
    }
    ErrorDialect dialect = style.dialect();
    int status = dialect.status(error);
    error.headers().forEach(response::putHeader);
    response.headers().remove("X-Api-Schema");  // a backend's, relayed: only the dialect knows whether the body is wrapped
    dialect.headers(error).forEach(response::putHeader);
    if ((status == 429 || status == 503) && !response.headers().contains("Retry-After")) {
      response.putHeader("Retry-After", "1");
    }
    response.putHeader("Cache-Control", "no-store");
    return send(response, status, dialect.body(error), style.envelope());
  }

  /** Sends a JSON answer, inside an Atlas envelope when asked (then the status line is always 200). */
  public static Future<Void> send(HttpServerResponse response, int status, Object json, boolean envelope) {
    Object body = envelope ? new JsonObject().put("status", status).put("content", json) : json;
    response.setStatusCode(envelope ? 200 : status);
    response.headers().remove("Content-Length");
    response.putHeader("Content-Type", "application/json");
    return response.end(body == null ? Buffer.buffer() : Buffer.buffer(Json.encode(body)));
  }
}
