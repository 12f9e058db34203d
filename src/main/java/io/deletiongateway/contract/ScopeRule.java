package io.deletiongateway.contract;

import java.util.List;
import java.util.Set;

/**
 * The scopes an operation accepts, read from its security requirements: one list for OAuth2 (JWT) credentials,
 * one for the others (API tokens). Any one listed scope suffices. The OAuth2 scheme's {@code x-scope-prefix}
 * (Katapult: api.katapult.io/core/v1/) is ignored on both sides, so a prefixed and a bare scope are equal.
 */
public record ScopeRule(List<String> forTokens, List<String> forOAuth, String oauthPrefix) {

  /** What a credential of this kind must hold one of; a contract listing only one kind applies it to both. */
  public List<String> accepted(boolean oauth) {
    List<String> preferred = oauth ? forOAuth : forTokens;
    return preferred.isEmpty() ? (oauth ? forTokens : forOAuth) : preferred;
  }

  /**
   * Whether {@code granted} holds one of the accepted scopes. OAuth2 scopes must be held in their documented
   * (prefixed) form, so that a token minted for another API whose scopes happen to be spelled alike is not
   * accepted here; {@code bareAccepted} also lets the bare names count (API tokens, lenient issuers).
   */
  public boolean grantedBy(Set<String> granted, boolean oauth, boolean bareAccepted) {
    List<String> accepted = accepted(oauth);
    if (accepted.isEmpty()) {
      return true;
    }
    for (String need : accepted) {
      if (granted.contains(need)) {
        return true;
      }
      if (bareAccepted) {
        for (String have : granted) {
          if (strip(need).equals(strip(have))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private String strip(String scope) {
    return !oauthPrefix.isEmpty() && scope.startsWith(oauthPrefix) ? scope.substring(oauthPrefix.length()) : scope;
  }
}
