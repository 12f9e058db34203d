package io.deletiongateway.pipeline;

import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.TreeSet;

/** The last route: a path some operation serves but not with this method → 405 with Allow; any other → 404. */
final class Fallback implements Handler<RoutingContext> {
  private final List<OperationSpec> operations;

  Fallback(List<OperationSpec> operations) {
    this.operations = operations;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    TreeSet<String> allowed = new TreeSet<>();
    for (OperationSpec op : operations) {
      if (op.pathPattern().matcher(path).matches()) {
        allowed.add(op.method().name());
      }
    }
    if (allowed.isEmpty()) {
      ctx.fail(GatewayError.of(ErrorCode.ROUTE_NOT_FOUND, new JsonObject().put("path", path)));
      return;
    }
    String allow = String.join(", ", allowed);
    ctx.fail(GatewayError.of(ErrorCode.METHOD_NOT_ALLOWED,
        new JsonObject().put("method", ctx.request().method().name()).put("allowed_methods", List.copyOf(allowed)))
      .withHeader("Allow", allow));
  }
}
