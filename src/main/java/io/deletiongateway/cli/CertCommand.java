package io.deletiongateway.cli;

import io.deletiongateway.tls.Certificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cert dev DIR}: a self-signed development certificate for the TLS listener (localhost and the loopback
 * addresses, P-256, 30 days): DIR/gateway.crt and DIR/gateway.key (readable by its owner only). Not for production.
 */
@Command(name = "cert", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "TLS certificates.", subcommands = CertCommand.Dev.class)
final class CertCommand implements Runnable {
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required: dev");
  }

  @Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Writes a self-signed development certificate and key: DIR/gateway.crt, DIR/gateway.key.",
    exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:written", "1:DIR could not be written", "2:usage error"})
  static final class Dev implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "where to write gateway.crt and gateway.key (created if missing)")
    Path directory;

    @Option(names = "--name", description = "DNS names the certificate is for (default: localhost)", split = ",")
    List<String> names = List.of("localhost");

    @Option(names = "--days", description = "validity in days (default: 30)")
    int days = 30;

    @Override
    public Integer call() {
      Certificates.Issued issued = Certificates.selfSigned(names, Duration.ofDays(days));
      try {
        Files.createDirectories(directory);
        Path key = directory.resolve("gateway.key");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, issued.keyPem());
        Files.writeString(directory.resolve("gateway.crt"), issued.certificatePem());
      } catch (IOException | UnsupportedOperationException e) {
        System.err.println(directory + ": cannot write (" + e.getMessage() + ")");
        return 1;
      }
      System.out.println("wrote " + directory.resolve("gateway.crt") + " and " + directory.resolve("gateway.key")
        + " (self-signed for " + String.join(", ", names) + ", 127.0.0.1 and ::1; " + days + " days)");
      return 0;
    }
  }
}
