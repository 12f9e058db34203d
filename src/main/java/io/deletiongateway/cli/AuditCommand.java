package io.deletiongateway.cli;

import io.deletiongateway.observability.AuditChain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code audit verify [--continued] FILE...}: checks that the audit files, given oldest first, form one intact chain
 * from its first record (with {@code --continued}: a later stretch of one, for when older files are gone), with the
 * HMAC key in {@code AUDIT_HMAC_KEY} when the gateway had one. Exit 0 when intact; 1 naming the first record that
 * was altered, removed, inserted or reordered; 2 for a usage error or an unreadable file.
 */
final class AuditCommand {
  private AuditCommand() {
  }

  static int run(String[] args) {
    boolean continued = args.length > 2 && "--continued".equals(args[2]);
    int first = continued ? 3 : 2;
    if (args.length <= first || !"verify".equals(args[1])) {
      System.err.println("usage: java -jar deletion-gateway.jar audit verify [--continued] FILE...   (oldest first; AUDIT_HMAC_KEY if keyed)");
      return 2;
    }
    List<String> lines = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int f = first; f < args.length; f++) {
      try {
        List<String> read = Files.readAllLines(Path.of(args[f]));
        for (int i = 0; i < read.size(); i++) {
          if (!read.get(i).isBlank()) {
            lines.add(read.get(i));
            where.add(args[f] + ":" + (i + 1));
          }
        }
      } catch (IOException e) {
        System.err.println(args[f] + ": cannot read (" + e.getMessage() + ")");
        return 2;
      }
    }
    String problem = AuditChain.verify(lines, where, Optional.ofNullable(System.getenv("AUDIT_HMAC_KEY")), !continued);
    if (problem != null) {
      System.out.println("audit trail broken at " + problem);
      return 1;
    }
    System.out.println("audit trail intact: " + lines.size() + " records");
    return 0;
  }
}
