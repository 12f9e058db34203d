package io.deletiongateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bucket keys: {@code dg:rl:{policy:partition}}. The braces are a Redis Cluster hash tag around the whole
 * name, so one decision touches one key in one slot. Partitions with characters outside a safe set (client
 * input can reach them) or longer than 128 characters are replaced by their SHA-256.
 */
final class BucketKeys {
  private static final int MAX_SAFE_LENGTH = 128;

  private BucketKeys() {
  }

  static String of(RateLimitPolicy policy, String partition) {
    return "dg:rl:{" + policy.name() + ":" + safe(partition) + "}";
  }

  static String authFailures(String clientAddress) {
    return "dg:af:{" + safe(clientAddress) + "}";
  }

  private static String safe(String partition) {
    if (plain(partition)) {
      return partition;
    }
    try {
      return "h." + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(partition.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 1 to 128 of {@code A-Za-z0-9._:@|/-}: kept as they are. */
  private static boolean plain(String partition) {
    if (partition.isEmpty() || partition.length() > MAX_SAFE_LENGTH) {
      return false;
    }
    for (int i = 0; i < partition.length(); i++) {
      char c = partition.charAt(i);
      boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && ".:_@|/-".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
