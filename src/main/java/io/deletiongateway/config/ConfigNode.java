package io.deletiongateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML mapping being bound to records. Every read records the key; {@link #finish()} then refuses keys
 * nobody read, so a misspelt key fails startup instead of being silently ignored. Errors name the key path.
 */
final class ConfigNode {
  private final String path;
  private final String name;
  private final Map<String, Object> values;
  private final EnvSubstitution env;
  private final Set<String> read = new HashSet<>();
  /** The path with named entries (a backend's, an API's name) as {@code *}: the key's place in the config schema. */
  private final String shape;
  /** While set (by {@link ConfigLoader#keysRead}), every key read is recorded here by its shape. */
  static final ThreadLocal<Set<String>> RECORDER = new ThreadLocal<>();

  ConfigNode(String path, String name, Object raw, EnvSubstitution env) {
    this(path, name, raw, env, path);
  }

  private ConfigNode(String path, String name, Object raw, EnvSubstitution env, String shape) {
    this.path = path;
    this.name = name;
    this.env = env;
    this.values = asMap(path, raw);
    this.shape = shape;
  }

  private void mark(String key) {
    read.add(key);
    record(shape.isEmpty() ? key : shape + "." + key);
  }

  private static void record(String keyShape) {
    Set<String> recorder = RECORDER.get();
    if (recorder != null) {
      recorder.add(keyShape);
    }
  }

  String path() {
    return path;
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  String string(String key) {
    String value = optionalString(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(keyPath(key), "a value is required");
    }
    return value;
  }

  String optionalString(String key, String fallback) {
    mark(key);
    Object raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Map || raw instanceof List) {
      throw new ConfigException(keyPath(key), "expected a single value, found a " + (raw instanceof Map ? "mapping" : "list"));
    }
    return env.expand(keyPath(key), scalarText(raw));
  }

  /** YAML's safe loader turns unquoted timestamps into Dates; give them back as ISO-8601 instants. */
  private static String scalarText(Object raw) {
    return raw instanceof java.util.Date date ? date.toInstant().toString() : String.valueOf(raw);
  }

  /**
   * A log destination: stdout, a file path, or "off". YAML 1.1 reads an unquoted {@code off}/{@code no} as the
   * boolean false; without this, that became a file literally named "false".
   */
  String logSink(String key, String fallback, boolean mayBeOff) {
    Object raw = values.get(key);
    String sink = raw instanceof Boolean flag ? (flag ? "true" : "off") : optionalString(key, fallback);
    mark(key);
    if ("off".equals(sink) && !mayBeOff) {
      throw new ConfigException(keyPath(key), "cannot be off; use stdout or a file path");
    }
    if ("true".equals(sink) || sink.isBlank()) {
      throw new ConfigException(keyPath(key), "expected stdout, a file path" + (mayBeOff ? " or off" : "") + ", found '" + sink + "'");
    }
    return sink;
  }

  int integer(String key, int fallback, int min, int max) {
    String text = optionalString(key, null);
    if (text == null) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(keyPath(key), "expected a whole number, found '" + text + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(keyPath(key), "must be between " + min + " and " + max + ", found " + value);
    }
    return value;
  }

  boolean bool(String key, boolean fallback) {
    String text = optionalString(key, null);
    if (text == null) {
      return fallback;
    }
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(keyPath(key), "expected true or false, found '" + text + "'");
    };
  }

  Duration millis(String key, long fallbackMillis) {
    return Duration.ofMillis(integer(key, (int) fallbackMillis, 1, 3_600_000));
  }

  /** Like {@link #millis}, where 0 means "never" (a period that may be switched off). */
  Duration millisOrNever(String key, long fallbackMillis) {
    return Duration.ofMillis(integer(key, (int) fallbackMillis, 0, 3_600_000));
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String text = optionalString(key, null);
    if (text == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.trim())) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase());
    }
    throw new ConfigException(keyPath(key), "expected one of " + names + ", found '" + text + "'");
  }

  /**
   * A list, or one scalar holding a comma-separated list (so an environment variable can supply it, e.g.
   * {@code trusted_proxies: ${TRUSTED_PROXIES:-}}); an empty scalar is an empty list.
   */
  List<String> stringsOrCommaList(String key) {
    Object raw = values.get(key);
    if (raw instanceof String text) {
      mark(key);
      List<String> out = new ArrayList<>();
      for (String item : env.expand(keyPath(key), text).split(",")) {
        if (!item.isBlank()) {
          out.add(item.trim());
        }
      }
      return List.copyOf(out);
    }
    return strings(key);
  }

  List<String> strings(String key) {
    mark(key);
    Object raw = values.get(key);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw new ConfigException(keyPath(key), "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String itemPath = keyPath(key) + "[" + i + "]";
      if (item == null || item instanceof Map || item instanceof List) {
        throw new ConfigException(itemPath, "expected a single value");
      }
      out.add(env.expand(itemPath, scalarText(item)));
    }
    return List.copyOf(out);
  }

  ConfigNode child(String key) {
    mark(key);
    return new ConfigNode(keyPath(key), key, values.getOrDefault(key, Map.of()), env, shape.isEmpty() ? key : shape + "." + key);
  }

  /** A named entry (a backend, an API, a token): its shape segment is {@code *}. */
  private ConfigNode named(String name) {
    read.add(name);
    String entryShape = (shape.isEmpty() ? "" : shape + ".") + "*";
    record(entryShape);
    return new ConfigNode(keyPath(name), name, values.getOrDefault(name, Map.of()), env, entryShape);
  }

  /** Binds every entry of the mapping at {@code key}, keeping its order. */
  <T> Map<String, T> entries(String key, Function<ConfigNode, T> binder) {
    return child(key).entriesHere(binder);
  }

  /** Binds every entry of this mapping, keeping its order. */
  <T> Map<String, T> entriesHere(Function<ConfigNode, T> binder) {
    Map<String, T> out = new LinkedHashMap<>();
    for (String name : values.keySet()) {
      ConfigNode entry = named(name);
      out.put(name, binder.apply(entry));
      entry.finish();
    }
    finish();
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The key this node was bound under. */
  String name() {
    return name;
  }

  void finish() {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        throw new ConfigException(keyPath(key), "unknown key");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(String path, Object raw) {
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw new ConfigException(path, "expected a mapping of keys to values");
    }
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new ConfigException(path, "key " + key + " must be a string");
      }
    }
    return (Map<String, Object>) map;
  }
}
