package io.deletiongateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.TimeUnit;

/**
 * The ceiling for any gateway built on this Vert.x: a reverse proxy with no policy at all (no routing, auth, limits,
 * validation, logs or metrics), on the same Vert.x, Netty, JVM flags and event-loop count as the gateway. Run by
 * bench/run.sh next to nginx and the gateway, to show how much of the gap to nginx is the framework and how much
 * is the gateway's own work. A benchmark contender, not a test. Args: listen port, backend port, event loops.
 */
public final class BareVertxProxy {
  public static void main(String[] args) throws Exception {
    run(args, "bare vert.x proxy", (vertx, client, backendPort) -> in -> forward(client, backendPort, in, in.body()));
  }

  /** How a proxy of this family answers: each event loop's request handler, made in its verticle. */
  interface Shape {
    Handler<HttpServerRequest> handler(Vertx vertx, HttpClient client, int backendPort);
  }

  /** Starts one: args listen port, backend port, event loops; one shared client, one listener per loop. */
  static void run(String[] args, String name, Shape shape) throws Exception {
    int port = Integer.parseInt(args[0]);
    int backendPort = Integer.parseInt(args[1]);
    int loops = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(128));
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(shape.handler(vertx, client, backendPort)).listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
    System.out.println(name + " listening on " + port);
  }

  /** The request, with its body, to the backend; the answer streamed back. */
  static void forward(HttpClient client, int backendPort, HttpServerRequest in, Future<Buffer> body) {
    HttpServerResponse out = in.response();
    RequestOptions options = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(backendPort)
      .setURI(in.uri()).setHeaders(in.headers());
    body
      .compose(bytes -> client.request(options).compose(request -> bytes == null ? request.send() : request.send(bytes)))
      .onSuccess(answer -> {
        out.setStatusCode(answer.statusCode());
        out.headers().addAll(answer.headers());
        answer.pipeTo(out);
      })
      .onFailure(e -> {
        System.err.println("bare proxy: " + e);
        out.setStatusCode(502).end();
      });
  }
}
