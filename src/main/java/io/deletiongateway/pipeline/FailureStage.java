package io.deletiongateway.pipeline;

import io.deletiongateway.errors.ErrorBody;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.ErrorRenderer;
import io.deletiongateway.errors.ErrorStyle;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.hygiene.InvalidRequests;
import io.deletiongateway.hygiene.ReadDeadlines;
import io.deletiongateway.observability.AuditLog;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Every failed request ends here. Stages fail with a {@link GatewayError}; anything else (a vertx-web status
 * such as the body limit's 413, or an unexpected exception) is mapped to the catalogue and, if unexpected,
 * logged with its stack trace on our side only.
 */
final class FailureStage implements Handler<RoutingContext> {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");

  private final AuditLog audit;

  FailureStage(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    GatewayError refusal = toError(ctx);
    boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
    // Refused before its body was read (404, 405, a refused path, 413…): the rest is neither read nor waited for.
    // The connection closes after the answer, so an unread body is bounded in size and time.
    GatewayError error = !http2 && ReadDeadlines.bodyPending(ctx.request()) ? refusal.closingConnection() : refusal;
    GatewayError answer = http2 && error.closesConnection() ? error.withoutHeader("Connection") : error;
    ErrorBody body = ErrorBody.of(answer);
    RequestAttributes.errorCode(ctx, body.code());
    ErrorStyle style = RequestAttributes.errorStyle(ctx);
    // A refused destructive call is audited too, before the refusal leaves, with the status its dialect gives it.
    audit.beforeAnswer(ctx, style.dialect().status(body), null)
      .compose(written -> ErrorRenderer.render(ctx.response(), body, style))
      .onComplete(sent -> {
        if (error.closesConnection() && !http2) {
          ctx.request().connection().close();  // an unread or stalled body, a draining gateway: nothing more is read
        }
      });
  }

  private static GatewayError toError(RoutingContext ctx) {
    if (ctx.failure() instanceof GatewayError error) {
      return error;
    }
    if (ctx.failure() instanceof HttpClosedException) {
      // The connection closed under the request (the client left, or a refusal closed it mid-body): nothing can
      // be answered any more; rendering cuts short whatever answer had begun. Not our fault: not logged.
      return GatewayError.of(ErrorCode.BAD_REQUEST, new JsonObject().put("rule", "connection_closed"));
    }
    if (ctx.failure() instanceof NumberFormatException || ctx.failure() instanceof io.netty.handler.codec.DecoderException) {
      // A body the HTTP decoder could not frame (bad chunk size). Vert.x closes such a connection at once, so this
      // answer rarely reaches the client; it is still the client's error, not ours.
      return InvalidRequests.badFraming();
    }
    return switch (ctx.statusCode()) {
      case 413 -> GatewayError.of(ErrorCode.PAYLOAD_TOO_LARGE);
      case 431 -> GatewayError.of(ErrorCode.HEADERS_TOO_LARGE);
      case 400 -> GatewayError.of(ErrorCode.BAD_REQUEST);
      default -> {
        LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + ctx.request().method() + " "
          + ctx.normalizedPath() + " (request " + RequestAttributes.requestId(ctx) + ")", ctx.failure());
        yield GatewayError.of(ErrorCode.INTERNAL_ERROR);
      }
    };
  }
}
