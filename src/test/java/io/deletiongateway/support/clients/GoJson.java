package io.deletiongateway.support.clients;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Go's encoding/json decoding of an object into a struct, as far as the ported clients need it (Go 1.22
 * encoding/json, decode.go): invalid JSON fails before any field is set; keys match a field's tag exactly or, failing
 * that, case-insensitively; unknown keys are ignored; null leaves a field unset; a value of the wrong type is an
 * UnmarshalTypeError that is remembered while the other fields are still filled.
 */
final class GoJson {
  enum Kind { STRING, INT, OBJECT, ARRAY, BOOL, ANY }

  /** The fields as set, and the error Unmarshal/Decode returns (null when none). */
  record Decoded(Map<String, Object> fields, String error) {
    String string(String name) {
      return fields.get(name) instanceof String s ? s : "";
    }

    int integer(String name) {
      return fields.get(name) instanceof Number n ? n.intValue() : 0;
    }

    boolean failed() {
      return error != null;
    }
  }

  private GoJson() {
  }

  static Decoded unmarshal(String body, Map<String, Kind> fields) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      return new Decoded(Map.of(), "invalid character: " + e.getMessage());
    }
    if (!(value instanceof JsonObject object)) {
      return new Decoded(Map.of(), "json: cannot unmarshal " + goType(value) + " into Go value of type struct");
    }
    return into(object, fields);
  }

  static Decoded into(JsonObject object, Map<String, Kind> fields) {
    Map<String, Object> set = new HashMap<>();
    String error = null;
    for (var field : fields.entrySet()) {
      String key = matchingKey(object, field.getKey());
      if (key == null || object.getValue(key) == null) {
        continue;
      }
      Object value = object.getValue(key);
      if (fits(value, field.getValue())) {
        set.put(field.getKey(), value);
      } else if (error == null) {
        error = "json: cannot unmarshal " + goType(value) + " into Go struct field ." + field.getKey() + " of type "
          + field.getValue().name().toLowerCase();
      }
    }
    return new Decoded(set, error);
  }

  private static String matchingKey(JsonObject object, String tag) {
    if (object.containsKey(tag)) {
      return tag;
    }
    return object.fieldNames().stream().filter(tag::equalsIgnoreCase).findFirst().orElse(null);
  }

  private static boolean fits(Object value, Kind kind) {
    return switch (kind) {
      case STRING -> value instanceof String;
      case INT -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
      case OBJECT -> value instanceof JsonObject;
      case ARRAY -> value instanceof JsonArray;
      case BOOL -> value instanceof Boolean;
      case ANY -> true;
    };
  }

  private static String goType(Object value) {
    return value instanceof String ? "string" : value instanceof Number ? "number" : value instanceof Boolean ? "bool"
      : value instanceof JsonArray ? "array" : value instanceof JsonObject ? "object" : "null";
  }
}
