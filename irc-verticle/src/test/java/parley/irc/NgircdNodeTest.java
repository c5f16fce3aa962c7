package parley.irc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import parley.irc.testing.IrcServerProcess;
import parley.irc.testing.NgircdServer;

/** Against Debian's ngIRCd: plain IRC, CAP with nothing Parley asks for. */
class NgircdNodeTest extends AgainstRealServer {
  static NgircdServer server;

  @BeforeAll
  static void startServer() {
    server = new NgircdServer();
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  IrcServerProcess server() {
    return server;
  }
}
