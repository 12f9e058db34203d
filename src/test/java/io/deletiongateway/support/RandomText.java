package io.deletiongateway.support;

import java.util.Random;

/** Strings drawn from an alphabet, for differential tests of the hand-written scanners against their regexes. */
public final class RandomText {
  private RandomText() {
  }

  /** {@code count} strings of 0 to {@code maxLength} characters of {@code alphabet}, the same for one seed. */
  public static java.util.List<String> of(long seed, int count, String alphabet, int maxLength) {
    Random random = new Random(seed);
    java.util.List<String> out = new java.util.ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int length = random.nextInt(maxLength + 1);
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      out.add(text.toString());
    }
    return out;
  }
}
