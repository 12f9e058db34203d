package io.deletiongateway.contract;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns vertx-openapi validation failures into catalogue errors whose detail names where the problem is
 * ({@code in} + {@code name} for parameters, {@code in: body} + JSON {@code pointer} for bodies) and the rule
 * broken, never the schema. vertx-openapi exposes the parameter only in its message, hence the patterns.
 */
final class ValidationErrors {
  private static final Pattern PARAMETER = Pattern.compile("(?:The value of|the required) (\\w+) parameter (.+?)(?: is invalid\\.| can't be decoded\\.|$)");
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"([^\"]*)\"");

  private ValidationErrors() {
  }

  static GatewayError from(ValidatorException e, String contentType) {
    String message = String.valueOf(e.getMessage());
    boolean body = message.contains("request body") || message.contains("required body");
    JsonObject where = body ? new JsonObject().put("in", "body") : parameter(message);
    return switch (e.type()) {
      case MISSING_REQUIRED_PARAMETER -> GatewayError.of(ErrorCode.MISSING_REQUIRED_ARGUMENT,
        where.put("rule", "required"));
      case UNSUPPORTED_VALUE_FORMAT -> body
        ? GatewayError.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, where
            .put("rule", "content_type").put("content_type", contentType).put("accepted", List.of("application/json")))
        : GatewayError.of(ErrorCode.INVALID_ARGUMENT, where.put("rule", "style"));
      case ILLEGAL_VALUE, INVALID_VALUE_FORMAT -> body
        ? GatewayError.of(ErrorCode.MALFORMED_REQUEST_BODY, where.put("rule", "syntax").put("message", "not valid JSON"))
        : GatewayError.of(ErrorCode.INVALID_ARGUMENT, where.put("rule", "format"));
      case INVALID_VALUE -> schemaViolation(e, where);
      case MISSING_OPERATION, MISSING_RESPONSE -> throw new IllegalStateException("contract out of step with routes", e);
    };
  }

  private static GatewayError schemaViolation(ValidatorException e, JsonObject where) {
    if (!(e instanceof SchemaValidationException schema) || schema.getOutputUnit() == null) {
      return GatewayError.of(ErrorCode.INVALID_ARGUMENT, where);
    }
    OutputUnit cause = mostRelevant(schema.getOutputUnit());
    String keywordLocation = String.valueOf(cause.getKeywordLocation());
    String rule = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    String pointer = String.valueOf(cause.getInstanceLocation()).replaceFirst("^#", "");
    if ("required".equals(rule)) {
      Matcher m = REQUIRED_PROPERTY.matcher(String.valueOf(cause.getError()));
      if (m.find()) {
        pointer = pointer + "/" + m.group(1);
      }
      if ("body".equals(where.getString("in"))) {
        where.put("pointer", pointer.isEmpty() ? "/" : pointer);
      }
      return GatewayError.of(ErrorCode.MISSING_REQUIRED_ARGUMENT, where.put("rule", rule).put("message", cause.getError()));
    }
    if ("body".equals(where.getString("in"))) {
      where.put("pointer", pointer.isEmpty() ? "/" : pointer);
    }
    return GatewayError.of(ErrorCode.INVALID_ARGUMENT, where.put("rule", rule).put("message", cause.getError()));
  }

  /** The deepest concrete error: wrappers such as "A subschema had errors" say nothing useful. */
  private static OutputUnit mostRelevant(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      return unit;
    }
    for (int i = errors.size() - 1; i >= 0; i--) {
      String text = String.valueOf(errors.get(i).getError());
      if (!text.startsWith("A sub-schema had errors") && !text.startsWith("A subschema had errors")) {
        return errors.get(i);
      }
    }
    return errors.get(errors.size() - 1);
  }

  private static JsonObject parameter(String message) {
    Matcher m = PARAMETER.matcher(message);
    JsonObject where = new JsonObject();
    if (m.find()) {
      where.put("in", m.group(1)).put("name", m.group(2));
    }
    return where;
  }
}
