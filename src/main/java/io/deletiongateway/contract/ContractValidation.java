package io.deletiongateway.contract;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.ValidatorException;

import java.util.List;
import java.util.Locale;

/**
 * Pipeline stage: the request must match its operation's contract. JSON Schema rules are checked by
 * vertx-openapi; the rules OpenAPI cannot express (exactly one lookup parameter, a versioned Accept header)
 * are checked here from the contract's x-gateway extensions.
 */
public final class ContractValidation implements Handler<RoutingContext> {
  private final OperationSpec spec;

  public ContractValidation(OperationSpec spec) {
    this.spec = spec;
  }

  @Override
  public void handle(RoutingContext ctx) {
    GatewayError ruleBroken = exactlyOneLookup(ctx.request().params());
    if (ruleBroken == null) {
      ruleBroken = repeatedParameter(ctx.request());
    }
    if (ruleBroken == null) {
      ruleBroken = acceptHeader(ctx.request().headers());
    }
    if (ruleBroken != null) {
      ctx.fail(ruleBroken);
      return;
    }
    Buffer body = ctx.body().buffer();
    GatewayError bodyBroken = BodyRules.problem(spec.operation().getRequestBody(), ctx.request().headers(), body);
    if (bodyBroken != null) {
      ctx.fail(bodyBroken);
      return;
    }
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    try {
      spec.validator().validate(ctx, body, contentType);
    } catch (ValidatorException invalid) {
      ctx.fail(ValidationErrors.from(invalid, contentType));
      return;
    } catch (RuntimeException notTheClients) {
      ctx.fail(notTheClients);  // logged and answered 500 by the failure stage
      return;
    }
    ctx.next();
  }

  private GatewayError exactlyOneLookup(MultiMap query) {
    if (spec.exactlyOne().isEmpty()) {
      return null;
    }
    int given = 0;
    for (String name : spec.exactlyOne()) {
      given += query.getAll(name).size();
    }
    if (given == 1) {
      return null;
    }
    JsonObject detail = new JsonObject()
      .put("in", "query")
      .put("issue", given == 0 ? "missing_lookup_value" : "ambiguous_lookup_values")
      .put("rule", "exactly_one_of")
      .put("arguments", List.copyOf(spec.exactlyOne()));
    return GatewayError.of(given == 0 ? ErrorCode.MISSING_REQUIRED_ARGUMENT : ErrorCode.INVALID_ARGUMENT, detail);
  }

  /**
   * A declared parameter given twice where it takes one value: the gateway and a backend could each read a different
   * one (first or last; a repeated header even joined by a comma). A query array's items are separate pairs, so
   * only it may repeat.
   */
  private GatewayError repeatedParameter(HttpServerRequest request) {
    for (Parameter parameter : spec.operation().getParameters()) {
      int given = switch (parameter.getIn()) {
        case QUERY -> parameter.getSchemaType() == SchemaType.ARRAY ? 0 : request.params().getAll(parameter.getName()).size();
        case HEADER -> request.headers().getAll(parameter.getName()).size();
        case COOKIE -> CookiePairs.count(CookiePairs.of(request.headers()), parameter.getName());
        case PATH -> 0;
      };
      if (given > 1) {
        return GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject()
          .put("in", parameter.getIn().name().toLowerCase(Locale.ROOT)).put("name", parameter.getName()).put("rule", "single_value"));
      }
    }
    return null;
  }

  private GatewayError acceptHeader(MultiMap headers) {
    if (spec.accept().isEmpty()) {
      return null;
    }
    AcceptRule rule = spec.accept().get();
    List<String> values = headers.getAll(HttpHeaders.ACCEPT);
    if (values.size() == 1 && rule.supportedVersion(values.get(0)) != null) {
      return null;
    }
    return GatewayError.of(ErrorCode.NOT_ACCEPTABLE, new JsonObject()
      .put("in", "header")
      .put("name", "Accept")
      .put("rule", "versioned_media_type")
      .put("supported_versions", rule.versions())
      .put("example", "application/vnd.atlas." + rule.versions().get(rule.versions().size() - 1) + "+json"));
  }
}
