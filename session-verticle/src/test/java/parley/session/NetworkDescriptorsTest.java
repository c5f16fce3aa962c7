package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.NetworkDescriptor;
import parley.contract.SessionRequest;
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountView;
import parley.contract.browser.NetworksEvent;
import parley.contract.testing.TestNetworks;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.TestDatabase;

/**
 * The session learns the networks from the nodes' descriptors (real PostgreSQL, stand-in nodes):
 * an account on a network no node describes is refused in words, a network described later is
 * told to the pages and taken, and a command its descriptor lacks the capability for fails
 * NOT_SUPPORTED naming the network.
 */
@Timeout(60)
class NetworkDescriptorsTest {
  private static final String NODE_ID = "node-1";

  private Vertx vertx;
  private String userId;
  private final BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();

  /** A test tagged so runs a session whose {@code session.defaultNetwork} is OSCAR. */
  private static final String OSCAR_BY_DEFAULT = "oscarByDefault";

  @BeforeEach
  void deploy(TestInfo test) {
    vertx = Vertx.vertx();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", TestDatabase.freshDatabase()).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4));
    if (test.getTags().contains(OSCAR_BY_DEFAULT)) {
      config.getJsonObject("session").put("defaultNetwork", TestNetworks.OSCAR);
    }
    for (String network : List.of(TestNetworks.XMPP, TestNetworks.OSCAR)) {
      vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(network),
          msg -> msg.reply(new JsonObject().put("nodeId", NODE_ID))).completion().await();
    }
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> msg.reply(new JsonObject())).completion().await();
    // Only an XMPP node runs (an OSCAR node's connect address answers, but no OSCAR node described its network).
    TestNetworks.advertise(vertx, TestNetworks.XMPP);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    userId = vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
        new SignIn(SessionRequest.SIGN_UP, "alice", "correct horse", null).toJson())
        .map(m -> Identity.fromJson(m.body())).await().userId();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> pushed.add(m.body())).completion().await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private JsonObject command(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS, body,
        new DeliveryOptions().addHeader(Headers.USER_ID, userId)).await().body();
  }

  private ReplyException refusal(JsonObject body) {
    try {
      command(body);
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("not refused: " + body);
  }

  private static List<String> networkIds(JsonArray descriptors) {
    return descriptors.stream().map(d -> NetworkDescriptor.fromJson(d).network()).toList();
  }

  private static JsonObject aim() {
    return new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.OSCAR)
        .put("login", "Alice Smith").put("password", "aim-secret").put("host", "127.0.0.1").put("port", 5190);
  }

  @Test
  void anAccountOnANetworkNoNodeDescribesIsRefusedInWords() throws Exception {
    JsonObject attached = command(new JsonObject().put("type", BrowserCommand.ATTACH));
    assertEquals(List.of(TestNetworks.XMPP), networkIds(attached.getJsonObject("state").getJsonArray("networks")),
        "the page learns the networks when it attaches");

    ReplyException refused = refusal(aim());
    assertEquals(FailureCode.UNKNOWN_NETWORK.code(), refused.failureCode());
    assertEquals("No protocol node offers the network \"oscar\" right now, so Parley cannot check or connect its accounts."
        + " Networks offered: XMPP (Jabber) (xmpp).", refused.getMessage());
    ReplyException unheardOf = refusal(aim().put("network", "msn"));
    assertEquals(FailureCode.UNKNOWN_NETWORK.code(), unheardOf.failureCode());
    assertTrue(unheardOf.getMessage().startsWith("No protocol node offers the network \"msn\" right now"), unheardOf.getMessage());

    // A malformed descriptor changes nothing.
    vertx.eventBus().publish(Addresses.NETWORKS, TestNetworks.of(TestNetworks.OSCAR).toJson().put("type", NetworkDescriptor.TYPE)
        .put("capabilities", new JsonArray().add("teleport")));
    // An OSCAR node starts: its descriptor reaches the session and the attached pages.
    vertx.eventBus().publish(Addresses.NETWORKS, TestNetworks.of(TestNetworks.OSCAR).toJson().put("type", NetworkDescriptor.TYPE));
    List<NetworkDescriptor> networks = NetworksEvent.fromJson(nextEvent(BrowserEvent.NETWORKS)).networks();
    assertEquals(List.of(TestNetworks.OSCAR, TestNetworks.XMPP), networks.stream().map(NetworkDescriptor::network).toList());
    assertEquals(List.of("presenceMessages", "oneLoginAtATime", "roster", "subscriptions", "typing").stream().sorted().toList(),
        List.copyOf(new java.util.TreeSet<>(networks.get(0).capabilities())));
    String account = AccountReply.fromJson(command(aim())).account().id();
    assertNotNull(account);
  }

  @Test
  void anAccountAddWithoutNetworkIsOnTheDefaultNetwork() throws Exception {
    AccountView added = AccountReply.fromJson(command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", "alice@example.org").put("password", "xmpp-secret"))).account();
    assertEquals(TestNetworks.XMPP, added.network(), "the setting's default: " + added);
  }

  @Test
  @Tag(OSCAR_BY_DEFAULT)
  void anAccountAddWithoutNetworkIsOnTheConfiguredNetwork() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.ATTACH));
    JsonObject noNetwork = aim();
    noNetwork.remove("network");
    // Configured, but no OSCAR node runs: refused in words, as any network no node describes.
    ReplyException refused = refusal(noNetwork);
    assertEquals(FailureCode.UNKNOWN_NETWORK.code(), refused.failureCode());
    assertTrue(refused.getMessage().startsWith("No protocol node offers the network \"oscar\" right now"), refused.getMessage());

    vertx.eventBus().publish(Addresses.NETWORKS, TestNetworks.of(TestNetworks.OSCAR).toJson().put("type", NetworkDescriptor.TYPE));
    nextEvent(BrowserEvent.NETWORKS);
    AccountView added = AccountReply.fromJson(command(noNetwork)).account();
    assertEquals(TestNetworks.OSCAR, added.network(), "the configured default: " + added);
  }

  @Test
  void aRoomCommandOnAnOscarAccountFailsNotSupported() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.ATTACH));
    vertx.eventBus().publish(Addresses.NETWORKS, TestNetworks.of(TestNetworks.OSCAR).toJson().put("type", NetworkDescriptor.TYPE));
    nextEvent(BrowserEvent.NETWORKS);
    String account = AccountReply.fromJson(command(aim())).account().id();
    for (JsonObject c : List.of(
        new JsonObject().put("type", BrowserCommand.ROOM_JOIN).put("room", "lobby@conference.example.org").put("nick", "alice"),
        new JsonObject().put("type", BrowserCommand.ROOM_LEAVE).put("room", "lobby@conference.example.org"),
        new JsonObject().put("type", BrowserCommand.ROOM_INVITE).put("room", "lobby@conference.example.org").put("jid", "bobjones"),
        new JsonObject().put("type", BrowserCommand.FILE_SLOT).put("to", "bobjones").put("filename", "a.png").put("size", 10),
        new JsonObject().put("type", BrowserCommand.AVATAR_SET).put("data", "AAAA"))) {
      ReplyException refused = refusal(c.put("accountId", account));
      assertEquals(FailureCode.NOT_SUPPORTED.code(), refused.failureCode(), c.encode());
      String what = switch (c.getString("type")) {
        case BrowserCommand.ROOM_JOIN, BrowserCommand.ROOM_LEAVE, BrowserCommand.ROOM_INVITE -> "Group chats are";
        case BrowserCommand.FILE_SLOT -> "Files are";
        default -> "Setting your avatar is";
      };
      assertEquals(what + " not supported on AIM / ICQ.", refused.getMessage());
    }
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    while (true) {
      JsonObject e = pushed.poll(5, TimeUnit.SECONDS);
      assertNotNull(e, "never published " + type);
      if (type.equals(e.getString("type"))) {
        return e;
      }
    }
  }
}
