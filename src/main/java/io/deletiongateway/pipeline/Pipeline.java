package io.deletiongateway.pipeline;

import io.deletiongateway.config.ServerConfig;
import io.deletiongateway.contract.ContractValidation;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.proxy.BackendClients;
import io.deletiongateway.proxy.BackendProxy;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;

/**
 * The one place the request pipeline is wired. Read top to bottom, this is the order every request takes.
 * Each stage does one thing: it calls {@code next()} or fails the request with a GatewayError, which
 * {@link FailureStage} renders.
 */
public final class Pipeline {
  private Pipeline() {
  }

  public static Router build(Vertx vertx, ServerConfig server, List<OperationSpec> operations, BackendClients backends) {
    Router router = Router.router(vertx);

    // 1. Every request: an id for logs, the backend and the answer.
    router.route().handler(new RequestIdStage());

    // 2. One route per served contract operation.
    for (OperationSpec op : operations) {
      router.route(op.method(), op.routerPath())
        .handler(BodyHandler.create(false).setBodyLimit(server.maxBodyBytes()))  // bounded body, read once
        .handler(new ContractValidation(op))                                      // the operation's contract
        .handler(new BackendProxy(backends.target(op.backend().name())));         // forward once, stream back
    }

    // 3. Nothing matched: 405 with Allow for a known path, else 404.
    router.route().handler(new Fallback(operations));

    // Every failure, from any stage, leaves in the documented shape.
    router.route().failureHandler(new FailureStage());
    return router;
  }
}
