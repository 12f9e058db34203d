package io.deletiongateway.hygiene;

import io.deletiongateway.auth.ApiTokenFormat;

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
  static String find(QueryParameters query) {
    for (var entry : query.entries()) {
      String name = entry.getKey();
      if (looksLikeCredential(name)) {
        return "(a credential)";  // never echoed
      }
      if (NAMES.contains(name.toLowerCase(Locale.ROOT).replace('_', '-')) || looksLikeCredential(entry.getValue())) {
        return name;
      }
    }
    return null;
  }

  private static boolean looksLikeCredential(String text) {
    String trimmed = text.trim();
    return ApiTokenFormat.looksLikeApiToken(trimmed) || (trimmed.startsWith("eyJ") && JWS.matcher(trimmed).matches());
  }
}
