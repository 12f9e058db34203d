package io.deletiongateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Every answer the test suite receives from a gateway is checked against the contract of the operation it was
 * sent to, with vertx-openapi's own response validator (a real JSON Schema validator): the status must be declared
 * for that operation (never through a {@code default}), the content type and body must match the declared response.
 * A path that some operation serves with another method must answer a declared 405; a path under an API's prefix
 * that no operation serves, an answer declared by every operation of that API; any other path, the documented
 * triplet. Clients made with {@link Http#gateway} run every answer through here.
 */
public final class ContractConformance {
  private record Op(HttpMethod method, Pattern path, Operation operation) {
  }

  private record Api(String prefix, ResponseValidator validator, List<Op> operations) {
  }

  private static final List<Api> APIS = load();

  private ContractConformance() {
  }

  /** Fails (AssertionError) unless the answer is one the contract declares. */
  public static void check(String method, String pathAndQuery, int status, Map<String, String> headers, String body) {
    String path = pathAndQuery.split("\\?", 2)[0];
    String what = method + " " + pathAndQuery + " → " + status + " " + body;
    for (Api api : APIS) {
      if (!path.startsWith(api.prefix())) {
        continue;
      }
      List<Op> samePath = api.operations().stream().filter(op -> op.path().matcher(path).matches()).toList();
      Op exact = samePath.stream().filter(op -> op.method().name().equalsIgnoreCase(method)).findFirst().orElse(null);
      List<Op> judges = exact != null ? List.of(exact) : !samePath.isEmpty() ? samePath : api.operations();
      for (Op judge : judges) {
        validate(api, judge.operation(), status, headers, body, what);
      }
      return;
    }
    JsonObject triplet;
    try {
      triplet = new JsonObject(body);
    } catch (RuntimeException notJson) {
      throw new AssertionError("not the documented triplet: " + what);
    }
    if (!(triplet.getValue("code") instanceof String) || !(triplet.getValue("description") instanceof String)
      || !(triplet.getValue("detail") instanceof JsonObject)) {
      throw new AssertionError("not the documented triplet: " + what);
    }
  }

  private static void validate(Api api, Operation operation, int status, Map<String, String> headers, String body, String what) {
    if (operation.getResponse(status) == null) {
      throw new AssertionError("status " + status + " is not declared by " + operation.getOperationId() + ": " + what);
    }
    String contentType = headers.get("content-type");
    ValidatableResponse response = body.isEmpty()
      ? ValidatableResponse.create(status, headers)
      : ValidatableResponse.create(status, headers, Buffer.buffer(body), contentType);
    try {
      api.validator().validate(response, operation.getOperationId()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("off contract (" + operation.getOperationId() + "): " + e.getMessage() + ": " + what, e);
    }
  }

  private static List<Api> load() {
    Vertx vertx = Vertx.vertx();
    List<Api> apis = new ArrayList<>();
    for (String[] api : new String[][] {{"/core/v1/", "openapi/katapult-core-v1.yaml"},
      {"/api/atlas/", "openapi/atlas-admin.yaml"}, {"/api/web/", "openapi/f5xc-user.yaml"}}) {
      try {
        OpenAPIContract contract = OpenAPIContract.from(vertx, api[1]).await(30, TimeUnit.SECONDS);
        List<Op> operations = contract.operations().stream().map(op -> new Op(op.getHttpMethod(),
          Pattern.compile(op.getAbsoluteOpenAPIPath().replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.")), op)).toList();
        apis.add(new Api(api[0], ResponseValidator.create(vertx, contract), operations));
      } catch (Exception e) {
        throw new IllegalStateException("contract " + api[1] + " does not load", e);
      }
    }
    return List.copyOf(apis);
  }

  /** The first value of each header, looked up case-insensitively (as HTTP names are): what the validator reads. */
  public static Map<String, String> firstValues(Map<String, List<String>> headers) {
    Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (!values.isEmpty()) {
        out.put(name, values.get(0));
      }
    });
    return out;
  }
}
