package parley.session.testing;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A private PostgreSQL server that a test can stop and start again: the same data directory and
 * port each time, so clients reconnect to it as to a database server that was restarted. Not the
 * shared test server of {@link TestDatabase}, which must never be stopped. PostgreSQL refuses to
 * run as root (the tests run as an unprivileged user, see ./parley).
 */
public final class StoppablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  public StoppablePostgres() throws IOException {
    dataDir = Files.createTempDirectory("parley-stoppable-pg");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    start();
  }

  /** The {@code db} configuration section pointing at this server. */
  public JsonObject dbConfig() {
    return new JsonObject().put("url", "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres");
  }

  public synchronized void start() throws IOException {
    if (server == null) {
      // Never "clean": that would delete the data directory at stop.
      server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }
  }

  public synchronized void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
      try (var files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
