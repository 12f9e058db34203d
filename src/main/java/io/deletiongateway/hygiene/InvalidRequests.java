package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.ErrorRenderer;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.AnswerStyles;
import io.deletiongateway.pipeline.RequestIdStage;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder itself refused (request smuggling shapes: Content-Length with Transfer-Encoding,
 * duplicate Content-Length, unknown transfer codings; oversized lines or headers): answered in the documented
 * shape (the dialect of the API whose path it named, with a request id), and the connection closed, since its
 * framing can no longer be trusted. They never reach a route.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
  private final AnswerStyles styles;

  public InvalidRequests(AnswerStyles styles) {
    this.styles = styles;
  }

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
    refuse(request, error, styles.of(request));
  }

  /** Every refusal here: a request id (no stage has given it one), the answer, then the connection closed. */
  private static void refuse(HttpServerRequest request, GatewayError error, io.deletiongateway.errors.ErrorStyle style) {
    request.response().putHeader("X-Request-Id", RequestIdStage.newId());
    ErrorRenderer.renderAndClose(request, error, style);
  }

  /**
   * Refuses, before routing, what the router cannot take: a target that is no path ({@code OPTIONS *},
   * {@code CONNECT host:port}, a target not starting with {@code /}: 400, then closed), and a request line longer than
   * {@code maxLineBytes} (414, in the dialect of the API it names: the decoder itself only stops lines beyond
   * {@link #DECODER_LINE_LIMIT}, where nothing of the path is known). Returns false for every other request.
   */
  public boolean refused(HttpServerRequest request, int maxLineBytes) {
    String path = request.path();
    if (request.method() == io.vertx.core.http.HttpMethod.CONNECT || path == null || !path.startsWith("/")
      || request.uri().startsWith("*")) {
      refuse(request, GatewayError.of(ErrorCode.BAD_REQUEST, new JsonObject().put("rule", "request_target")),
        io.deletiongateway.errors.ErrorStyle.DEFAULT);
      return true;
    }
    if (request.method().name().length() + request.uri().length() + " HTTP/1.1".length() + 1 > maxLineBytes) {
      refuse(request, GatewayError.of(ErrorCode.URI_TOO_LONG), styles.of(request));
      return true;
    }
    return false;
  }

  /** How long a request line the HTTP decoder buffers before refusing it on its own. */
  public static int decoderLineLimit(int maxLineBytes) {
    return Math.max(maxLineBytes, DECODER_LINE_LIMIT);
  }

  private static final int DECODER_LINE_LIMIT = 65_536;

  /** A request whose framing (lengths, chunking) cannot be trusted. */
  public static GatewayError badFraming() {
    return GatewayError.of(ErrorCode.BAD_REQUEST, new JsonObject().put("rule", "http_framing"));
  }
}
