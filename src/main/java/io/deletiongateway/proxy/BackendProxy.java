package io.deletiongateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.deletiongateway.deletion.PendingDeletion;
import io.deletiongateway.deletion.RecordedAnswer;
import io.deletiongateway.errors.ErrorBody;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.ErrorRenderer;
import io.deletiongateway.errors.ErrorStyle;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.hygiene.CaseInsensitive;
import io.deletiongateway.hygiene.HeaderNames;
import io.deletiongateway.network.ClientAddressHeaders;
import io.deletiongateway.observability.AuditLog;
import io.deletiongateway.observability.Metrics;
import io.deletiongateway.pipeline.RequestAttributes;
import io.deletiongateway.pipeline.RequestIdStage;
import io.netty.buffer.ByteBuf;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Last pipeline stage: forwards the already-validated request to its backend and streams the answer back.
 * The request is sent exactly once: DELETE and POST are never retried, so a deletion is never doubled.
 * Failures are answered by {@link #failure}; a connection broken mid-answer cuts the client's stream short.
 */
public final class BackendProxy implements Handler<RoutingContext> {
  /** Headers the gateway sets itself, or that must never reach a backend from a client (besides client addresses). */
  private static final List<String> REQUEST_SKIP = List.of(
    "host", "content-length", "authorization",
    // forwarding: the gateway says how the request arrived
    "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-scheme", "x-forwarded-ssl", "x-url-scheme",
    "front-end-https", "x-forwarded-prefix", "x-forwarded-path", "x-forwarded-uri",
    // request ids: the gateway's own
    "x-request-id", "request-id", "x-correlation-id",
    // method overrides: the method routed is the method sent
    "x-http-method-override", "x-http-method", "x-method-override",
    // URL rewrites: the path routed is the path sent
    "x-original-url", "x-rewrite-url", "x-original-uri", "x-override-url", "x-http-destinationurl");
  /** A traced request's backend call carries its own span context (a child of this request's span), not the caller's. */
  private static final List<String> TRACE_CONTEXT = List.of("traceparent", "tracestate");
  /** Answer headers the gateway writes itself when it rewrites an answer (an error in the API's dialect, an envelope). */
  private static final HeaderNames REWRITTEN = HeaderNames.of(List.of("content-length", "content-type"));
  private static final HeaderNames NONE = HeaderNames.of(List.of());

  // Names the gateway writes on every forwarded request, with their hashes computed once.
  private static final CharSequence HOST = HttpHeaders.createOptimized("Host");
  private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");
  private static final CharSequence CLIENT_CERTIFICATE = HttpHeaders.createOptimized("X-Gateway-Client-Certificate-Sha256");
  private static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  private static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  private static final CharSequence FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");

  /**
   * Only checks that an answer is one JSON value. Canonicalization stays on: without it Jackson decodes the bytes
   * through a Reader into chars (ReaderBasedJsonParser), a quarter slower on a small answer than its UTF-8 byte
   * parser; field names are not interned.
   */
  private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();
  private static final int MAX_BUFFERED_BYTES = 1024 * 1024;
  /** Successful answers up to this size are read whole before they are relayed. */
  private static final int HELD_BYTES = 64 * 1024;

  private final BackendTarget target;
  /** What a client's request headers lose on the way (in every spelling), untraced and traced. */
  private final HeaderNames dropped;
  private final HeaderNames droppedTraced;
  private final AuditLog audit;
  private final Metrics metrics;
  private final long writeTimeoutMillis;

  public BackendProxy(BackendTarget target, ClientAddressHeaders addressHeaders, AuditLog audit, Metrics metrics,
                      long writeTimeoutMillis) {
    this.target = target;
    List<String> untraced = new ArrayList<>(REQUEST_SKIP);
    untraced.addAll(addressHeaders.names());
    this.dropped = HeaderNames.ofAnySpelling(untraced, List.of(IdentityHeaders.NAMESPACE));  // X-Gateway-*: ours
    this.droppedTraced = dropped.plus(TRACE_CONTEXT);
    this.writeTimeoutMillis = writeTimeoutMillis;
    this.audit = audit;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RecordedAnswer replay = RequestAttributes.replay(ctx);
    if (replay != null) {
      // A keyed repeat of a deletion that has its answer: that answer, marked, and the backend never asked again.
      ctx.response().putHeader("Idempotent-Replayed", "true");
      MultiMap recorded = HttpHeaders.headers();
      replay.headers().forEach(recorded::add);
      answerWhole(ctx, replay.status(), null, recorded, replay.body(), replay.status());
      return;
    }
    HttpServerRequest in = ctx.request();
    String query = RequestAttributes.query(ctx).encoded();  // rebuilt from the parameters validated, one encoding
    RequestOptions options = new RequestOptions()
      .setMethod(in.method())
      .setHost(target.host())
      .setPort(target.port())
      .setSsl(target.ssl())
      // The raw path: the hygiene stage admitted it only if canonical (strict escapes, valid UTF-8), so it is
      // exactly the path routed and authorized.
      .setURI(target.basePath() + in.path() + (query == null ? "" : "?" + query))
      .setConnectTimeout(target.config().connectTimeout().toMillis())
      .setIdleTimeout(target.config().responseTimeout().toMillis());
    target.config().tls().serverName().ifPresent(name ->  // connect to the URL's host, verify (and SNI) this name
      options.setHost(name).setServer(io.vertx.core.net.SocketAddress.inetSocketAddress(target.port(), target.host())));
    Buffer body = ctx.body().buffer();
    // The answer can break (the backend resets) before relay() attaches to it: remembered here, so it is cut short.
    AtomicReference<Throwable> broken = new AtomicReference<>();
    // A full pool is the gateway's capacity, not the backend failing: it must not open the circuit for everyone.
    BackendPool.Slice pool = target.pool().current();  // this event loop's connections
    boolean queued = pool.busy().incrementAndGet() > pool.maxConnections();
    ctx.addEndHandler(done -> pool.busy().decrementAndGet());
    AtomicBoolean poolExhausted = new AtomicBoolean();
    AtomicReference<RuntimeException> unwritable = new AtomicReference<>();
    long sentAt = System.nanoTime();
    target.breaker().<HttpClientResponse>execute(exchange -> pool.client().request(options)
        .<HttpClientRequest>transform(connected -> {
          if (connected.succeeded()) {
            try {
              forwardedHeaders(ctx, connected.result().headers());  // straight into the request: validated once
            } catch (RuntimeException bug) {
              // A value the gateway refuses to write (GatewayHeaders): a bug of ours, answered 500 below, never
              // counted against the backend; the unsent request gives its connection back.
              connected.result().reset();
              unwritable.set(bug);
              return Future.succeededFuture();
            }
            RequestAttributes.markForwarded(ctx);  // from here on the deletion may run: never audited as refused
            return Future.succeededFuture(connected.result());
          }
          if (PoolExhaustion.is(connected.cause(), queued)) {
            poolExhausted.set(true);
            return Future.succeededFuture();  // reported to the breaker as no failure; answered 503 below
          }
          return Future.failedFuture(new Unreachable(connected.cause()));
        })
        .compose(out -> out == null ? Future.<HttpClientResponse>succeededFuture() : body == null ? out.send() : out.send(body))
        // The breaker completes on a later turn of the event loop: hold the body until relay() attaches to it.
        .onSuccess(answer -> {
          if (answer != null) {
            answer.pause().exceptionHandler(broken::set);
          }
        })
        .onComplete(exchange))
      .onComplete(answered -> {
        if (unwritable.get() != null) {
          settle(ctx, PendingDeletion::released).onComplete(done -> ctx.fail(unwritable.get()));
        } else if (poolExhausted.get()) {
          metrics.backendFailure(target.config().name(), "pool_exhausted");
          settle(ctx, PendingDeletion::released).onComplete(done ->
            ctx.fail(GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE, new JsonObject().put("reason", "backend_pool_exhausted"))
              .withHeader("Retry-After", "1")));
        } else if (answered.succeeded()) {
          HttpClientResponse answer = answered.result();
          long backendNanos = System.nanoTime() - sentAt;
          metrics.backendAnswered(target.config().name(), answer.statusCode(), backendNanos);
          RequestAttributes.backendAnswered(ctx, answer.statusCode(), backendNanos);
          if (broken.get() != null) {
            // The backend's answer broke off before any of it was relayed: the deletion may have run.
            settle(ctx, PendingDeletion::unknown)
              .compose(done -> audit.beforeAnswer(ctx, 502, answer.statusCode(), "answer broken: " + broken.get().getMessage()))
              .onComplete(written -> ctx.response().reset());
          } else {
            relay(ctx, answer);
          }
        } else {
          String tlsProblem = BackendTls.problem(answered.cause());
          GatewayError error = tlsProblem != null ? BackendTls.refusal(target, tlsProblem) : failure(answered.cause(), target);
          String kind = tlsProblem != null ? "tls" : answered.cause() instanceof OpenCircuitException ? "circuit_open"
            : answered.cause() instanceof TimeoutException ? "timeout" : "unreachable";
          metrics.backendFailure(target.config().name(), kind);
          if (RequestAttributes.forwarded(ctx)) {
            // Sent, and no answer came back (a reset, a partial status line, a stall): recorded as unknown, and the
            // target stays leased until the lease runs out (the deletion may still be running).
            settle(ctx, PendingDeletion::unknown)
              .compose(done -> audit.beforeAnswer(ctx, error.code().status(), null, kind + ": " + answered.cause().getMessage()))
              .onComplete(written -> ctx.fail(error));
          } else {
            settle(ctx, PendingDeletion::released).onComplete(done -> ctx.fail(error));  // nothing left: no lease held
          }
        }
      });
  }

  /**
   * The headers the backend gets: the client's, less hop-by-hop, gateway-owned and client-address ones, then what the
   * gateway says of the request (Host, the backend's credential, the caller's identity, certificate, address, scheme,
   * authority and request id).
   */
  private void forwardedHeaders(RoutingContext ctx, MultiMap headers) {
    HttpServerRequest in = ctx.request();
    boolean traced = io.deletiongateway.observability.Tracing.currentSpan().getSpanContext().isValid();
    HopByHop.copy(in.headers(), headers, traced ? droppedTraced : dropped);
    headers.set(HOST, target.authority());
    target.config().authorization().ifPresent(credential -> headers.set(AUTHORIZATION, credential));
    IdentityHeaders.add(RequestAttributes.principal(ctx), headers);
    // Mutual TLS: the verified client certificate, only ever as the gateway sets it (client X-Gateway-* are dropped).
    RequestAttributes.clientCertificate(ctx).ifPresent(thumbprint ->
      GatewayHeaders.set(headers, CLIENT_CERTIFICATE, thumbprint));
    GatewayHeaders.set(headers, FORWARDED_FOR, RequestAttributes.clientAddress(ctx));
    // The connection's, never the request's: vertx-web's isSSL() is the request's scheme, which HTTP/2 takes from the
    // client's :scheme, so a cleartext h2c client could claim https.
    GatewayHeaders.set(headers, FORWARDED_PROTO, in.connection().isSsl() ? "https" : "http");
    HostAndPort asked = requestedAuthority(in);
    if (asked != null) {
      GatewayHeaders.set(headers, FORWARDED_HOST, asked.toString());
    }
    GatewayHeaders.set(headers, RequestIdStage.HEADER, RequestAttributes.requestId(ctx));
  }

  /** The authority the client asked for, as Vert.x parses it: its Host header (HTTP/1.x) or :authority (HTTP/2). */
  private static HostAndPort requestedAuthority(HttpServerRequest in) {
    if (in.version() == HttpVersion.HTTP_2) {
      return in.authority();
    }
    String host = in.getHeader(HttpHeaders.HOST);
    return host == null ? null : HostAndPort.parseAuthority(host, -1);
  }

  /**
   * Circuit open → 503 with Retry-After (the reset wait); no answer within the response timeout → 504; could not
   * connect, or the connection was lost before any answer → 503 with Retry-After. All of these count towards opening the circuit.
   */
  private static GatewayError failure(Throwable cause, BackendTarget target) {
    if (cause instanceof OpenCircuitException) {
      return GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE)
        .withHeader("Retry-After", Long.toString(Math.max(1, target.config().circuitReset().toSeconds())));
    }
    if (cause instanceof TimeoutException) {
      return GatewayError.of(ErrorCode.GATEWAY_TIMEOUT);
    }
    // Retrying clients (Terraform providers) back off on Retry-After rather than blindly.
    return GatewayError.of(ErrorCode.SERVICE_UNAVAILABLE).withHeader("Retry-After", "1");
  }

  /** Failed to obtain a connection: distinguishes a connect timeout (503) from a response timeout (504). */
  private static final class Unreachable extends RuntimeException {
    Unreachable(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * Backend headers onto the answer. Headers the gateway already set (request id, rate limits) are authoritative:
   * the backend's same-named ones are dropped. Names are collected first so a backend's repeated header (two
   * Set-Cookie) still crosses whole.
   */
  private static void copyHeaders(HttpServerResponse response, MultiMap from, HeaderNames alsoSkip) {
    MultiMap to = response.headers();
    List<String> gatewaySet = null;  // made only when a name collides (rarely: X-Request-Id from a backend, say)
    for (var header : from) {
      if (to.contains(header.getKey())) {  // case-insensitive
        gatewaySet = gatewaySet == null ? new ArrayList<>() : gatewaySet;
        gatewaySet.add(header.getKey());
      }
    }
    HopByHop.copy(from, to, gatewaySet == null ? alsoSkip : alsoSkip.plus(gatewaySet));
  }

  /** A 2xx that says it is JSON and is not. */
  private static boolean malformedSuccess(int status, MultiMap headers, Buffer body) {
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    if (status >= 300 || body.length() == 0 || type == null || !CaseInsensitive.contains(type, "json")) {
      return false;
    }
    // Checked by streaming over the tokens (one value, nothing after it): no tree is built for an answer relayed as is.
    try (JsonParser parser = parser(body)) {
      if (parser.nextToken() == null) {
        return true;
      }
      parser.skipChildren();
      return parser.nextToken() != null;
    } catch (IOException notJson) {
      return true;
    }
  }

  /** A parser over the body's own bytes where it has an array (a held answer always does), else over a copy. */
  private static JsonParser parser(Buffer body) throws IOException {
    if (body instanceof BufferInternal internal) {
      ByteBuf bytes = internal.getByteBuf();
      if (bytes.hasArray()) {
        return JSON.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
      }
    }
    return JSON.createParser(body.getBytes());
  }

  /** An enveloped answer's content: its JSON, or its text when it is not JSON, or null when empty (204). */
  private static Object content(io.vertx.core.buffer.Buffer body) {
    if (body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (RuntimeException notJson) {
      return body.toString();
    }
  }

  /**
   * The backend's answer to the client, with the audit record of a destructive call written before it leaves.
   * Errors (normalized), envelopes (rewrapped) and small successes are read whole first, so the record says what
   * came back: success or failure, or unknown when the body was cut short. A large success streams, recorded at its
   * status line.
   */
  private void relay(RoutingContext ctx, HttpClientResponse answer) {
    ErrorStyle style = RequestAttributes.errorStyle(ctx);
    HttpServerResponse response = ctx.response();
    boolean rewritten = answer.statusCode() >= 400 || style.envelope();
    long declared = declaredLength(answer);
    if (rewritten || declared <= HELD_BYTES) {
      BoundedBody.read(ctx.vertx(), answer, rewritten ? MAX_BUFFERED_BYTES : HELD_BYTES, declared,
          target.config().responseTimeout().toMillis()).onComplete(whole -> {
        if (whole.failed()) {
          // Cut short, or larger than the gateway holds: the client sees a broken stream (or 502), never a short
          // success; a body that stopped coming is 504, like an answer that never began. The record says unknown,
          // with the status line that came.
          boolean stalled = whole.cause() instanceof TimeoutException;
          settle(ctx, PendingDeletion::unknown)
            .compose(done -> audit.beforeAnswer(ctx, stalled ? 504 : 502, answer.statusCode(), "answer incomplete: " + whole.cause().getMessage()))
            .onComplete(written -> {
              if (stalled) {
                metrics.backendFailure(target.config().name(), "timeout");
                ctx.fail(GatewayError.of(ErrorCode.GATEWAY_TIMEOUT));
              } else if (rewritten) {
                ctx.fail(GatewayError.of(ErrorCode.BAD_GATEWAY));
              } else {
                response.reset();
              }
            });
          return;
        }
        Buffer body = whole.result();
        settle(ctx, pending -> pending.answered(answer.statusCode(), answer.headers(), body)).onComplete(recorded ->
          answerWhole(ctx, answer.statusCode(), answer.statusMessage(), answer.headers(), body, answer.statusCode()));
      });
      return;
    }
    settle(ctx, PendingDeletion::released)  // too large to record: released, and a repeat goes to the backend again
      .compose(done -> audit.beforeAnswer(ctx, answer.statusCode(), answer.statusCode()))
      .onComplete(written -> stream(ctx, answer));
  }

  /**
   * A whole answer (the backend's, read in full, or one recorded for a replay) to the client: a malformed success is
   * refused, an error normalized into the API's dialect, an envelope rewrapped; audited before it leaves.
   */
  private void answerWhole(RoutingContext ctx, int status, String statusMessage, MultiMap headers, Buffer body, int backendStatus) {
    ErrorStyle style = RequestAttributes.errorStyle(ctx);
    HttpServerResponse response = ctx.response();
    if (malformedSuccess(status, headers, body)) {
      // A success its clients could not decode (volterra's CascadeDeleteResponse, say): said so, never relayed.
      audit.beforeAnswer(ctx, 502, backendStatus, "answer malformed: not JSON").onComplete(written ->
        ctx.fail(GatewayError.of(ErrorCode.BAD_GATEWAY, new JsonObject().put("rule", "backend_answer_malformed"))
          .withDescription("The backend answered with a body that is not what it declared")));
      return;
    }
    ErrorBody normalized = status >= 400 ? BackendErrors.normalize(status, body) : null;
    audit.beforeAnswer(ctx, normalized != null ? style.dialect().status(normalized) : status, backendStatus).onComplete(written -> {
      if (normalized != null) {
        copyHeaders(response, headers, REWRITTEN);
        ErrorRenderer.render(response, normalized, style);
      } else if (style.envelope()) {
        copyHeaders(response, headers, REWRITTEN);
        ErrorRenderer.send(response, status, content(body), true);
      } else {
        // Read whole, then handed to the client at its own pace: the backend connection went back to the pool
        // already, so clients that never read cannot hold it.
        statusLine(response, status, statusMessage);
        copyHeaders(response, headers, NONE);
        response.end(body);
      }
    });
  }

  /**
   * The backend's status line, its reason phrase as sent. The standard phrase is not set again: then the status line
   * is Netty's shared constant instead of one built (and its phrase checked) for every answer; same bytes either way.
   */
  private static void statusLine(HttpServerResponse response, int status, String reason) {
    response.setStatusCode(status);
    if (reason != null && !io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase().equals(reason)) {
      response.setStatusMessage(reason);
    }
  }

  /** Finishes the request's deletion guard (record, lease), when it has one, before its answer leaves. */
  private static Future<Void> settle(RoutingContext ctx, java.util.function.Function<PendingDeletion, Future<Void>> how) {
    PendingDeletion pending = RequestAttributes.deletion(ctx);
    return pending == null ? Future.succeededFuture() : how.apply(pending);
  }

  /**
   * A large answer streams, and holds its backend connection while the client reads: within the write deadline, or
   * both sides are cut.
   */
  private void stream(RoutingContext ctx, HttpClientResponse answer) {
    HttpServerResponse response = ctx.response();
    statusLine(response, answer.statusCode(), answer.statusMessage());
    copyHeaders(response, answer.headers(), NONE);
    if (!answer.headers().contains(HttpHeaders.CONTENT_LENGTH) && answer.statusCode() != 204 && answer.statusCode() != 304) {
      response.setChunked(true);
    }
    long deadline = ctx.vertx().setTimer(writeTimeoutMillis, id -> {
      if (!response.ended()) {
        response.reset();
        answer.request().connection().close();
      }
    });
    // endOnFailure(false): a truncated backend answer must reach the client as a broken stream, never as a
    // complete response (pipeTo's default would end it normally, turning a failure into a short "success").
    answer.pipe().endOnFailure(false).to(response)
      .onComplete(done -> ctx.vertx().cancelTimer(deadline))
      .onFailure(e -> response.reset());
  }

  /** The backend's Content-Length, or unbounded when it sent none (a chunked answer) or one that does not parse. */
  private static long declaredLength(HttpClientResponse answer) {
    if (answer.statusCode() == 204 || answer.statusCode() == 304) {
      return 0;
    }
    try {
      String length = answer.headers().get(HttpHeaders.CONTENT_LENGTH);
      return length == null ? Long.MAX_VALUE : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
