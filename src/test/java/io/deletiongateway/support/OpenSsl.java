package io.deletiongateway.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code openssl} (installed by .ci/run): s_client handshakes with chosen protocols and ciphers, s_server as a control. */
public final class OpenSsl {
  private OpenSsl() {
  }

  /** Whether {@code openssl s_client} completes a handshake with 127.0.0.1:port using these options. */
  public static boolean handshakes(int port, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost"));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();  // no input: the client ends after the handshake
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("openssl s_client did not finish");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.exitValue() == 0 && output.contains("Cipher is ") && !output.contains("Cipher is (NONE)");
  }

  /** An {@code openssl s_server} on a free port accepting the given options: the control that the client can do them. */
  public static Process server(int port, Path certificate, Path key, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", certificate.toString(),
      "-key", key.toString(), "-naccept", "1000"));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Conditions.await("openssl s_server listening on " + port, () -> {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (java.io.IOException notYet) {
        return false;
      }
    });
    return process;
  }
}
