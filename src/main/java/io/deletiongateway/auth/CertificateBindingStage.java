package io.deletiongateway.auth;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.deletiongateway.tls.Thumbprints;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Pipeline stage: a credential bound to a client certificate (RFC 8705: a JWT's {@code cnf.x5t#S256}, an API token's
 * {@code certificate}) is accepted only over a connection that presented that very certificate; over another one, or
 * over plaintext, it is refused like an invalid token. A stolen bound token alone deletes nothing.
 */
public final class CertificateBindingStage implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = RequestAttributes.principal(ctx);
    if (principal.certificate().isPresent()
      && !Thumbprints.same(principal.certificate().get(), RequestAttributes.clientCertificate(ctx).orElse(null))) {
      ctx.fail(GatewayError.of(principal.kind().equals("capabilities") ? ErrorCode.INVALID_CAPABILITIES_TOKEN : ErrorCode.INVALID_API_TOKEN,
        new JsonObject().put("details", "the credential is bound to a client certificate this connection did not present")));
      return;
    }
    ctx.next();
  }
}
