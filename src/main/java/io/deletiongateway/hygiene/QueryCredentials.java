package io.deletiongateway.hygiene;

import io.deletiongateway.auth.ApiTokenFormat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a credential in a query string: a parameter with a credential's name (OAuth2's {@code access_token},
 * {@code api_key} and their kin, any case, {@code -} or {@code _}), or any value shaped like one of our API tokens
 * or like a JWS. Such a request is refused, so the credential never reaches a backend, a log or a cache key.
 */
final class QueryCredentials {
  private static final Set<String> NAMES = Set.of("access-token", "id-token", "refresh-token", "token", "api-key",
    "apikey", "api-token", "apitoken", "auth", "auth-token", "authorization", "bearer", "jwt", "password", "passwd",
    "secret", "client-secret", "x-api-key", "private-token", "session-token", "key");
  /** Three base64url segments whose header starts like JSON ({"…): what any JWS looks like. */
  private static final Pattern JWS = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_=-]*");

  private QueryCredentials() {
  }

  /** The name of the first parameter carrying a credential, or null. */
  static String find(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (NAMES.contains(name.toLowerCase(Locale.ROOT).replace('_', '-'))
        || ApiTokenFormat.looksLikeApiToken(value.trim()) || JWS.matcher(value.trim()).matches()) {
        return name;
      }
    }
    return null;
  }

  /** Lenient: a malformed escape is left as it is here (the contract stage refuses it with its own answer). */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
