package io.deletiongateway.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * vertx-openapi's request checks for one operation, with every JSON Schema validator built once per config load and the
 * checks made on the calling thread (RequestValidator.validate() hops to a worker thread per request and builds a
 * validator per parameter). The schemas, transformers, analysers and errors are the library's; what each parameter
 * is validated as is the gateway's, and it is what the backend reads:
 * <ul>
 *   <li>a query value decoded once, as the stages read it and as it is forwarded (the library's RequestUtils decodes
 *   Vert.x's already-decoded values a second time, so {@code %2574rue} was validated as {@code true} and forwarded as
 *   the text {@code %74rue}, and a value with a {@code %} in it could not be read at all);</li>
 *   <li>a path value as the router binds it (decoded once, {@code +} kept), a header as sent, a cookie as sent in the
 *   Cookie header (Vert.x's reading strips quotes and drops a pair it finds malformed: {@link CookiePairs});</li>
 *   <li>a string's text itself: the library reads a non-word as JSON first, so {@code "x"} was validated as {@code x}
 *   (two characters fewer than forwarded) and {@code 1.5} refused as a number.</li>
 * </ul>
 */
public final class OperationValidator {
  private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(
    Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
    Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());

  /** A parameter, its style's transformer, its schema's validator, and (an array's) whether its items are strings. */
  private record ParameterCheck(Parameter parameter, ParameterTransformer transformer, Validator schema, boolean stringItems) {
  }

  private final List<ParameterCheck> parameters;
  private final RequestBody body;
  /** Read-only after construction, so safe to share between event loops. */
  private final Map<MediaType, Validator> bodySchemas = new IdentityHashMap<>();

  public OperationValidator(OpenAPIContract contract, Operation operation) {
    this.parameters = operation.getParameters().stream()
      .map(p -> new ParameterCheck(p, TRANSFORMERS.get(p.getStyle()), contract.getSchemaRepository().validator(p.getSchema()),
        stringItems(p)))
      .toList();
    this.body = operation.getRequestBody();
    if (body != null) {
      body.getContent().values().stream().filter(OperationValidator::hasSchemaToCheck)
        .forEach(media -> bodySchemas.put(media, contract.getSchemaRepository().validator(media.getSchema())));
    }
  }

  /** Throws the library's ValidatorException for the first rule the request breaks. */
  public void validate(RoutingContext ctx, Buffer requestBody, String contentType) {
    for (ParameterCheck check : parameters) {
      validateParameter(check, instance(check, ctx));
    }
    validateBody(requestBody, contentType);
  }

  private static void validateParameter(ParameterCheck check, Object instance) {
    Parameter parameter = check.parameter();
    if (instance == null) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return;
    }
    OutputUnit result = check.schema().validate(instance);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  /** What the parameter is validated as, or null when the request does not give it. */
  private static Object instance(ParameterCheck check, RoutingContext ctx) {
    Parameter parameter = check.parameter();
    HttpServerRequest request = ctx.request();
    if (parameter.getIn() == Location.QUERY && parameter.getSchemaType() == SchemaType.ARRAY && parameter.isExplode()) {
      // One item per name=value pair, each its own text: never joined and split again (a value holding "&name=").
      List<String> values = request.params().getAll(parameter.getName());
      if (values.isEmpty()) {
        return null;
      }
      JsonArray items = new JsonArray();
      values.forEach(value -> items.add(check.stringItems() ? value : transformer(check).transformPrimitive(parameter, value)));
      return items;
    }
    String raw = switch (parameter.getIn()) {
      // Vert.x's reading of the query, which the hygiene stage showed to be the gateway's own and forwards.
      case QUERY -> parameter.getSchemaType() == SchemaType.OBJECT && parameter.isExplode()
        ? joined(request.params().entries()) : request.params().get(parameter.getName());
      case PATH -> ctx.pathParam(parameter.getName());
      case HEADER -> request.getHeader(parameter.getName());
      case COOKIE -> cookie(parameter, request);
    };
    if (raw == null) {
      return null;
    }
    return parameter.getSchemaType() == SchemaType.STRING ? raw : transformer(check).transform(parameter, raw);
  }

  private static ParameterTransformer transformer(ParameterCheck check) {
    if (check.transformer() == null) {
      throw ValidatorException.createUnsupportedValueFormat(check.parameter());
    }
    return check.transformer();
  }

  /** An exploded object's pairs, as the library's form transformer reads them. */
  private static String joined(List<Map.Entry<String, String>> pairs) {
    return pairs.isEmpty() ? null : pairs.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
  }

  /**
   * A cookie as forwarded: its pair's value (ContractValidation refused a repeat), or an exploded object's every pair.
   * A value only some readers take as sent (quoted, spaced, with a comma) is refused rather than guessed at.
   */
  private static String cookie(Parameter parameter, HttpServerRequest request) {
    boolean object = parameter.getSchemaType() == SchemaType.OBJECT && parameter.isExplode();
    List<Map.Entry<String, String>> read = CookiePairs.of(request.headers()).stream()
      .filter(pair -> object || pair.getKey().equals(parameter.getName())).toList();
    for (Map.Entry<String, String> pair : read) {
      if (!CookiePairs.isPlain(pair.getValue())) {
        throw ValidatorException.createInvalidValueFormat(parameter);
      }
    }
    return object ? joined(read) : read.isEmpty() ? null : read.get(0).getValue();
  }

  private void validateBody(Buffer content, String contentType) {
    if (body == null) {
      return;
    }
    if (content == null || content.length() == 0) {
      if (body.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
          ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return;
    }
    MediaType media = body.determineContentType(contentType);
    ContentAnalyser analyser = media == null ? null
      : ContentAnalyser.getContentAnalyser(media, contentType, content, ValidationContext.REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the request body is not supported", ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    Validator schema = bodySchemas.get(media);
    if (schema != null) {
      OutputUnit result = schema.validate(analyser.transform());
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException e) {
        throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
      }
    }
  }

  private static boolean stringItems(Parameter parameter) {
    Object items = parameter.getSchema().get("items");
    Object type = items instanceof JsonSchema schema ? schema.get("type") : items instanceof JsonObject json ? json.getValue("type") : null;
    return "string".equals(type);
  }

  /** As the library decides: no schema, or a bare binary string, means the body is not schema-checked. */
  private static boolean hasSchemaToCheck(MediaType media) {
    if (media.getSchema() == null) {
      return false;
    }
    boolean bareBinary = "string".equalsIgnoreCase(media.getSchema().get("type"))
      && "binary".equalsIgnoreCase(media.getSchema().get("format")) && media.getSchema().fieldNames().size() == 2;
    return !bareBinary;
  }
}
