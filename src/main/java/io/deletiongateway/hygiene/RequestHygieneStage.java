package io.deletiongateway.hygiene;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.deletiongateway.pipeline.RequestAttributes;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Pipeline stage, before routing: the path must be canonical ({@link CanonicalPath}), and headers whose
 * duplicates would let the gateway and a backend disagree about the request must appear at most once.
 */
public final class RequestHygieneStage implements Handler<RoutingContext> {
  /** Authorization is checked where it is read, so its refusal keeps the auth error order. */
  private static final List<CharSequence> SINGLE = java.util.stream.Stream.of("host", "content-type", "content-length",
    "transfer-encoding", "accept", "x-request-id").map(HttpHeaders::createOptimized).toList();  // hashed once

  /** Query parameters some frameworks read as "treat this request as another method". */
  private static final java.util.Set<String> METHOD_OVERRIDES = java.util.Set.of("_method", "_http_method", "x_http_method_override",
    "x_http_method", "x_method_override", "method_override");

  @Override
  public void handle(RoutingContext ctx) {
    String problem = CanonicalPath.problem(ctx.request().path());
    if (problem != null) {
      ctx.fail(GatewayError.of(ErrorCode.AMBIGUOUS_PATH, new JsonObject().put("rule", problem)));
      return;
    }
    QueryParameters.Parsed parsed = QueryParameters.parse(ctx.request().query());
    if (parsed.problem() != null) {
      ctx.fail(GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject().put("in", "query").put("rule", parsed.problem())
        .put("max_parameters", QueryParameters.MAX_PARAMETERS)));
      return;
    }
    QueryParameters query = parsed.parameters();
    if (!sameAsVertx(query, ctx)) {
      // Read two ways (a ';' separator, say): the backend might take the other reading. Refused, never guessed.
      ctx.fail(GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject().put("in", "query").put("rule", "ambiguous_query")));
      return;
    }
    String credential = QueryCredentials.find(query);
    if (credential != null) {
      ctx.fail(GatewayError.of(ErrorCode.CREDENTIAL_IN_QUERY, new JsonObject().put("parameter", credential)));
      return;
    }
    for (var entry : query.entries()) {
      String name = entry.getKey();
      // Every override name has "method" in it: only such a name is lower-cased and looked up.
      if (CaseInsensitive.contains(name, "method") && METHOD_OVERRIDES.contains(name.toLowerCase(java.util.Locale.ROOT).replace('-', '_'))) {
        ctx.fail(GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject().put("in", "query").put("name", entry.getKey())
          .put("rule", "method_override")));
        return;
      }
    }
    RequestAttributes.query(ctx, query);
    MultiMap headers = ctx.request().headers();
    String coding = headers.get(HttpHeaders.TRANSFER_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
      // gzip, chunked and other codings: framing the gateway would have to decode to validate. Not implemented.
      ctx.fail(GatewayError.of(ErrorCode.NOT_IMPLEMENTED, new JsonObject().put("header", "transfer-encoding")
        .put("accepted", java.util.List.of("chunked"))));
      return;
    }
    String expect = headers.get(HttpHeaders.EXPECT);
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      ctx.fail(GatewayError.of(ErrorCode.EXPECTATION_FAILED, new JsonObject().put("header", "expect")
        .put("accepted", java.util.List.of("100-continue"))));
      return;
    }
    for (CharSequence name : SINGLE) {
      if (headers.contains(name) && headers.getAll(name).size() > 1) {  // no list made for an absent header
        ctx.fail(GatewayError.of(ErrorCode.DUPLICATE_HEADER, new JsonObject().put("header", name.toString())));
        return;
      }
    }
    ctx.next();
  }

  private static boolean sameAsVertx(QueryParameters query, RoutingContext ctx) {
    try {
      return query.sameAs(ctx.request().params());
    } catch (RuntimeException unreadable) {
      return false;
    }
  }
}
