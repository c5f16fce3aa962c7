package parley.oscar;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.oscar.testing.OscarTestServer;

/** Node tests against one OSCAR test server per class, with a fresh node and fresh users per test. */
@ExtendWith(VertxExtension.class)
abstract class AgainstTestServer {
  static final String PASSWORD = "secret1";
  private static final AtomicInteger users = new AtomicInteger();
  static OscarTestServer server;

  NodeHarness node;

  @BeforeAll
  static void startServer() {
    server = new OscarTestServer().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  /** A fresh AIM user "<Name> <n>", so that tests do not see each other's lists; its formatted screen name. */
  static String newUser(String name) {
    String screenName = name + " " + users.incrementAndGet();
    server.addUser(screenName, PASSWORD);
    return screenName;
  }

  /** A fresh ICQ user; its number. */
  static String newUin() {
    String uin = String.valueOf(100000 + users.incrementAndGet());
    server.addUser(uin, PASSWORD);
    return uin;
  }

  /** A fresh user who is online without a client (the other person); its screen name as the node names it. */
  static String onlinePeer(String name) {
    String screenName = newUser(name);
    server.peerOnline(screenName, "", 0);
    return jid(screenName);
  }

  /** A screen name as OSCAR compares it, and as the node names contacts. */
  static String jid(String screenName) {
    return screenName.replace(" ", "").toLowerCase();
  }

  /** Signs {@code screenName} on through the node, until the server has it online too; returns the account id. */
  String signOn(String screenName) {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, jid(screenName), PASSWORD);
    server.awaitOnline(screenName);
    return account;
  }
}
