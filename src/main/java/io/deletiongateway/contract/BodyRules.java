package io.deletiongateway.contract;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.RequestBody;

import java.util.List;
import java.util.Locale;

/**
 * What a request body may be, before the schema sees it. An operation that declares no body accepts none (a body
 * the contract does not describe would reach the backend unvalidated). One that declares one accepts exactly its
 * media types, compared case-insensitively (RFC 9110) with {@code charset=utf-8} the only parameter, in no
 * content coding but identity (the gateway validates what it can read), as strict JSON ({@link StrictJson}).
 */
final class BodyRules {
  private BodyRules() {
  }

  /** Null when the body may be validated; the request's Content-Type is then the declared one, spelled as declared. */
  static GatewayError problem(RequestBody declared, MultiMap headers, Buffer body) {
    boolean present = body != null && body.length() > 0;
    if (declared == null) {
      return present ? GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject().put("in", "body").put("rule", "no_body_accepted"))
        : null;
    }
    String coding = headers.get(HttpHeaders.CONTENT_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("identity")) {
      return GatewayError.of(ErrorCode.UNSUPPORTED_CONTENT_ENCODING, new JsonObject().put("in", "body")
        .put("rule", "content_encoding").put("content_encoding", coding)
        .put("accepted", List.of("identity")));
    }
    if (!present) {
      return null;  // a missing required body is the schema validator's to name
    }
    String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
    String matched = contentType == null ? null : match(contentType, declared);
    if (matched == null) {
      return GatewayError.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, new JsonObject().put("in", "body").put("rule", "content_type")
        .put("content_type", contentType).put("accepted", List.copyOf(declared.getContent().keySet())));
    }
    headers.set(HttpHeaders.CONTENT_TYPE, matched);
    return StrictJson.problem(body);
  }

  /** The declared media type {@code contentType} names, or null. */
  private static String match(String contentType, RequestBody declared) {
    String[] parts = contentType.split(";", -1);
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      String name = parameter[0].trim().toLowerCase(Locale.ROOT);
      String value = parameter.length == 2 ? parameter[1].trim().replace("\"", "").toLowerCase(Locale.ROOT) : "";
      if (!name.equals("charset") || !value.equals("utf-8")) {
        return null;
      }
    }
    for (String media : declared.getContent().keySet()) {
      if (media.toLowerCase(Locale.ROOT).equals(type)) {
        return media;
      }
    }
    return null;
  }
}
