package parley.yahoo;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.yahoo.testing.YahooTestClient;
import parley.yahoo.testing.YahooTestServer;

/** Node tests against one YMSG test server per class, with a fresh node and fresh users per test. */
@ExtendWith(VertxExtension.class)
abstract class AgainstTestServer {
  static final String PASSWORD = "secret1";
  private static final AtomicInteger users = new AtomicInteger();
  static YahooTestServer server;

  NodeHarness node;
  private final List<YahooTestClient> peers = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = new YahooTestServer().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  @AfterEach
  void closePeers() throws IOException {
    for (YahooTestClient peer : peers) {
      peer.close();
    }
  }

  /** A fresh Yahoo ID "name_n" with {@link #PASSWORD}, so that tests do not see each other's lists. */
  static String newUser(String name) {
    String id = name + "_" + users.incrementAndGet();
    server.addUser(id, PASSWORD);
    return id;
  }

  /** The other person: a scripted client logged in as {@code id}. */
  YahooTestClient peer(String id) {
    try {
      YahooTestClient peer = new YahooTestClient(server, id, PASSWORD);
      peers.add(peer);
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs {@code id} in through the node, until the server has it online too; returns the account id. */
  String logIn(String id) {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(node.connectCommand(account, server, id, PASSWORD));
    server.awaitOnline(id);
    return account;
  }
}
