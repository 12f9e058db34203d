package io.deletiongateway.referencebackends;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * Small working implementations of the three deletion APIs over real in-memory state. Not part of the
 * gateway: the gateway only ever reaches them over HTTP, exactly like a remote backend.
 */
public final class ReferenceBackends {
  private ReferenceBackends() {
  }

  public static Future<HttpServer> start(Vertx vertx, String host, int port, ReferenceState state) {
    Router router = Router.router(vertx);
    new KatapultRoutes(state).mount(router);
    new AtlasRoutes(state).mount(router);
    new F5Routes(state).mount(router);
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
