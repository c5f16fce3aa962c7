package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.MessageStatus;
import parley.contract.browser.ContactUpdatedEvent;
import parley.contract.browser.ContactView;
import parley.contract.browser.RosterEvent;
import parley.contract.testing.TestNetworks;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Contacts' avatars kept by the session with the contact, on a real PostgreSQL; the test stands
 * in for the web verticle and the XMPP node.
 */
class ContactAvatarTest {
  private static final String NODE_ID = "avatar-node";
  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

  private SessionHarness session;
  private StandInNode node;
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;

  @BeforeEach
  void deploy() throws Exception {
    node = new StandInNode(TestNetworks.XMPP, NODE_ID);
    session = SessionHarness.start(node);
    userId = session.signUp("alice");
    SessionHarness.Connected account = session.connectedAccount(userId, node, "alice@example.org",
        null);
    accountId = account.accountId();
    pushed = account.events();
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


  @Test
  void aContactsAvatarIsKeptWithItAndServedAsADataUrl() throws Exception {
    nodeEvent(NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(new JsonObject().put("jid", "bob@example.org").put("name", "Bob").put("groups", new JsonArray())
            .put("subscription", "both"))));
    assertEquals(null, RosterEvent.fromJson(nextEvent(BrowserEvent.ROSTER)).contacts().get(0).avatar());

    // Not a contact: nothing kept, nothing published.
    nodeEvent(NodeEvent.AVATAR, avatar("mallory@example.org", HASH, "image/png", "iVBORw0KGgo="));
    // A type the page could be tricked by, and a hash that is none: dropped.
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", HASH, "text/html", "PHNjcmlwdD4="));
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", "\"><img src=x>", "image/png", "iVBORw0KGgo="));
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", HASH, "image/png", "iVBORw0KGgo="));
    ContactView contact = ContactUpdatedEvent.fromJson(nextEvent(BrowserEvent.CONTACT_UPDATED)).contact();
    assertEquals("bob@example.org", contact.jid());
    assertEquals(HASH, contact.avatar(), "the first published change is the valid one");
    assertEquals(HASH, snapshotContact().avatar());

    JsonObject got = command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "bob@example.org"));
    assertEquals(HASH, got.getString("hash"));
    assertEquals("data:image/png;base64,iVBORw0KGgo=", got.getString("url"));
    assertEquals("", command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "mallory@example.org")).getString("hash"));

    nodeEvent(NodeEvent.AVATAR, new JsonObject().put("jid", "bob@example.org").put("hash", ""));
    assertEquals(null, ContactUpdatedEvent.fromJson(nextEvent(BrowserEvent.CONTACT_UPDATED)).contact().avatar());
    assertEquals("", command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "bob@example.org")).getString("hash"));
  }

  @Test
  void theOwnAvatarGoesToTheNodeWithinItsBound() throws Exception {
    String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    command(new JsonObject().put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId).put("data", png));
    assertEquals(png, nextNodeCommand(NodeCommand.SET_AVATAR).getString("data"));

    ReplyException tooLarge = assertThrows(ReplyException.class, () -> command(new JsonObject()
        .put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId)
        .put("data", Base64.getEncoder().encodeToString(new byte[Limits.MAX_OWN_AVATAR_BYTES + 1]))));
    assertEquals(FailureCode.INVALID_FIELD.code(), tooLarge.failureCode());
    assertEquals("The picture is larger than 32 KiB.", tooLarge.getMessage());
    ReplyException notBase64 = assertThrows(ReplyException.class, () -> command(new JsonObject()
        .put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId).put("data", "<svg/>")));
    assertEquals("The picture is not valid base64.", notBase64.getMessage());
  }

  private static JsonObject avatar(String jid, String hash, String type, String data) {
    return new JsonObject().put("jid", jid).put("hash", hash).put("mediaType", type).put("data", data);
  }

  private ContactView snapshotContact() {
    JsonArray contacts = command(new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state")
        .getJsonArray("contacts");
    return ContactView.fromJson(contacts.getJsonObject(0));
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    return SessionHarness.nextEvent(pushed, type);
  }
}
