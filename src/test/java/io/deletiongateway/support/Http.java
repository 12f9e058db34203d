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

  Http(String base) {
    this(base, null);
  }

  private Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same client sending {@code token} with the scheme each API expects (APIToken for F5, else Bearer). */
  public Http as(String token) {
    return new Http(base, token);
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
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  /** A client for any base URL (the admin listener, a gateway started outside RunningGateway). */
  public static final class Plain {
    private Plain() {
    }

    public static Http at(String base) {
      return new Http(base);
    }
  }

  /** Sends all requests at once and waits for every answer. */
  public java.util.List<HttpResponse<String>> sendAll(java.util.List<HttpRequest.Builder> requests) {
    var futures = requests.stream()
      .map(r -> CLIENT.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString())).toList();
    return futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();
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

  /** Asserts the documented {code, description, detail} shape with the given status and code; returns detail. */
  public static JsonObject assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), () -> "status of " + response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonObject body = new JsonObject(response.body());
    assertEquals(code, body.getString("code"), response::body);
    assertNotNull(body.getString("description"), response::body);
    assertNotNull(body.getJsonObject("detail"), response::body);
    assertEquals(3, body.size(), () -> "exactly code, description, detail: " + response.body());
    return body.getJsonObject("detail");
  }
}
