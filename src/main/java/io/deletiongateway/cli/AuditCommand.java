package io.deletiongateway.cli;

import io.deletiongateway.observability.AuditChain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit verify [--continued] FILE...}: checks that the audit files, given oldest first, form one intact chain
 * from its first record (with {@code --continued}: a later stretch of one, for when older files are gone), with the
 * HMAC key in {@code AUDIT_HMAC_KEY} when the gateway had one. Exit 0 when intact; 1 naming the first record that
 * was altered, removed, inserted or reordered; 2 for a usage error or an unreadable file.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "The audit trail.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required: verify");
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Checks that the files, oldest first, form one intact chain (AUDIT_HMAC_KEY when the gateway had one).",
    exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:intact", "1:names the first record altered, removed, inserted or moved",
      "2:usage error or unreadable file"})
  static final class Verify implements Callable<Integer> {
    @Option(names = "--continued", description = "the files are a later stretch of a chain whose start was archived")
    boolean continued;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
      List<String> lines = new ArrayList<>();
      List<String> where = new ArrayList<>();
      for (Path file : files) {
        try {
          List<String> read = Files.readAllLines(file);
          for (int i = 0; i < read.size(); i++) {
            if (!read.get(i).isBlank()) {
              lines.add(read.get(i));
              where.add(file + ":" + (i + 1));
            }
          }
        } catch (IOException e) {
          System.err.println(file + ": cannot read (" + e.getMessage() + ")");
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
}
