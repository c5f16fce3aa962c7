package parley.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import parley.app.AllInOne;
import parley.boot.ClusterBoot;

/**
 * The all-in-one Parley in the suite's child JVM: starts it with the configuration in the file
 * given, announces the web port, runs until the suite closes standard input.
 */
public final class ParleyServer {
  static final String MARKER = "parley-web-port";

  private ParleyServer() {}

  public static void main(String[] args) throws Exception {
    ClusterBoot.routeJulToSlf4j();
    JsonObject config = new JsonObject(Files.readString(Path.of(args[0])));
    AllInOne.Running parley = AllInOne.start(config).await();
    System.out.println(MARKER + " " + parley.webPort());
    ChildJvm.awaitParentStop();
    parley.close().await();
    System.exit(0);
  }
}
