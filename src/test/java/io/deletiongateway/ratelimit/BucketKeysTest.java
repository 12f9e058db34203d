package io.deletiongateway.ratelimit;

import io.deletiongateway.support.RandomText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partitions are kept or hashed as the regular expression the scan replaced (#18) decided. */
class BucketKeysTest {
  static final Pattern OLD = Pattern.compile("[A-Za-z0-9._:@|/-]{1,128}");

  @Test
  void partitionsAreKeptOrHashedAsBefore() {
    List<String> partitions = new ArrayList<>(List.of("", "a", "x".repeat(128), "x".repeat(129), "org_1|10.0.0.1", "a b", "{a}",
      "2001:db8::/64", "é"));
    partitions.addAll(RandomText.of(18, 20_000, "aZ09._:@|/-{} \u00e9", 6));
    for (String partition : partitions) {
      String key = BucketKeys.authFailures(partition);
      assertEquals(OLD.matcher(partition).matches(), key.equals("dg:af:{" + partition + "}"), partition);
      assertTrue(key.matches("dg:af:\\{[A-Za-z0-9._:@|/-]{1,128}}"), key);
    }
  }
}
