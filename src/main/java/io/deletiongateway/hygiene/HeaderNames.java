package io.deletiongateway.hygiene;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A fixed set of header names (and name prefixes), matched as HTTP compares names (any case) and, when built with
 * {@link #ofAnySpelling}, as CGI-style backends read them ({@code _} as {@code -}). Looked up for every header of
 * every request and answer, so a look-up folds characters as it hashes instead of making a lower-cased copy.
 * Only ASCII letters fold: header names are tokens (RFC 9110 §5.1), which Netty's decoder enforces.
 */
public final class HeaderNames {
  private final String[] table;  // open addressing, folded names; null = empty slot
  private final int mask;
  private final List<String> prefixes;  // folded
  private final boolean underscoreIsDash;

  private HeaderNames(Collection<String> names, Collection<String> prefixes, boolean underscoreIsDash) {
    this.underscoreIsDash = underscoreIsDash;
    int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;  // at most a quarter full
    this.table = new String[size];
    this.mask = size - 1;
    for (String name : names) {
      String folded = fold(name);
      int slot = hash(folded) & mask;
      while (table[slot] != null && !table[slot].equals(folded)) {
        slot = (slot + 1) & mask;
      }
      table[slot] = folded;
    }
    this.prefixes = prefixes.stream().map(this::fold).toList();
  }

  /** Names matched in any case. */
  public static HeaderNames of(Collection<String> names) {
    return new HeaderNames(names, List.of(), false);
  }

  /** Names, and names starting with one of {@code prefixes}, matched in any case and with {@code _} read as {@code -}. */
  public static HeaderNames ofAnySpelling(Collection<String> names, Collection<String> prefixes) {
    return new HeaderNames(names, prefixes, true);
  }

  /** This set and {@code more} names, matched the same way. */
  public HeaderNames plus(Collection<String> more) {
    List<String> names = new ArrayList<>(more);
    for (String name : table) {
      if (name != null) {
        names.add(name);
      }
    }
    return new HeaderNames(names, prefixes, underscoreIsDash);
  }

  public boolean contains(CharSequence name) {
    for (int slot = hash(name) & mask; table[slot] != null; slot = (slot + 1) & mask) {
      if (table[slot].length() == name.length() && startsWith(name, table[slot])) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (startsWith(name, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name}, folded, starts with {@code folded}. */
  private boolean startsWith(CharSequence name, String folded) {
    if (name.length() < folded.length()) {
      return false;
    }
    for (int i = 0; i < folded.length(); i++) {
      if (fold(name.charAt(i)) != folded.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int hash(CharSequence name) {
    int h = 0;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + fold(name.charAt(i));
    }
    return h ^ (h >>> 16);
  }

  private String fold(String name) {
    StringBuilder folded = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      folded.append(fold(name.charAt(i)));
    }
    return folded.toString();
  }

  private char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    return underscoreIsDash && c == '_' ? '-' : c;
  }
}
