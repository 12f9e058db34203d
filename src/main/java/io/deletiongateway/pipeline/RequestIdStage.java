package io.deletiongateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * First stage: every request gets an id, echoed on every answer (success or error) and sent to the backend.
 * A client's X-Request-Id is kept only when it is a single short token; anything else is replaced.
 */
final class RequestIdStage implements Handler<RoutingContext> {
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    List<String> given = ctx.request().headers().getAll("X-Request-Id");
    String id = given.size() == 1 && WELL_FORMED.matcher(given.get(0)).matches()
      ? given.get(0)
      : UUID.randomUUID().toString();
    RequestAttributes.requestId(ctx, id);
    ctx.response().putHeader("X-Request-Id", id);
    ctx.next();
  }
}
