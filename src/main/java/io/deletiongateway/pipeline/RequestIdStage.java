package io.deletiongateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * First stage: every request gets an id, echoed on every answer (success or error) and sent to the backend.
 * A client's X-Request-Id is kept only when it is a single short token; anything else is replaced.
 */
public final class RequestIdStage implements Handler<RoutingContext> {
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  public static final CharSequence HEADER = io.vertx.core.http.HttpHeaders.createOptimized("X-Request-Id");

  @Override
  public void handle(RoutingContext ctx) {
    List<String> given = ctx.request().headers().getAll(HEADER);
    String id = given.size() == 1 && WELL_FORMED.matcher(given.get(0)).matches()
      ? given.get(0)
      : newId();
    RequestAttributes.requestId(ctx, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /**
   * A random version-4 UUID from the thread's generator: ids correlate logs, they are not secrets, and
   * UUID.randomUUID() would take SecureRandom's lock on every request.
   */
  public static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }
}
