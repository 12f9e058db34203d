package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.ErrorRenderer;
import io.deletiongateway.errors.GatewayError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder itself refused (request smuggling shapes: Content-Length with Transfer-Encoding,
 * duplicate Content-Length, unknown transfer codings; oversized lines or headers): answered in the documented
 * shape, and the connection closed, since its framing can no longer be trusted. They never reach a route.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayError error;
    if (cause instanceof TooLongHttpLineException) {
      error = GatewayError.of(ErrorCode.URI_TOO_LONG);
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = GatewayError.of(ErrorCode.HEADERS_TOO_LARGE);
    } else if (cause instanceof HttpVersions.Unsupported) {
      error = GatewayError.of(ErrorCode.HTTP_VERSION_NOT_SUPPORTED, new JsonObject().put("supported", java.util.List.of("HTTP/1.0", "HTTP/1.1", "HTTP/2")));
    } else {
      error = badFraming();
    }
    ErrorRenderer.renderAndClose(request, error);
  }

  /**
   * Answers (400, then closes) a request whose target is no path: {@code OPTIONS *}, {@code CONNECT host:port},
   * a target not starting with {@code /}. No route could match it, and the router cannot even normalise it.
   * Returns false for every other request, which goes on to the router.
   */
  public static boolean refusedTarget(HttpServerRequest request) {
    String path = request.path();
    if (request.method() != io.vertx.core.http.HttpMethod.CONNECT && path != null && path.startsWith("/")
      && !request.uri().startsWith("*")) {
      return false;
    }
    ErrorRenderer.renderAndClose(request, GatewayError.of(ErrorCode.BAD_REQUEST, new JsonObject().put("rule", "request_target")));
    return true;
  }

  /** A request whose framing (lengths, chunking) cannot be trusted. */
  public static GatewayError badFraming() {
    return GatewayError.of(ErrorCode.BAD_REQUEST, new JsonObject().put("rule", "http_framing"));
  }
}
