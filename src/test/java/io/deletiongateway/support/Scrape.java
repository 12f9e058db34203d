package io.deletiongateway.support;

import java.util.Arrays;

/** Reads one sample out of a Prometheus text scrape. */
public final class Scrape {
  private Scrape() {
  }

  /** The value of the first sample of {@code name} carrying every one of {@code labels}; 0 when there is none. */
  public static double value(String scrape, String name, String... labels) {
    for (String line : scrape.split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && Arrays.stream(labels).allMatch(line::contains)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** The sum over every sample of {@code name} carrying every one of {@code labels}. */
  public static double sum(String scrape, String name, String... labels) {
    return Arrays.stream(scrape.split("\n"))
      .filter(line -> line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /** True when a sample of {@code name} carrying every one of {@code labels} is present. */
  public static boolean has(String scrape, String name, String... labels) {
    return Arrays.stream(scrape.split("\n"))
      .anyMatch(line -> line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains));
  }
}
