package io.deletiongateway.deletion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Map;

/**
 * The backend's final answer to a keyed deletion, as recorded for replays: its status, the headers a client needs
 * (content type, location, ETag…), and its body (bounded). A replay runs it through the same relay as a live answer.
 */
public record RecordedAnswer(int status, Map<String, String> headers, Buffer body) {
  static final int MAX_BODY_BYTES = 64 * 1024;

  JsonObject toJson() {
    return new JsonObject().put("status", status).put("headers", new JsonObject(Map.copyOf(headers)))
      .put("body", Base64.getEncoder().encodeToString(body.getBytes()));
  }

  static RecordedAnswer fromJson(JsonObject json) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    json.getJsonObject("headers").forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new RecordedAnswer(json.getInteger("status"), headers, Buffer.buffer(Base64.getDecoder().decode(json.getString("body"))));
  }
}
