package io.deletiongateway.pipeline;

import io.deletiongateway.auth.Principal;
import io.deletiongateway.auth.TargetOrganization;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorStyle;
import io.deletiongateway.hygiene.QueryParameters;
import io.vertx.ext.web.RoutingContext;

/** What earlier stages learned about a request, read by later ones: typed accessors over one object in the routing context. */
public final class RequestAttributes {
  private static final String KEY = "dg.request";

  /** Everything in one object under one key: one map look-up per access instead of a map entry per attribute. */
  private static final class State {
    String requestId;
    String clientAddress;
    String clientLimitKey;
    Principal principal;
    QueryParameters query;
    java.util.Optional<String> clientCertificate;
    io.deletiongateway.deletion.PendingDeletion deletion;
    io.deletiongateway.deletion.RecordedAnswer replay;
    String errorCode;
    Integer backendStatus;
    Long backendNanos;
    boolean forwarded;
    TargetOrganization target;
    ErrorStyle errorStyle;
    OperationSpec operation;
    boolean audited;
  }

  private static State state(RoutingContext ctx) {
    State state = ctx.get(KEY);
    if (state == null) {
      state = new State();
      ctx.put(KEY, state);
    }
    return state;
  }

  private RequestAttributes() {
  }

  public static String requestId(RoutingContext ctx) {
    return state(ctx).requestId;
  }

  static void requestId(RoutingContext ctx, String id) {
    state(ctx).requestId = id;
  }

  /** The client's address: the socket peer (trusted-proxy resolution replaces it when configured). */
  public static String clientAddress(RoutingContext ctx) {
    String resolved = state(ctx).clientAddress;
    return resolved != null ? resolved : ctx.request().connection().remoteAddress().hostAddress();
  }

  public static void clientAddress(RoutingContext ctx, String address) {
    state(ctx).clientAddress = address;
  }

  /** What per-address limits count the client as (its address; an IPv6 address's network). */
  public static String clientLimitKey(RoutingContext ctx) {
    String key = state(ctx).clientLimitKey;
    return key != null ? key : clientAddress(ctx);
  }

  public static void clientLimitKey(RoutingContext ctx, String key) {
    state(ctx).clientLimitKey = key;
  }

  /** The verified caller; null before authentication. */
  public static Principal principal(RoutingContext ctx) {
    return state(ctx).principal;
  }

  public static void principal(RoutingContext ctx, Principal principal) {
    state(ctx).principal = principal;
  }

  /** The query as parsed and checked by the hygiene stage: what is validated is what is forwarded. */
  public static QueryParameters query(RoutingContext ctx) {
    return state(ctx).query;
  }

  public static void query(RoutingContext ctx, QueryParameters query) {
    state(ctx).query = query;
  }

  /** The verified client certificate of the request's connection (mutual TLS), as its x5t#S256; read once. */
  public static java.util.Optional<String> clientCertificate(RoutingContext ctx) {
    State state = state(ctx);
    if (state.clientCertificate == null) {
      state.clientCertificate = io.deletiongateway.tls.ClientCertificates.thumbprint(ctx.request());
    }
    return state.clientCertificate;
  }

  /** An admitted destructive request's guard (lease, idempotency record): finished before its answer leaves. */
  public static io.deletiongateway.deletion.PendingDeletion deletion(RoutingContext ctx) {
    return state(ctx).deletion;
  }

  public static void deletion(RoutingContext ctx, io.deletiongateway.deletion.PendingDeletion pending) {
    state(ctx).deletion = pending;
  }

  /** The recorded answer a keyed repeat gets instead of reaching the backend; null for any other request. */
  public static io.deletiongateway.deletion.RecordedAnswer replay(RoutingContext ctx) {
    return state(ctx).replay;
  }

  public static void replay(RoutingContext ctx, io.deletiongateway.deletion.RecordedAnswer answer) {
    state(ctx).replay = answer;
  }

  /** The catalogue code of the error this request was answered with; null for a success or a relayed answer. */
  public static String errorCode(RoutingContext ctx) {
    return state(ctx).errorCode;
  }

  public static void errorCode(RoutingContext ctx, String code) {
    state(ctx).errorCode = code;
  }

  /** The backend's status and its time to the status line, once it answered; null before (or never). */
  public static Integer backendStatus(RoutingContext ctx) {
    return state(ctx).backendStatus;
  }

  public static Long backendNanos(RoutingContext ctx) {
    return state(ctx).backendNanos;
  }

  public static void backendAnswered(RoutingContext ctx, int status, long nanos) {
    State state = state(ctx);
    state.backendStatus = status;
    state.backendNanos = nanos;
  }

  /** Set once the request may have left for the backend (a connection was obtained): then nothing is "refused". */
  public static boolean forwarded(RoutingContext ctx) {
    return state(ctx).forwarded;
  }

  public static void markForwarded(RoutingContext ctx) {
    state(ctx).forwarded = true;
  }

  /** The organization the request acts on, resolved once; null for operations that name none. */
  public static TargetOrganization target(RoutingContext ctx) {
    return state(ctx).target;
  }

  public static void target(RoutingContext ctx, TargetOrganization target) {
    state(ctx).target = target;
  }

  /** How this route's answers are shaped; the documented default outside any operation's route. */
  public static ErrorStyle errorStyle(RoutingContext ctx) {
    ErrorStyle style = state(ctx).errorStyle;
    return style != null ? style : ErrorStyle.DEFAULT;
  }

  static void errorStyle(RoutingContext ctx, ErrorStyle style) {
    state(ctx).errorStyle = style;
  }

  /** The contract operation this request was routed to; null when it matched none. */
  public static OperationSpec operation(RoutingContext ctx) {
    return state(ctx).operation;
  }

  static void operation(RoutingContext ctx, OperationSpec operation) {
    state(ctx).operation = operation;
  }

  /** True the first time it is asked for a request, false after: one audit record per request. */
  public static boolean firstAudit(RoutingContext ctx) {
    State state = state(ctx);
    if (state.audited) {
      return false;
    }
    state.audited = true;
    return true;
  }
}
