package parley.contract.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: a socket bound to it that
 * does not listen. A port that was merely free a moment ago can be taken by another process (or an
 * outgoing connection) on a busy machine, and then a test of "the connection was refused" sees a
 * connection that opens and drops instead.
 */
public final class RefusedPort implements AutoCloseable {
  private final Socket socket = new Socket();

  public RefusedPort() {
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
