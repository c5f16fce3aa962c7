package parley.web.testing;

import io.vertx.core.json.JsonObject;
import parley.app.AllInOne;
import parley.xmpp.testing.ProsodyServer;

/** A real Prosody with some users and an all-in-one Parley beside it, for browser tests. */
public final class ProsodyAndParley implements AutoCloseable {
  public final ProsodyServer prosody = new ProsodyServer();
  public final AllInOne.Running parley;

  /** {@code users}: name, password, name, password, … */
  public ProsodyAndParley(JsonObject config, String... users) {
    prosody.start();
    for (int i = 0; i + 1 < users.length; i += 2) {
      prosody.createUser(users[i], users[i + 1]);
    }
    parley = AllInOne.start(config).await();
  }

  public String jid(String name) {
    return name + "@" + prosody.domain();
  }

  @Override
  public void close() {
    parley.close().await();
    prosody.stop();
  }
}
