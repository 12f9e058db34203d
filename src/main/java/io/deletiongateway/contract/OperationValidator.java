package io.deletiongateway.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import io.vertx.json.schema.common.dsl.SchemaType;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * vertx-openapi's request checks for one operation, with every JSON Schema validator built once per config load and the
 * checks made on the calling thread. RequestValidator.validate() hops to a worker thread per request and builds a
 * validator per parameter, copying the contract's whole schema lookup table each time: over a third of the
 * gateway's CPU under load. Same transformers, same analysers, same errors as the library.
 */
public final class OperationValidator {
  private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(
    Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
    Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());

  private record ParameterCheck(Parameter parameter, ParameterTransformer transformer, Validator schema) {
  }

  private final List<ParameterCheck> parameters;
  private final RequestBody body;
  /** Read-only after construction, so safe to share between event loops. */
  private final Map<MediaType, Validator> bodySchemas = new IdentityHashMap<>();

  public OperationValidator(OpenAPIContract contract, Operation operation) {
    this.parameters = operation.getParameters().stream()
      .map(p -> new ParameterCheck(p, TRANSFORMERS.get(p.getStyle()), contract.getSchemaRepository().validator(p.getSchema())))
      .toList();
    this.body = operation.getRequestBody();
    if (body != null) {
      body.getContent().values().stream().filter(OperationValidator::hasSchemaToCheck)
        .forEach(media -> bodySchemas.put(media, contract.getSchemaRepository().validator(media.getSchema())));
    }
  }

  /** Throws the library's ValidatorException for the first rule the request breaks. */
  public void validate(ValidatableRequest request) {
    for (ParameterCheck check : parameters) {
      Parameter parameter = check.parameter();
      Map<String, RequestParameter> values = switch (parameter.getIn()) {
        case PATH -> request.getPathParameters();
        case QUERY -> request.getQuery();
        case HEADER -> request.getHeaders();
        case COOKIE -> request.getCookies();
      };
      validateParameter(check, values.get(parameter.getName()));
    }
    validateBody(request);
  }

  private static void validateParameter(ParameterCheck check, RequestParameter value) {
    Parameter parameter = check.parameter();
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return;
    }
    if (check.transformer() == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    String raw = String.valueOf(value.get());
    // What the library's transform() returns for a string parameter that is a word, without its per-value regex
    // compilation (rawValue.matches("\\w+") in ParameterTransformer.transformPrimitive); anything else is its own.
    Object instance = word(parameter, raw) ? raw : check.transformer().transform(parameter, raw);
    OutputUnit result = check.schema().validate(instance);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  private void validateBody(ValidatableRequest request) {
    if (body == null) {
      return;
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (body.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
          ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return;
    }
    MediaType media = body.determineContentType(request.getContentType());
    Buffer content = request.getBody().getBuffer(Buffer.buffer());
    ContentAnalyser analyser = media == null ? null
      : ContentAnalyser.getContentAnalyser(media, request.getContentType(), content, ValidationContext.REQUEST);
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

  private static boolean word(Parameter parameter, String rawValue) {
    return parameter.getSchemaType() == SchemaType.STRING && isWord(rawValue);
  }

  /** {@code text.matches("\\w+")} (ASCII letters, digits and '_'), scanned rather than matched by a regex. */
  public static boolean isWord(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
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
