package io.deletiongateway.pipeline;

import io.deletiongateway.auth.AuthenticationStage;
import io.deletiongateway.auth.CertificateBindingStage;
import io.deletiongateway.auth.Credentials;
import io.deletiongateway.auth.NetworkStage;
import io.deletiongateway.auth.OrganizationDirectory;
import io.deletiongateway.auth.OrganizationStage;
import io.deletiongateway.auth.ScopeStage;
import io.deletiongateway.auth.TargetStage;
import io.deletiongateway.config.ApiConfig;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.contract.ContractValidation;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.deletion.DeletionGuard;
import io.deletiongateway.deletion.DeletionStage;
import io.deletiongateway.hygiene.ReadDeadlines;
import io.deletiongateway.hygiene.RequestHygieneStage;
import io.deletiongateway.network.ClientAddressHeaders;
import io.deletiongateway.network.ClientAddressStage;
import io.deletiongateway.observability.AccessLogStage;
import io.deletiongateway.observability.AuditLog;
import io.deletiongateway.observability.LineWriter;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.proxy.BackendProxy;
import io.deletiongateway.proxy.BackendTarget;
import io.deletiongateway.ratelimit.BucketStore;
import io.deletiongateway.ratelimit.FailedAuthThrottle;
import io.deletiongateway.ratelimit.RateLimitPolicy;
import io.deletiongateway.ratelimit.RateLimitStage;
import io.deletiongateway.ratelimit.StoreFailures;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the request pipeline is wired. Read top to bottom, this is the order every request takes
 * (authenticate → [rate limit] → network → scope → target → [rate limit] → arguments → organization; the real Katapult API checks
 * authentication, scope, arguments and organization in that order).
 * Each stage does one thing: it calls {@code next()} or fails the request with a GatewayError, which
 * {@link FailureStage} renders.
 */
public final class Pipeline {
  private Pipeline() {
  }

  /**
   * What the stages share: what this config decides (operations, verifiers, limits) and what they borrow from
   * the process-lifetime services (backends, stores, meters, log sinks, the drain).
   */
  public record Parts(List<OperationSpec> operations, Map<String, BackendTarget> backends, Credentials credentials,
                      OrganizationDirectory organizations, Limiter limiter, ReadDeadlines readDeadlines,
                      Metrics metrics, Optional<LineWriter> accessLog, AuditLog audit, Drain drain, InFlight inFlight) {
  }

  /**
   * The rate limiter's store, what counts its failures, the failed-authentication throttle if configured, and the
   * deletion guard (leases and idempotency records, beside the buckets) with what counts its unwritten records.
   */
  public record Limiter(BucketStore store, StoreFailures failures, Optional<FailedAuthThrottle> failedAuth,
                        DeletionGuard deletionGuard, Runnable recordFailed) {
  }

  public static Router build(Vertx vertx, GatewayConfig config, Parts parts, AnswerStyles styles) {
    Router router = Router.router(vertx);

    // 1. Every request: an id for logs, the backend and the answer; an access-log line and metrics when it ends;
    //    a deadline for the rest of it to arrive;
    //    who the client is; a canonical path and unambiguous headers.
    router.route()
      .handler(parts.inFlight())                                         // this runtime's requests, until they end
      .handler(new RequestIdStage())
      .handler(new AnswerStyleStage(styles))                             // its API's dialect, for every answer
      .handler(new AccessLogStage(parts.metrics(), parts.accessLog()))
      .handler(parts.drain())                                            // draining: new requests 503
      .handler(parts.readDeadlines().stage())
      .handler(new ClientAddressStage(config.server().trustedProxies(), config.rateLimits().ipv6Prefix()))
      .handler(new RequestHygieneStage());

    // 2. One route per served contract operation.
    Limiter limiter = parts.limiter();
    ClientAddressHeaders addressHeaders = new ClientAddressHeaders(config.server().clientAddressHeaders());
    for (OperationSpec op : parts.operations()) {
      ApiConfig api = config.apis().get(op.api());
      Optional<RateLimitPolicy> policy = api.operations().get(op.operationId()).rateLimit()
        .map(name -> config.rateLimits().policies().get(name));
      Route route = router.route(op.method(), op.routerPath())
        .handler(new OperationStage(op))                                                      // which operation
        .handler(BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes()));     // bounded body, read once
      limiter.failedAuth().ifPresent(route::handler);                                         // guessers: 429 early
      // A read's rate limit is decided as soon as its bucket is known (after authentication; after the target for a
      // bucket per target organization), so every later answer, refusals included, carries the limit headers. A
      // deletion's is decided last, in one store call with its target's lease and its idempotency record.
      Optional<RateLimitStage> limit = policy.map(p -> new RateLimitStage(op, p, limiter.store(), limiter.failures(), parts.metrics()));
      boolean perTarget = op.organization().isPresent()
        && policy.map(p -> p.keyBy().contains(RateLimitPolicy.KeyPart.ORGANIZATION)).orElse(false);
      route.handler(new AuthenticationStage(api.authScheme(), parts.credentials(), limiter.failedAuth())) // who
        .handler(new CertificateBindingStage());                                               // with its certificate
      if (!op.destructive() && !perTarget) {
        limit.ifPresent(route::handler);                                                       // not too often
      }
      route.handler(new NetworkStage())                                                        // from where
        .handler(new ScopeStage(op));                                                          // may do this
      if (op.organization().isPresent()) {
        route.handler(new TargetStage(op, parts.organizations()));                             // on which org
      }
      if (!op.destructive() && perTarget) {
        limit.ifPresent(route::handler);                                                       // not too often there
      }
      route.handler(new ContractValidation(op))                                                 // well-formed
        .handler(new OrganizationStage(parts.organizations(), op.organization().isPresent()));  // orgs active, may act
      if (op.destructive()) {
        route.handler(new DeletionStage(op, api.operations().get(op.operationId()).idempotency(), limit,  // once, in
          limiter.deletionGuard(), limiter.failures(), limiter.recordFailed()));                         // its turn
      }
      route.handler(new BackendProxy(parts.backends().get(op.backend().name()), addressHeaders, // forward once
        parts.audit(), parts.metrics(), config.server().writeTimeout().toMillis()));
    }

    // 3. Nothing matched: 405 with Allow for a known path, else 404.
    router.route().handler(new Fallback(parts.operations()));

    // Every failure, from any stage, leaves in the documented shape.
    router.route().failureHandler(new FailureStage(parts.audit()));
    return router;
  }
}
