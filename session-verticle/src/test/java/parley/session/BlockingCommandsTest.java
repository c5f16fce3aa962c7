package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.MessageStatus;
import parley.contract.browser.AccountReply;
import parley.contract.browser.AccountStateEvent;
import parley.contract.browser.AccountView;
import parley.contract.testing.TestNetworks;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Blocking (XEP-0191) and the server's features through the session, on a real PostgreSQL; the
 * test stands in for the web verticle and the XMPP node.
 */
class BlockingCommandsTest {
  private static final String NODE_ID = "blocking-node";

  private SessionHarness session;
  private StandInNode node;
  private BlockingQueue<JsonObject> nodeCommands;
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;
  private JsonObject connectedState;

  @BeforeEach
  void deploy() throws Exception {
    node = new StandInNode(TestNetworks.XMPP, NODE_ID);
    session = SessionHarness.start(node);
    nodeCommands = node.commands;
    userId = session.signUp("alice");
    SessionHarness.Connected account = session.connectedAccount(userId, node, "alice@example.org",
        new JsonArray().add("carbons").add("blocking"));
    accountId = account.accountId();
    pushed = account.events();
    connectedState = account.state();
  }

  @AfterEach
  void close() {
    session.close();
  }

  private JsonObject command(JsonObject body) {
    return session.command(userId, body);
  }

  private void nodeEvent(String type, JsonObject body) {
    session.nodeEvent(NODE_ID, userId, accountId, type, body);
  }

  private JsonObject nextNodeCommand(String type) throws InterruptedException {
    return node.next(type);
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    return SessionHarness.nextEvent(pushed, type);
  }

  private ReplyException refusal(JsonObject body) {
    return session.refusal(userId, body);
  }

  private AccountView accountInSnapshot() {
    JsonObject attached = command(new JsonObject().put("type", BrowserCommand.ATTACH));
    return attached.getJsonObject("state").getJsonArray("accounts").stream().map(a -> AccountView.fromJson((JsonObject) a))
        .filter(a -> accountId.equals(a.id())).findFirst().orElseThrow();
  }

  @Test
  void theServersFeaturesReachThePage() {
    assertEquals(List.of("carbons", "blocking"), AccountStateEvent.fromJson(connectedState).features());
    assertEquals(List.of("carbons", "blocking"), accountInSnapshot().features());
  }

  @Test
  void theUploadLimitReachesThePageWithTheFeaturesOfTheSameLogin() throws Exception {
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons").add("upload")).put("uploadMaxBytes", 4096));
    AccountStateEvent state = AccountStateEvent.fromJson(nextEvent(BrowserEvent.ACCOUNT_STATE));
    assertEquals(List.of("carbons", "upload"), state.features());
    assertEquals(4096L, state.uploadMaxBytes());
    assertEquals(4096L, accountInSnapshot().uploadMaxBytes());

    // The next login's server names no limit (or has no upload service): none is kept from before.
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons")));
    assertNull(AccountStateEvent.fromJson(nextEvent(BrowserEvent.ACCOUNT_STATE)).uploadMaxBytes());
    assertNull(accountInSnapshot().uploadMaxBytes());
  }

  @Test
  void blockAndUnblockGoToTheNodeAndTheBlocklistToThePage() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId).put("jid", "Mallory@Example.org"));
    JsonObject block = nextNodeCommand(NodeCommand.BLOCK);
    assertEquals("mallory@example.org", block.getString("jid"));
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray().add("mallory@example.org")));
    JsonObject list = nextEvent(BrowserEvent.BLOCKLIST);
    assertEquals(accountId, list.getString("accountId"));
    assertEquals(new JsonArray().add("mallory@example.org"), list.getJsonArray("blocked"));
    assertEquals(List.of("mallory@example.org"), accountInSnapshot().blocked());

    command(new JsonObject().put("type", BrowserCommand.CONTACT_UNBLOCK).put("accountId", accountId).put("jid", "mallory@example.org"));
    assertEquals("mallory@example.org", nextNodeCommand(NodeCommand.UNBLOCK).getString("jid"));
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray()));
    assertEquals(new JsonArray(), nextEvent(BrowserEvent.BLOCKLIST).getJsonArray("blocked"));
  }

  @Test
  void aServerWithoutBlockingIsNotAskedAndTheRefusalSaysWhy() throws Exception {
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray().add("mallory@example.org")));
    nextEvent(BrowserEvent.BLOCKLIST);
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons")));
    // A server without blocking blocks no one.
    assertEquals(new JsonArray(), nextEvent(BrowserEvent.BLOCKLIST).getJsonArray("blocked"));
    assertEquals(List.of("carbons"), AccountStateEvent.fromJson(nextEvent(BrowserEvent.ACCOUNT_STATE)).features());
    nodeCommands.clear();
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId)
        .put("jid", "mallory@example.org"));
    assertEquals(FailureCode.IM_ERROR.code(), r.failureCode());
    assertEquals("alice@example.org's server does not support blocking.", r.getMessage());
    assertNull(nodeCommands.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  void aimAndIcqRefuseBlockingInWords() {
    String aim = AccountReply.fromJson(command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.OSCAR)
        .put("login", "alice smith").put("password", "aim-secret").put("host", "127.0.0.1").put("port", 5190))).account().id();
    for (String type : List.of(BrowserCommand.CONTACT_BLOCK, BrowserCommand.CONTACT_UNBLOCK)) {
      ReplyException r = refusal(new JsonObject().put("type", type).put("accountId", aim).put("jid", "bob smith"));
      // The OSCAR descriptor lists no blocking capability.
      assertEquals(FailureCode.NOT_SUPPORTED.code(), r.failureCode());
      assertEquals("Blocking is not supported on AIM / ICQ.", r.getMessage());
    }
  }

  @Test
  void aBadAddressIsRefusedInWords() {
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId)
        .put("jid", "not an address"));
    assertEquals(FailureCode.INVALID_JID.code(), r.failureCode());
  }
}
