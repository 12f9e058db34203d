package io.deletiongateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The one free-port helper: a loopback port nothing listens on now, for a child process or a server to bind. */
public final class Ports {
  private Ports() {
  }

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
