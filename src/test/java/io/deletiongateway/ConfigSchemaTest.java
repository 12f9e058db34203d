package io.deletiongateway;

import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.support.RunningGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/gateway.schema.json against the binder: every key the binder reads is in the schema and every key of the schema
 * is one the binder reads (on a config naming every key once), and the shipped and test configs validate with a real
 * JSON Schema validator (vertx-json-schema, draft 2020-12), while a misspelt key does not.
 */
class ConfigSchemaTest {
  static final Path SCHEMA = Path.of("conf/gateway.schema.json");
  static final Path EVERY_KEY = Path.of("src/test/resources/config/every-key.yaml");

  static Validator validator() throws Exception {
    JsonObject schema = new JsonObject(Files.readString(SCHEMA));
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://deletion-gateway.io/schemas/").setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
  }

  static Object yaml(String text) {
    Object parsed = new Yaml().load(text);
    return parsed instanceof Map<?, ?> map ? new JsonObject(jsonable(map)) : parsed;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> jsonable(Map<?, ?> map) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m ? jsonable(m) : v instanceof java.util.List<?> l
      ? new JsonArray(l.stream().map(i -> i instanceof Map<?, ?> m ? new JsonObject(jsonable(m)) : i).toList())
      : v instanceof java.util.Date date ? date.toInstant().toString() : v));  // YAML timestamps: the binder reads their text
    return out;
  }

  /** The schema's key paths, named entries (additionalProperties) as {@code *}. */
  static Set<String> schemaKeys(JsonObject node, String prefix, Set<String> out) {
    JsonObject properties = node.getJsonObject("properties");
    if (properties != null) {
      for (String key : properties.fieldNames()) {
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        out.add(path);
        schemaKeys(properties.getJsonObject(key), path, out);
      }
    }
    if (node.getValue("additionalProperties") instanceof JsonObject entry) {
      String path = prefix.isEmpty() ? "*" : prefix + ".*";
      out.add(path);
      schemaKeys(entry, path, out);
    }
    return out;
  }

  @Test
  void theSchemaNamesExactlyTheKeysTheBinderReads() throws Exception {
    Set<String> binder = ConfigLoader.keysRead(Files.readString(EVERY_KEY), Map.of());
    Set<String> schema = schemaKeys(new JsonObject(Files.readString(SCHEMA)), "", new TreeSet<>());
    Set<String> missing = new TreeSet<>(binder);
    missing.removeAll(schema);
    Set<String> extra = new TreeSet<>(schema);
    extra.removeAll(binder);
    assertEquals(Set.of(), missing, "keys the binder reads that the schema lacks");
    assertEquals(Set.of(), extra, "schema keys the binder never reads");
  }

  @Test
  void theShippedAndTestConfigsValidateAndAMisspeltKeyDoesNot() throws Exception {
    Validator validator = validator();
    for (Path config : java.util.List.of(RunningGateway.SHIPPED_CONFIG, EVERY_KEY, Path.of("bench/gateway-bench.yaml"))) {
      OutputUnit result = validator.validate(yaml(Files.readString(config)));
      assertTrue(result.getValid(), config + ": " + result.getErrors());
    }
    String misspelt = Files.readString(RunningGateway.SHIPPED_CONFIG).replace("  max_body_bytes:", "  max_body_byte:");
    assertFalse(validator.validate(yaml(misspelt)).getValid(), "an unknown key is refused, as the binder refuses it");
    assertTrue(Files.readString(RunningGateway.SHIPPED_CONFIG).startsWith("# yaml-language-server: $schema=gateway.schema.json"),
      "editors find the schema from the shipped file");
  }
}
