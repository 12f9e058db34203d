package io.deletiongateway.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} inside scalar values (after YAML parsing, so an
 * environment value can never change the document's structure). An unset NAME without default is an error.
 */
final class EnvSubstitution {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;

  EnvSubstitution(Map<String, String> env) {
    this.env = env;
  }

  String expand(String keyPath, String raw) {
    Matcher m = REFERENCE.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null || (value.isEmpty() && m.group(2) != null)) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigException(keyPath, "environment variable " + m.group(1) + " is not set and has no default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
