package io.deletiongateway.deletion;

import io.deletiongateway.lifetime.PerLoop;
import io.deletiongateway.ratelimit.Decision;
import io.deletiongateway.ratelimit.RedisBucketStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Leases and idempotency records in Redis, shared by every instance and surviving a gateway restart: one script call
 * decides a deletion (record, bucket, lease: {@code deletion/admit.lua}), one records its answer and releases its
 * lease ({@code deletion/finish.lua}). NOSCRIPT means nothing ran, so the call is resent once as EVAL. In a Redis
 * Cluster one script touches one slot: every key of a decision is hash-tagged with its target (see README: a key
 * reused for another target is then a new request, not a 422).
 */
public final class RedisDeletionGuard implements DeletionGuard {
  static final String ADMIT = RedisBucketStore.script("/deletion/admit.lua");
  static final String FINISH = RedisBucketStore.script("/deletion/finish.lua");
  private static final String ADMIT_SHA = RedisBucketStore.sha1(ADMIT);
  private static final String FINISH_SHA = RedisBucketStore.sha1(FINISH);

  private final PerLoop<Redis> clients;
  private final long timeoutMillis;
  private final boolean cluster;

  /** {@code clients}: one per event loop, so a call is sent, read and answered on the loop that made it. */
  public RedisDeletionGuard(PerLoop<Redis> clients, long timeoutMillis, boolean cluster) {
    this.clients = clients;
    this.timeoutMillis = timeoutMillis;
    this.cluster = cluster;
  }

  @Override
  public Future<Admission.Result> admit(Admission.Request request) {
    List<String> keys = new ArrayList<>();
    String tag = tag(request);
    request.bucket().ifPresent(b -> keys.add(key(b.key(), tag)));
    request.lease().ifPresent(l -> keys.add(key(l.key(), tag)));
    request.idempotency().ifPresent(i -> keys.add(key(i.key(), tag)));
    List<String> args = List.of(flag(request.bucket()), flag(request.lease()), flag(request.idempotency()),
      Long.toString(request.bucket().map(b -> b.spec().capacity()).orElse(1L)),
      Long.toString(request.bucket().map(b -> b.spec().refillTokens()).orElse(1L)),
      Long.toString(request.bucket().map(b -> b.spec().refillPeriodMillis()).orElse(1L)),
      Long.toString(request.lease().map(Admission.Lease::ttlMillis).orElse(1L)),
      request.leaseToken(),
      request.idempotency().map(Admission.Idempotency::fingerprint).orElse(""),
      Long.toString(request.idempotency().map(Admission.Idempotency::inFlightTtlMillis).orElse(1L)));
    return call(ADMIT, ADMIT_SHA, keys, args).map(RedisDeletionGuard::result);
  }

  @Override
  public Future<Void> finish(Admission.Request request, Outcome outcome, Optional<RecordedAnswer> answer) {
    if (outcome == Outcome.UNKNOWN || (request.lease().isEmpty() && request.idempotency().isEmpty())) {
      return Future.succeededFuture();  // unknown: the lease and the in-flight record run out on their own
    }
    String tag = tag(request);
    List<String> keys = new ArrayList<>();
    request.lease().ifPresent(l -> keys.add(key(l.key(), tag)));
    request.idempotency().ifPresent(i -> keys.add(key(i.key(), tag)));
    List<String> args = List.of(request.leaseToken(), answer.map(a -> a.toJson().encode()).orElse(""),
      Long.toString(request.idempotency().map(Admission.Idempotency::recordTtlMillis).orElse(1L)),
      flag(request.lease()), flag(request.idempotency()));
    return call(FINISH, FINISH_SHA, keys, args).mapEmpty();
  }

  private Future<Response> call(String script, String sha, List<String> keys, List<String> args) {
    Redis redis = clients.current();
    return redis.send(command(Command.EVALSHA, sha, keys, args))
      .recover(e -> RedisBucketStore.isNoScript(e) ? redis.send(command(Command.EVAL, script, keys, args))
        : Future.failedFuture(e))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static Request command(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static Admission.Result result(Response reply) {
    Admission.Verdict verdict = Admission.Verdict.valueOf(reply.get(0).toString());
    long retry = reply.get(1).toLong();
    String answer = reply.get(2).toString();
    long left = reply.get(3).toLong();
    Optional<Decision> decision = left < 0 ? Optional.empty()
      : Optional.of(new Decision(verdict != Admission.Verdict.RATE_LIMITED, left,
          verdict == Admission.Verdict.RATE_LIMITED ? retry : 0, reply.get(4).toLong()));
    Optional<RecordedAnswer> replay = answer.isEmpty() ? Optional.empty() : Optional.of(RecordedAnswer.fromJson(new JsonObject(answer)));
    return new Admission.Result(verdict, decision, Math.max(0, retry), replay);
  }

  /** In a cluster every key of one decision shares its target's slot; elsewhere keys keep their own names. */
  private String tag(Admission.Request request) {
    if (!cluster) {
      return null;
    }
    return request.lease().map(Admission.Lease::key)
      .or(() -> request.idempotency().map(Admission.Idempotency::key))
      .or(() -> request.bucket().map(Admission.Bucket::key)).orElse("none");
  }

  private static String key(String key, String tag) {
    return tag == null ? key : "dg:{" + tag.replaceAll("[{}]", "") + "}:" + key.replaceAll("[{}]", "");
  }

  private static String flag(Optional<?> part) {
    return part.isPresent() ? "1" : "0";
  }
}
