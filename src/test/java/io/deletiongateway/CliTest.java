package io.deletiongateway;

import io.deletiongateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, as its own JVM: --help and --version on every command, documented exit codes. */
class CliTest {
  static final List<List<String>> COMMANDS = List.of(List.of(), List.of("serve"), List.of("check"), List.of("token"),
    List.of("token", "create"), List.of("reference-backends"), List.of("audit"), List.of("audit", "verify"));

  static GatewayProcess.CliResult run(List<String> command, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(command);
    args.addAll(List.of(more));
    return GatewayProcess.cli(Map.of(), args.toArray(String[]::new));
  }

  @Test
  void helpAndVersionOnEveryCommandExitZero() throws Exception {
    for (List<String> command : COMMANDS) {
      GatewayProcess.CliResult help = run(command, "--help");
      assertEquals(0, help.exit(), command + " --help: " + help.output());
      assertTrue(help.output().startsWith("Usage: deletion-gateway"), help.output());
      GatewayProcess.CliResult version = run(command, "--version");
      assertEquals(0, version.exit(), command + " --version: " + version.output());
      assertTrue(version.output().matches("(?s)deletion-gateway \\d+\\.\\d+\\.\\d+.*"), version.output());
    }
  }

  @Test
  void exitCodesSayWhatHappened() throws Exception {
    assertEquals(0, run(List.of("check")).exit(), "the shipped config is valid");
    assertEquals(1, run(List.of("check", "no/such.yaml")).exit(), "an unreadable config");
    assertEquals(2, run(List.of("nonsense")).exit(), "an unknown command");
    assertEquals(2, run(List.of()).exit(), "no command");
    assertEquals(2, run(List.of("reference-backends", "x")).exit(), "a malformed port");
    assertEquals(2, run(List.of("token", "create", "--id", "ok")).exit(), "a missing required option");
    GatewayProcess.CliResult minted = run(List.of("token", "create", "--id", "ci-1", "--organization", "org_5xk2n8qvd3"));
    assertEquals(0, minted.exit(), minted.output());
    assertTrue(minted.output().contains("dgt_ci-1_"), minted.output());
  }
}
