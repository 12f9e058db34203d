package io.deletiongateway.hygiene;

/** Case-insensitive text checks for the hot path, without the lower-cased copy {@code toLowerCase().contains()} makes. */
public final class CaseInsensitive {
  private CaseInsensitive() {
  }

  /** {@code word} anywhere in {@code text}, in any case (a superset of what lower-casing {@code text} would find). */
  public static boolean contains(String text, String word) {
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }
}
