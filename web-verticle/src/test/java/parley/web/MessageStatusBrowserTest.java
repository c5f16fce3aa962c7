package parley.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.testing.TestNetworks;
import parley.session.testing.StoppablePostgres;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * In headless Chromium: a sent message shows whether it went out, and why not when the IM server
 * bounced it; while the session's database is stopped the page says that messages cannot be
 * stored, and a message that arrived meanwhile appears once the database is back. The real
 * session, billing and web verticles on a PostgreSQL of the test's own (stopped and started); the
 * test stands in for the XMPP node (the real node's bounces are tested with Prosody in
 * xmpp-verticle).
 */
class MessageStatusBrowserTest {
  private static final String NODE_ID = "browser-test-node";
  private static final String BOB = "bob@localhost";
  private static final String NOBODY = "nobody@localhost";
  private static final String BOUNCE = NOBODY + " does not exist on that server.";

  private StoppablePostgres pg;
  private WebStack stack;
  private String userId;
  private String accountId;

  @BeforeEach
  void start() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "PostgreSQL refuses root; ./parley test runs the suite as an unprivileged user");
    pg = new StoppablePostgres();
    stack = new WebStack(new JsonObject().put("db", pg.dbConfig())
        .put("session", new JsonObject().put("storageRetryMs", 200).put("storageRetryMaxMs", 1000)));
    var bus = stack.vertx.eventBus();
    // The stand-in node's network, described as the real node describes it.
    TestNetworks.advertise(stack.vertx);
    bus.<JsonObject>consumer(Addresses.nodeConnect("xmpp"), msg -> {
      userId = msg.body().getString("userId");
      accountId = msg.body().getString("accountId");
      msg.reply(new JsonObject().put("nodeId", NODE_ID));
      event(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
      event(NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
          .add(new JsonObject().put("jid", BOB).put("name", "Bob").put("groups", new JsonArray()).put("subscription", "both"))
          .add(new JsonObject().put("jid", NOBODY).put("name", "Nobody").put("groups", new JsonArray()).put("subscription", "none"))));
    }).completion().await();
    bus.<JsonObject>consumer(Addresses.node(NODE_ID), msg -> {
      msg.reply(new JsonObject());
      JsonObject c = msg.body();
      if (NodeCommand.SEND_MESSAGE.equals(c.getString("type")) && NOBODY.equals(c.getString("to"))) {
        // As the IM server does for an address that does not exist: an error answering the message.
        event(NodeEvent.MESSAGE_FAILED, new JsonObject().put("messageId", c.getString("messageId")).put("to", NOBODY)
            .put("error", FailureCode.IM_ERROR.toJson(BOUNCE)));
      }
    }).completion().await();
  }

  private void event(String type, JsonObject body) {
    stack.vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type)
        .put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void statusOfSentMessagesAndTheStorageNotice() throws Exception {
    try (Browser browser = new Browser()) {
      ParleyPage alice = new ParleyPage(browser, stack.port).open();
      alice.signUp("alice", "alice-parley-pw");
      alice.addXmppAccount("alice@localhost", "alice-im-pw", 5222);
      alice.waitAccountState("alice@localhost", "connected");

      alice.openChat(BOB);
      alice.say(BOB, "hello bob");
      browser.visible(alice.chatSelector(BOB) + " .chat-message.out[data-status='sent']");
      assertFalse(browser.driver.findElement(By.cssSelector(alice.chatSelector(BOB) + " .chat-failure")).isDisplayed());

      alice.openChat(NOBODY);
      alice.say(NOBODY, "anyone there?");
      browser.text(alice.chatSelector(NOBODY) + " .chat-message.out[data-status='failed'] .chat-failure",
          "Not delivered: " + BOUNCE);
      browser.text(alice.chatSelector(NOBODY) + " .chat-message.out .chat-status", "not delivered");
      browser.screenshot("bounced-message");

      alice.openChat(BOB);
      pg.stop();
      event(NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", BOB).put("text", "sent while the database was away"));
      browser.text("#storage-notice", "The server cannot store messages right now; new messages will appear when it can.");
      browser.screenshot("storage-notice");
      pg.start();
      alice.waitMessage(BOB, "in", "sent while the database was away");
      browser.waitFor("the storage notice gone", d -> !d.findElement(By.id("storage-notice")).isDisplayed());
    }
  }
}
