package io.deletiongateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Bucket keys: {@code dg:rl:{policy:partition}}. The braces are a Redis Cluster hash tag around the whole
 * name, so one decision touches one key in one slot. Partitions with characters outside a safe set (client
 * input can reach them) or longer than 128 characters are replaced by their SHA-256.
 */
final class BucketKeys {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@|/-]{1,128}");

  private BucketKeys() {
  }

  static String of(RateLimitPolicy policy, String partition) {
    return "dg:rl:{" + policy.name() + ":" + safe(partition) + "}";
  }

  static String authFailures(String clientAddress) {
    return "dg:af:{" + safe(clientAddress) + "}";
  }

  private static String safe(String partition) {
    if (SAFE.matcher(partition).matches()) {
      return partition;
    }
    try {
      return "h." + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(partition.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
