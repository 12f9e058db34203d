package io.deletiongateway.pipeline;

import io.deletiongateway.auth.Principal;
import io.deletiongateway.auth.TargetOrganization;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.ErrorStyle;
import io.deletiongateway.hygiene.QueryParameters;
import io.vertx.ext.web.RoutingContext;

/** What earlier stages learned about a request, read by later ones. Typed accessors over the routing context. */
public final class RequestAttributes {
  private static final String REQUEST_ID = "dg.requestId";
  private static final String CLIENT_ADDRESS = "dg.clientAddress";
  private static final String PRINCIPAL = "dg.principal";
  private static final String ERROR_STYLE = "dg.errorStyle";
  private static final String OPERATION = "dg.operation";
  private static final String AUDITED = "dg.audited";
  private static final String TARGET = "dg.target";
  private static final String QUERY = "dg.query";
  private static final String CLIENT_LIMIT_KEY = "dg.clientLimitKey";
  private static final String FORWARDED = "dg.forwarded";
  private static final String CLIENT_CERTIFICATE = "dg.clientCertificate";
  private static final String DELETION = "dg.deletion";
  private static final String REPLAY = "dg.replay";
  private static final String ERROR_CODE = "dg.errorCode";
  private static final String BACKEND_STATUS = "dg.backendStatus";
  private static final String BACKEND_NANOS = "dg.backendNanos";

  private RequestAttributes() {
  }

  public static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }

  static void requestId(RoutingContext ctx, String id) {
    ctx.put(REQUEST_ID, id);
  }

  /** The client's address: the socket peer (trusted-proxy resolution replaces it when configured). */
  public static String clientAddress(RoutingContext ctx) {
    String resolved = ctx.get(CLIENT_ADDRESS);
    return resolved != null ? resolved : ctx.request().remoteAddress().hostAddress();
  }

  public static void clientAddress(RoutingContext ctx, String address) {
    ctx.put(CLIENT_ADDRESS, address);
  }

  /** What per-address limits count the client as (its address; an IPv6 address's network). */
  public static String clientLimitKey(RoutingContext ctx) {
    String key = ctx.get(CLIENT_LIMIT_KEY);
    return key != null ? key : clientAddress(ctx);
  }

  public static void clientLimitKey(RoutingContext ctx, String key) {
    ctx.put(CLIENT_LIMIT_KEY, key);
  }

  /** The verified caller; null before authentication. */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  public static void principal(RoutingContext ctx, Principal principal) {
    ctx.put(PRINCIPAL, principal);
  }

  /** The query as parsed and checked by the hygiene stage: what is validated is what is forwarded. */
  public static QueryParameters query(RoutingContext ctx) {
    return ctx.get(QUERY);
  }

  public static void query(RoutingContext ctx, QueryParameters query) {
    ctx.put(QUERY, query);
  }

  /** The verified client certificate of the request's connection (mutual TLS), as its x5t#S256; read once. */
  public static java.util.Optional<String> clientCertificate(RoutingContext ctx) {
    java.util.Optional<String> known = ctx.get(CLIENT_CERTIFICATE);
    if (known == null) {
      known = io.deletiongateway.tls.ClientCertificates.thumbprint(ctx.request());
      ctx.put(CLIENT_CERTIFICATE, known);
    }
    return known;
  }

  /** An admitted destructive request's guard (lease, idempotency record): finished before its answer leaves. */
  public static io.deletiongateway.deletion.PendingDeletion deletion(RoutingContext ctx) {
    return ctx.get(DELETION);
  }

  public static void deletion(RoutingContext ctx, io.deletiongateway.deletion.PendingDeletion pending) {
    ctx.put(DELETION, pending);
  }

  /** The recorded answer a keyed repeat gets instead of reaching the backend; null for any other request. */
  public static io.deletiongateway.deletion.RecordedAnswer replay(RoutingContext ctx) {
    return ctx.get(REPLAY);
  }

  public static void replay(RoutingContext ctx, io.deletiongateway.deletion.RecordedAnswer answer) {
    ctx.put(REPLAY, answer);
  }

  /** The catalogue code of the error this request was answered with; null for a success or a relayed answer. */
  public static String errorCode(RoutingContext ctx) {
    return ctx.get(ERROR_CODE);
  }

  public static void errorCode(RoutingContext ctx, String code) {
    ctx.put(ERROR_CODE, code);
  }

  /** The backend's status and its time to the status line, once it answered; null before (or never). */
  public static Integer backendStatus(RoutingContext ctx) {
    return ctx.get(BACKEND_STATUS);
  }

  public static Long backendNanos(RoutingContext ctx) {
    return ctx.get(BACKEND_NANOS);
  }

  public static void backendAnswered(RoutingContext ctx, int status, long nanos) {
    ctx.put(BACKEND_STATUS, status);
    ctx.put(BACKEND_NANOS, nanos);
  }

  /** Set once the request may have left for the backend (a connection was obtained): then nothing is "refused". */
  public static boolean forwarded(RoutingContext ctx) {
    return ctx.get(FORWARDED) != null;
  }

  public static void markForwarded(RoutingContext ctx) {
    ctx.put(FORWARDED, Boolean.TRUE);
  }

  /** The organization the request acts on, resolved once; null for operations that name none. */
  public static TargetOrganization target(RoutingContext ctx) {
    return ctx.get(TARGET);
  }

  public static void target(RoutingContext ctx, TargetOrganization target) {
    ctx.put(TARGET, target);
  }

  /** How this route's answers are shaped; the documented default outside any operation's route. */
  public static ErrorStyle errorStyle(RoutingContext ctx) {
    ErrorStyle style = ctx.get(ERROR_STYLE);
    return style != null ? style : ErrorStyle.DEFAULT;
  }

  static void errorStyle(RoutingContext ctx, ErrorStyle style) {
    ctx.put(ERROR_STYLE, style);
  }

  /** The contract operation this request was routed to; null when it matched none. */
  public static OperationSpec operation(RoutingContext ctx) {
    return ctx.get(OPERATION);
  }

  static void operation(RoutingContext ctx, OperationSpec operation) {
    ctx.put(OPERATION, operation);
  }

  /** True the first time it is asked for a request, false after: one audit record per request. */
  public static boolean firstAudit(RoutingContext ctx) {
    if (ctx.get(AUDITED) != null) {
      return false;
    }
    ctx.put(AUDITED, Boolean.TRUE);
    return true;
  }
}
