package io.deletiongateway.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/**
 * The admin listener, apart from the public port: GET /metrics (Prometheus text), /health/live (the process
 * answers) and /health/ready (503 while shutting down or while a dependency, Redis or verification keys, is
 * unavailable; {@code degraded} lists what works on kept state, without failing readiness).
 */
public final class AdminServer {
  private AdminServer() {
  }

  public static Future<HttpServer> start(Vertx vertx, String host, int port, Metrics metrics, Supplier<Future<JsonObject>> readiness) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> readiness.get().onComplete(report -> {
      JsonObject checks = report.succeeded() ? report.result().getJsonObject("checks")
        : new JsonObject().put("error", report.cause().getMessage());
      boolean up = report.succeeded() && checks.stream().allMatch(e -> "UP".equals(e.getValue()));
      JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
      if (report.succeeded() && !report.result().getJsonArray("degraded", new io.vertx.core.json.JsonArray()).isEmpty()) {
        body.put("degraded", report.result().getJsonArray("degraded"));
      }
      ctx.response().setStatusCode(up ? 200 : 503);
      ctx.json(body);
    }));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
