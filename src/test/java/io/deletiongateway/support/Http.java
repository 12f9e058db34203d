package io.deletiongateway.support;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain JDK HTTP client pointed at one base URL, with the assertions every error test repeats. */
public final class Http {
  /** HTTP/1.1: the JDK client would otherwise upgrade to h2c and fail requests beyond the server's stream limit. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;
  private final boolean checked;

  private Http(String base, String token, boolean checked) {
    this.base = base;
    this.token = token;
    this.checked = checked;
  }

  /** A client of a gateway's public listener: every answer it receives must be one its contract declares. */
  public static Http gateway(String base) {
    return new Http(base, null, true);
  }

  /** The same client sending {@code token} with the scheme each API expects (APIToken for F5, else Bearer). */
  public Http as(String token) {
    return new Http(base, token, checked);
  }

  /**
   * The same client without the contract check, for tests whose backend deliberately answers what no contract
   * declares (the gateway relays a backend's status as it came).
   */
  public Http offContract() {
    return new Http(base, token, false);
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      builder.header("Authorization", (pathAndQuery.startsWith("/api/web/") ? "APIToken " : "Bearer ") + token);
    }
    return builder;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return conforming(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  private HttpResponse<String> conforming(HttpResponse<String> response) {
    if (checked) {
      HttpRequest request = response.request();
      String target = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
      ContractConformance.check(request.method(), target, response.statusCode(),
        ContractConformance.firstValues(response.headers().map()), response.body());
    }
    return response;
  }

  /** A client for any base URL (the admin listener, a gateway started outside RunningGateway). */
  public static final class Plain {
    private Plain() {
    }

    public static Http at(String base) {
      return new Http(base, null, false);
    }
  }

  /** Sends all requests at once and waits for every answer. */
  public java.util.List<HttpResponse<String>> sendAll(java.util.List<HttpRequest.Builder> requests) {
    var futures = requests.stream()
      .map(r -> CLIENT.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString())).toList();
    return futures.stream().map(java.util.concurrent.CompletableFuture::join).map(this::conforming).toList();
  }

  public HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  public HttpResponse<String> delete(String pathAndQuery, String... headers) {
    HttpRequest.Builder builder = request(pathAndQuery).DELETE();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  public HttpResponse<String> postJson(String pathAndQuery, String json) {
    return send(request(pathAndQuery).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * Asserts the documented {code, description, detail} shape with the given status and code; returns detail.
   * The dialects that extend it are accepted as they are specified: katapult (the same triplet again under "error",
   * with X-Api-Schema: json-error) and f5xc ("message", the description); nothing else.
   */
  public static JsonObject assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), () -> "status of " + response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonObject body = new JsonObject(response.body());
    assertEquals(code, body.getString("code"), response::body);
    assertNotNull(body.getString("description"), response::body);
    assertNotNull(body.getJsonObject("detail"), response::body);
    JsonObject triplet = new JsonObject().put("code", body.getValue("code")).put("description", body.getValue("description"))
      .put("detail", body.getValue("detail"));
    boolean wrapped = body.containsKey("error");
    if (wrapped) {
      assertEquals(triplet, body.getJsonObject("error"), () -> "the wrapped form repeats the triplet: " + response.body());
    }
    if (body.containsKey("message")) {
      assertEquals(body.getString("description"), body.getString("message"), response::body);
    }
    assertEquals(wrapped ? "json-error" : null, response.headers().firstValue("x-api-schema").orElse(null),
      () -> "X-Api-Schema exactly when the body carries the wrapped form: " + response.body());
    assertEquals(3 + (wrapped ? 1 : 0) + (body.containsKey("message") ? 1 : 0), body.size(),
      () -> "code, description, detail and a dialect's own fields only: " + response.body());
    return body.getJsonObject("detail");
  }

  /** Asserts Atlas's ApiError with the given status and errorCode, as atlas-sdk-go decodes it; returns the body. */
  public static JsonObject assertAtlasError(HttpResponse<String> response, int status, String errorCode) {
    assertEquals(status, response.statusCode(), () -> "status of " + response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(status, body.getInteger("error"), response::body);
    assertEquals(errorCode, body.getString("errorCode"), response::body);
    assertTrue(body.getValue("detail") instanceof String, response::body);
    return body;
  }
}
