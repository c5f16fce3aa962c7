package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Hazelcast configuration every process gets: the shipped file and the built-in defaults agree. */
class ClusterBootTest {

  /** A web process killed with the primary copies of sign-in sessions: the backups keep its users signed in. */
  @Test
  void signInSessionsKeepABackupOnAnotherMember() {
    Path shipped = Path.of("..", "conf", "cluster.xml");
    assertEquals(true, Files.isRegularFile(shipped), "conf/cluster.xml is missing");
    Config fromFile = ClusterBoot.hazelcastConfig(new JsonObject().put("cluster",
        new JsonObject().put("configFile", shipped.toString())));
    Config builtIn = ClusterBoot.hazelcastConfig(new JsonObject().put("cluster",
        new JsonObject().put("configFile", "no-such-file.xml")));
    for (Config c : new Config[] {fromFile, builtIn}) {
      assertEquals(1, c.getMapConfig(ClusterBoot.SIGN_IN_SESSIONS_MAP).getBackupCount());
      assertEquals(0, c.getMapConfig(ClusterBoot.SIGN_IN_SESSIONS_MAP).getAsyncBackupCount());
    }
  }
}
