package parley.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A real XMPP server started by a test ({@link ProsodyServer}, {@link EjabberdServer}): loopback
 * only, a random free client port, a temporary configuration and data directory. Tests written
 * against this interface run against either server.
 *
 * <p>Without TLS the server offers no STARTTLS; with TLS it offers STARTTLS (not required) with a
 * self-signed certificate for its domain, {@link #certificate()}.
 */
public interface XmppTestServer extends AutoCloseable {

  /** Starts the server (again, after {@link #halt()}, on the same port) and waits until it accepts connections. */
  XmppTestServer start();

  /** Registers a user; works while the server runs. */
  void createUser(String name, String password);

  String domain();

  /** The address to connect to: {@code 127.0.0.1}. */
  String host();

  int port();

  default String jid(String user) {
    return user + "@" + domain();
  }

  boolean tls();

  /** The server's self-signed certificate (PEM), only with TLS. */
  Path certificate();

  /** The server's process id, e.g. for measuring its CPU time. */
  long pid();

  boolean isRunning();

  /** Stops the process but keeps port and data, for {@link #start()} again. */
  void halt();

  /** Stops and starts again on the same port: every client connection is dropped. */
  void restart();

  /** Stops the server and deletes its directory. */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /** A loopback port nobody listens on right now, e.g. to test an unreachable server. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }
}
