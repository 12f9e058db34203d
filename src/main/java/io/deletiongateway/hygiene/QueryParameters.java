package io.deletiongateway.hygiene;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query as the gateway reads it: parsed once, strictly, with a bound on the number of parameters far below
 * what Vert.x keeps (1024), so the parameters validated and authorized are all there are. What is forwarded is
 * rebuilt from them in one canonical encoding, never the client's raw text.
 */
public record QueryParameters(List<Map.Entry<String, String>> entries) {
  /** More parameters than any served operation needs; beyond it a request is refused. */
  public static final int MAX_PARAMETERS = 64;

  /** The outcome of a parse: the parameters, or why the query was refused. */
  record Parsed(QueryParameters parameters, String problem) {
  }

  static Parsed parse(String rawQuery) {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new Parsed(new QueryParameters(List.of()), null);
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      if (entries.size() == MAX_PARAMETERS) {
        return new Parsed(null, "too_many_parameters");
      }
      int eq = pair.indexOf('=');
      String name = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = PercentEncoding.decode(eq < 0 ? "" : pair.substring(eq + 1), true);
      if (name == null || value == null || name.isEmpty()) {
        return new Parsed(null, "percent_encoding");
      }
      entries.add(Map.entry(name, value));
    }
    return new Parsed(new QueryParameters(List.copyOf(entries)), null);
  }

  /** True when Vert.x read the same parameters, in the same order (what the contract stage validates). */
  boolean sameAs(MultiMap parsedByVertx) {
    List<Map.Entry<String, String>> theirs = parsedByVertx.entries();
    if (theirs.size() != entries.size()) {
      return false;
    }
    for (int i = 0; i < entries.size(); i++) {  // by text: Vert.x's entries need not implement Map.Entry.equals
      if (!theirs.get(i).getKey().equals(entries.get(i).getKey()) || !theirs.get(i).getValue().equals(entries.get(i).getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The canonical query string to forward, or null when there are no parameters. */
  public String encoded() {
    if (entries.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> entry : entries) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(PercentEncoding.encode(entry.getKey())).append('=').append(PercentEncoding.encode(entry.getValue()));
    }
    return out.toString();
  }
}
