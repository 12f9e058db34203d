package io.deletiongateway.errors;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * An error as a value: a catalogue entry, its detail object and any headers the answer must carry.
 * Stages fail a request with one of these; the renderer is the only place that turns it into bytes.
 * It is a RuntimeException only so it can travel through {@code RoutingContext.fail}; it has no stack trace.
 */
public final class GatewayError extends RuntimeException {
  private final ErrorCode code;
  private final JsonObject detail;
  private final Map<String, String> headers;
  private final String description;

  private GatewayError(ErrorCode code, JsonObject detail, Map<String, String> headers) {
    this(code, detail, headers, code.description());
  }

  private GatewayError(ErrorCode code, JsonObject detail, Map<String, String> headers, String description) {
    super(code.code(), null, false, false);
    this.code = code;
    this.detail = detail;
    this.headers = headers;
    this.description = description;
  }

  /** The catalogue's description, adapted to this request (the API's authentication scheme, say). */
  public GatewayError withDescription(String text) {
    return new GatewayError(code, detail, headers, text);
  }

  public String description() {
    return description;
  }

  public static GatewayError of(ErrorCode code) {
    return new GatewayError(code, new JsonObject(), Map.of());
  }

  public static GatewayError of(ErrorCode code, JsonObject detail) {
    return new GatewayError(code, detail, Map.of());
  }

  public GatewayError withHeader(String name, String value) {
    var merged = new java.util.LinkedHashMap<>(headers);
    merged.put(name, value);
    return new GatewayError(code, detail, Map.copyOf(merged), description);
  }

  public GatewayError withoutHeader(String name) {
    var rest = new java.util.LinkedHashMap<>(headers);
    rest.remove(name);
    return new GatewayError(code, detail, Map.copyOf(rest), description);
  }

  /** This answer ends the connection (HTTP/1.x: Connection: close, then closed; HTTP/2: only the stream). */
  public GatewayError closingConnection() {
    return withHeader("Connection", "close");
  }

  public boolean closesConnection() {
    return "close".equals(headers.get("Connection"));
  }

  public ErrorCode code() {
    return code;
  }

  public JsonObject detail() {
    return detail;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
