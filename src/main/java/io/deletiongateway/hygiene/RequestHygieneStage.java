package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Pipeline stage, before routing: the path must be canonical ({@link CanonicalPath}), and headers whose
 * duplicates would let the gateway and a backend disagree about the request must appear at most once.
 */
public final class RequestHygieneStage implements Handler<RoutingContext> {
  /** Authorization is checked where it is read, so its refusal keeps the auth error order. */
  private static final List<String> SINGLE = List.of("host", "content-type", "content-length", "transfer-encoding",
    "accept", "x-request-id");

  @Override
  public void handle(RoutingContext ctx) {
    String problem = CanonicalPath.problem(ctx.request().path());
    if (problem != null) {
      ctx.fail(GatewayError.of(ErrorCode.AMBIGUOUS_PATH, new JsonObject().put("rule", problem)));
      return;
    }
    String credential = QueryCredentials.find(ctx.request().query());
    if (credential != null) {
      ctx.fail(GatewayError.of(ErrorCode.CREDENTIAL_IN_QUERY, new JsonObject().put("parameter", credential)));
      return;
    }
    MultiMap headers = ctx.request().headers();
    for (String name : SINGLE) {
      if (headers.getAll(name).size() > 1) {
        ctx.fail(GatewayError.of(ErrorCode.DUPLICATE_HEADER, new JsonObject().put("header", name)));
        return;
      }
    }
    ctx.next();
  }
}
