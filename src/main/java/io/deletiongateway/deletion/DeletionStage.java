package io.deletiongateway.deletion;

import io.deletiongateway.config.OperationConfig;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.deletiongateway.ratelimit.RateLimitPolicy;
import io.deletiongateway.ratelimit.RateLimitStage;
import io.deletiongateway.ratelimit.StoreFailures;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pipeline stage of a destructive operation, last before forwarding: its rate limit, one deletion per target at a time
 * (a lease on the organization, aliases resolved, or the F5 user's case-folded email, held from forwarding until the
 * backend's answer, at most the backend's timeouts plus a margin), and idempotency keys (a repeat with the same key
 * and request gets the recorded answer without reaching the backend; another request under the key 422; the same
 * while the first runs 409; a missing key where required 400) — decided together in one store call.
 */
public final class DeletionStage implements Handler<RoutingContext> {
  /** How long a lease (and an in-flight record) outlives the backend's deadlines, should its gateway be lost. */
  static final long LEASE_MARGIN_MILLIS = 5_000;
  /** How long a final answer is replayed. */
  static final long RECORD_TTL_MILLIS = 24L * 3600 * 1000;

  private final OperationSpec operation;
  private final OperationConfig.Idempotency idempotency;
  private final Optional<RateLimitStage> limit;
  private final DeletionGuard guard;
  private final StoreFailures failures;
  private final Runnable recordFailed;
  private final long leaseMillis;

  public DeletionStage(OperationSpec operation, OperationConfig.Idempotency idempotency, Optional<RateLimitStage> limit,
                       DeletionGuard guard, StoreFailures failures, Runnable recordFailed) {
    this.failures = failures;
    this.operation = operation;
    this.idempotency = idempotency;
    this.limit = limit;
    this.guard = guard;
    this.recordFailed = recordFailed;
    this.leaseMillis = operation.backend().connectTimeout().toMillis() + operation.backend().responseTimeout().toMillis()
      + LEASE_MARGIN_MILLIS;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> key;
    try {
      key = idempotencyKey(ctx);
    } catch (GatewayError refused) {
      ctx.fail(refused);
      return;
    }
    String token = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
    Optional<Admission.Bucket> bucket = limit.map(l -> new Admission.Bucket(l.bucketKey(ctx), l.policy().bucket()));
    Optional<Admission.Lease> lease = target(ctx).map(t -> new Admission.Lease("dg:lease:{" + operation.api() + ":" + digest(t) + "}",
      leaseMillis));
    Optional<Admission.Idempotency> record = key.map(k -> new Admission.Idempotency(
      "dg:idem:{" + digest(RequestAttributes.principal(ctx).id() + "\n" + operation.operationId() + "\n" + k) + "}",
      fingerprint(ctx), leaseMillis, RECORD_TTL_MILLIS));
    Admission.Request request = new Admission.Request(bucket, lease, record, token);
    guard.admit(request).onComplete(decided -> {
      io.deletiongateway.observability.Tracing.stage("deletion_admission",
        decided.failed() ? "store_unavailable" : decided.result().verdict().name().toLowerCase(java.util.Locale.ROOT));
      if (decided.failed()) {
        // Deletions fail closed: without the store, neither a limit, a lease nor a record can be kept.
        failures.record(RateLimitPolicy.FailureMode.FAIL_CLOSED, decided.cause());
        ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1"));
        return;
      }
      Admission.Result result = decided.result();
      Optional<GatewayError> limited = result.decision().flatMap(d -> limit.flatMap(l -> l.apply(ctx, d)));
      switch (result.verdict()) {
        case ALLOWED -> {
          RequestAttributes.deletion(ctx, new PendingDeletion(guard, request, recordFailed));
          ctx.next();
        }
        case REPLAY -> {
          RequestAttributes.replay(ctx, result.replay().orElseThrow());
          ctx.next();
        }
        case RATE_LIMITED -> ctx.fail(limited.orElseGet(() -> GatewayError.of(ErrorCode.RATE_LIMIT_REACHED)
          .withHeader("Retry-After", seconds(result.retryAfterMillis()))));
        case LEASED -> ctx.fail(GatewayError.of(ErrorCode.DELETION_IN_PROGRESS, new JsonObject().put("target", lease.get().key()
          .replaceAll(".*\\{|}", ""))).withHeader("Retry-After", seconds(result.retryAfterMillis())));
        case IN_FLIGHT -> ctx.fail(GatewayError.of(ErrorCode.IDEMPOTENCY_KEY_IN_USE).withHeader("Retry-After", seconds(result.retryAfterMillis())));
        case REUSED -> ctx.fail(GatewayError.of(ErrorCode.IDEMPOTENCY_KEY_REUSED));
      }
    });
  }

  private Optional<String> idempotencyKey(RoutingContext ctx) {
    if (idempotency == OperationConfig.Idempotency.OFF) {
      return Optional.empty();
    }
    List<String> given = ctx.request().headers().getAll("Idempotency-Key");
    if (given.size() > 1) {
      throw GatewayError.of(ErrorCode.DUPLICATE_HEADER, new JsonObject().put("header", "Idempotency-Key"));
    }
    if (given.isEmpty()) {
      if (idempotency == OperationConfig.Idempotency.REQUIRED) {
        throw GatewayError.of(ErrorCode.MISSING_IDEMPOTENCY_KEY, new JsonObject().put("header", "Idempotency-Key"));
      }
      return Optional.empty();
    }
    String key = IdempotencyKeys.parse(given.get(0));
    if (key == null) {
      throw GatewayError.of(ErrorCode.INVALID_IDEMPOTENCY_KEY, new JsonObject().put("header", "Idempotency-Key"));
    }
    return Optional.of(key);
  }

  /** What this deletion acts on: the target organization (its id, aliases resolved), or the contract's body target. */
  private Optional<String> target(RoutingContext ctx) {
    if (RequestAttributes.target(ctx) != null) {
      return Optional.of(RequestAttributes.target(ctx).bucketPart());
    }
    return operation.bodyTarget(ctx.body() == null ? null : ctx.body().buffer()).map(text -> text.trim().toLowerCase(Locale.ROOT));
  }

  /** The request as validated and forwarded: method, canonical path and query, and its body's digest. */
  private String fingerprint(RoutingContext ctx) {
    String query = RequestAttributes.query(ctx).encoded();
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return digest(ctx.request().method().name() + "\n" + ctx.request().path() + "\n" + (query == null ? "" : query) + "\n"
      + digest(body == null ? "" : body.toString(StandardCharsets.ISO_8859_1)));
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 20);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String seconds(long millis) {
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }
}
