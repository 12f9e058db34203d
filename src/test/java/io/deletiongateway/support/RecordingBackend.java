package io.deletiongateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real backend that answers 200 {"steps":{}} and records the method, target, headers and body bytes of each request. */
public final class RecordingBackend implements AutoCloseable {
  public record Received(String method, String uri, MultiMap headers, byte[] body) {
    public String bodyText() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  public final List<Received> received = new CopyOnWriteArrayList<>();

  public RecordingBackend() throws Exception {
    this(0, 0);
  }

  /** Answers after {@code delayMillis}, listening on {@code port} (0: any free one). */
  public RecordingBackend(int port, long delayMillis) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new Received(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
        body.getBytes()));
      Runnable answer = () -> {
        synchronized (held) {
          if (holding) {
            held.add(() -> succeed(req));
            return;
          }
        }
        succeed(req);
      };
      if (delayMillis > 0) {
        vertx.setTimer(delayMillis, id -> answer.run());
      } else {
        answer.run();
      }
    })).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** The operation's own success, as its contract declares it: Atlas 204, F5 a CascadeDeleteResponse, Katapult steps. */
  private static void succeed(io.vertx.core.http.HttpServerRequest req) {
    if (req.path().startsWith("/api/atlas/")) {
      req.response().setStatusCode(204).end();
    } else {
      req.response().putHeader("Content-Type", "application/json")
        .end(req.path().startsWith("/api/web/") ? "{\"delete_ok\":true,\"items\":[]}" : "{\"steps\":{}}");
    }
  }

  private final List<Runnable> held = new java.util.ArrayList<>();
  private boolean holding;

  /** From now on, answers wait until {@link #release()}: a deletion held at the backend as long as a test needs. */
  public void hold() {
    synchronized (held) {
      holding = true;
    }
  }

  /** Sends every held answer (on the backend's event loop) and stops holding. */
  public void release() {
    List<Runnable> waiting;
    synchronized (held) {
      holding = false;
      waiting = new java.util.ArrayList<>(held);
      held.clear();
    }
    waiting.forEach(answer -> vertx.runOnContext(v -> answer.run()));
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The shipped config's environment pointing every backend (Katapult, Atlas, F5) here, plus {@code more}. */
  public java.util.Map<String, String> asEveryBackend(String... more) {
    java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("KATAPULT_BACKEND_URL", url(),
      "ATLAS_BACKEND_URL", url(), "F5XC_BACKEND_URL", url()));
    for (int i = 0; i + 1 < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
