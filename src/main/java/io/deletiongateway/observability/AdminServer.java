package io.deletiongateway.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/**
 * The admin listener, apart from the public port: GET /metrics (Prometheus text), /health/live (the process
 * answers) and /health/ready (503 while a dependency, Redis or verification keys, is unavailable).
 */
public final class AdminServer {
  private AdminServer() {
  }

  public static Future<HttpServer> start(Vertx vertx, String host, int port, Metrics metrics, Supplier<Future<JsonObject>> readiness) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> readiness.get().onComplete(checks -> {
      JsonObject result = checks.succeeded() ? checks.result() : new JsonObject().put("error", checks.cause().getMessage());
      boolean up = checks.succeeded() && result.stream().allMatch(e -> "UP".equals(e.getValue()));
      ctx.response().setStatusCode(up ? 200 : 503);
      ctx.json(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", result));
    }));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
