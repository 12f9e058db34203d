package io.deletiongateway.support;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A real nginx (the Debian package) as the edge in front of gateways, on a free loopback port, in the foreground. */
public final class NginxProcess implements AutoCloseable {
  public final int port;
  private final Process process;
  private final Path dir;

  private NginxProcess(int port, Process process, Path dir) {
    this.port = port;
    this.process = process;
    this.dir = dir;
  }

  /** Round-robins over {@code upstreamPorts}, setting X-Forwarded-For to the peer it saw (as docker/nginx-edge.conf does). */
  public static NginxProcess edge(List<Integer> upstreamPorts) throws Exception {
    int port = Ports.free();
    Path dir = Files.createTempDirectory("nginx");
    String servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + ";").collect(Collectors.joining("\n"));
    Files.writeString(dir.resolve("nginx.conf"), """
      pid %1$s/nginx.pid;
      error_log %1$s/error.log warn;
      worker_processes 1;
      events { worker_connections 256; }
      http {
        access_log off;
        client_body_temp_path %1$s/body;
        proxy_temp_path %1$s/proxy;
        fastcgi_temp_path %1$s/fastcgi;
        uwsgi_temp_path %1$s/uwsgi;
        scgi_temp_path %1$s/scgi;
        upstream gateways {
      %2$s
          keepalive 8;
        }
        server {
          listen 127.0.0.1:%3$d;
          location / {
            proxy_pass http://gateways;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $remote_addr;
          }
        }
      }
      """.formatted(dir, servers, port));
    Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
      "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    Conditions.await("nginx listens (or exits)", () -> !process.isAlive() || listening(port));
    if (process.isAlive()) {
      return new NginxProcess(port, process, dir);
    }
    process.destroyForcibly();
    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
      + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
