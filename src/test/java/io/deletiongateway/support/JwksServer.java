package io.deletiongateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A real HTTP server publishing a JWKS: keys can be rotated, the server made to fail, and fetches counted. */
public final class JwksServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicReference<List<TestKeys>> keys = new AtomicReference<>(List.of());
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger fetches = new AtomicInteger();
  private final HttpServer server;
  private final int maxAgeSeconds;

  public JwksServer(int maxAgeSeconds, TestKeys... initial) throws Exception {
    this.maxAgeSeconds = maxAgeSeconds;
    keys.set(List.of(initial));
    server = vertx.createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      if (failing.get()) {
        req.response().setStatusCode(503).end();
        return;
      }
      JsonArray jwks = new JsonArray();
      keys.get().forEach(k -> jwks.add(k.jwk()));
      req.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=" + this.maxAgeSeconds)
        .end(new JsonObject().put("keys", jwks).encode());
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
  }

  public void publish(TestKeys... next) {
    keys.set(List.of(next));
  }

  public void failing(boolean fail) {
    failing.set(fail);
  }

  public int fetches() {
    return fetches.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
