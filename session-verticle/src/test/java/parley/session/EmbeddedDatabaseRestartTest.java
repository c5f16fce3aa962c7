package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** The all-in-one default: an embedded PostgreSQL whose data survives a restart. */
class EmbeddedDatabaseRestartTest {
  @Test
  void dataSurvivesARestart() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "PostgreSQL refuses root; ./parley test runs the suite as an unprivileged user");
    Path dir = Files.createTempDirectory("parley-embedded");
    JsonObject db = new JsonObject().put("embeddedDataDir", dir.resolve("postgres").toString());
    Vertx vertx = Vertx.vertx();
    try {
      Database first = Database.open(vertx, db).await();
      new UserStore(first.pool(), () -> { }).create("survivor", "hash").await();
      first.close(vertx).await();

      Database second = Database.open(vertx, db).await();
      assertEquals("survivor", new UserStore(second.pool(), () -> { }).findByName("survivor").await().username());
      second.close(vertx).await();
    } finally {
      vertx.close().await();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
