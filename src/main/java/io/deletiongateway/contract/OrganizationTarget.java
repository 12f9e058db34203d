package io.deletiongateway.contract;

import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Where an operation names the organization it acts on ({@code x-gateway-organization}): a parameter holding
 * its id and, optionally, one holding its alias (Katapult's sub_domain), both in {@code in} (path or query).
 */
public record OrganizationTarget(String in, String idParameter, Optional<String> aliasParameter) {

  /** The organization id as this request gives it; null when absent. */
  public String id(RoutingContext ctx) {
    return parameter(ctx, idParameter);
  }

  /** The organization alias as this request gives it; null when absent or the operation has none. */
  public String alias(RoutingContext ctx) {
    return aliasParameter.map(name -> parameter(ctx, name)).orElse(null);
  }

  private String parameter(RoutingContext ctx, String name) {
    return "path".equals(in) ? ctx.pathParam(name) : ctx.request().getParam(name);
  }
}
