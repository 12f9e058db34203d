package io.deletiongateway.bench;

import io.vertx.core.Future;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The bare proxy ({@link BareVertxProxy}, same forwarding) behind vertx-web with the gateway's routing shape and
 * none of its work: a catch-all route of 8 handlers, the read's route with a BodyHandler and 9 more, each only
 * passing on. bench/run.sh's vertx-web-bare contender: what vertx-web's dispatch costs the gateway's read.
 * Args: listen port, backend port, event loops.
 */
public final class BareWebProxy {
  private static final String READ_PATH = "/core/v1/organizations/organization/deletion_steps";

  public static void main(String[] args) throws Exception {
    BareVertxProxy.run(args, "bare vert.x-web proxy", (vertx, client, backendPort) -> {
      Router router = Router.router(vertx);
      passOn(router.route(), 8);
      Route read = router.get(READ_PATH).handler(BodyHandler.create(false));
      passOn(read, 9);
      read.handler(ctx -> BareVertxProxy.forward(client, backendPort, ctx.request(), Future.succeededFuture(ctx.body().buffer())));
      return router;
    });
  }

  private static void passOn(Route route, int handlers) {
    for (int i = 0; i < handlers; i++) {
      route.handler(ctx -> ctx.next());
    }
  }
}
