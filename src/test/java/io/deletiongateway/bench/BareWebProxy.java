package io.deletiongateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.concurrent.TimeUnit;

/**
 * The bare proxy ({@link BareVertxProxy}, same forwarding) behind vertx-web with the gateway's routing shape and
 * none of its work: a catch-all route of 8 handlers, the read's route with a BodyHandler and 9 more, each only
 * passing on. bench/run.sh's vertx-web-bare contender: what vertx-web's dispatch costs the gateway's read.
 * Args: listen port, backend port, event loops.
 */
public final class BareWebProxy {
  private static final String READ_PATH = "/core/v1/organizations/organization/deletion_steps";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int backendPort = Integer.parseInt(args[1]);
    int loops = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(128));
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        passOn(router.route(), 8);
        Route read = router.get(READ_PATH).handler(BodyHandler.create(false));
        passOn(read, 9);
        read.handler(ctx -> BareVertxProxy.forward(client, backendPort, ctx.request(), Future.succeededFuture(ctx.body().buffer())));
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
    System.out.println("bare vert.x-web proxy listening on " + port);
  }

  private static void passOn(Route route, int handlers) {
    for (int i = 0; i < handlers; i++) {
      route.handler(ctx -> ctx.next());
    }
  }
}
