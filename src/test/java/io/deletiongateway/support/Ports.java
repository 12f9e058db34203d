package io.deletiongateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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

  /**
   * A loopback port that refuses connections for as long as this is open: bound but not listening, so no server
   * (the gateway's own reference backends on ephemeral ports included) can take it, as one could take a port that
   * {@link #free()} let go of.
   */
  public static Refusing refusing() {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return new Refusing(socket);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the bind failed: nothing held
      }
      throw new UncheckedIOException(e);
    }
  }

  /** A port held bound, refusing every connection until closed. */
  public static final class Refusing implements AutoCloseable {
    private final Socket socket;

    private Refusing(Socket socket) {
      this.socket = socket;
    }

    public int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
