package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.network.Cidr;
import io.deletiongateway.network.IpAddresses;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Pipeline stage: the client address must be inside one of the credential's allowed networks (when it has any). */
public final class NetworkStage implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = RequestAttributes.principal(ctx);
    String client = RequestAttributes.clientAddress(ctx);
    if (principal.networks().isEmpty() || Cidr.anyContains(principal.networks(), IpAddresses.parse(client))) {
      ctx.next();
      return;
    }
    ctx.fail(GatewayError.of(ErrorCode.UNAUTHORIZED_NETWORK, new JsonObject().put("ip_address", client)));
  }
}
