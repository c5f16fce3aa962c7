package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.openqa.selenium.WebElement;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.WebStack;

/**
 * In headless Chromium, on the all-in-one Parley with an XMPP account on a real Prosody (its MUC
 * component on): Alice joins a room from the page where Bob, a plain Smack client, already is;
 * her first nickname is taken and the page says so in words, the second works; she sees Bob's
 * message with her nickname highlighted, and her reply shows sent once the room reflected it, and
 * reaches Bob. Bob is in the room's occupant list as its moderator until he leaves.
 */
class RoomsBrowserTest {
  private static ProsodyAndParley stack;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void joinsARoomSeesAMentionAndSends() throws Exception {
    String aliceJid = stack.jid("alice");
    String room = "friday@conference." + stack.prosody.domain();
    XMPPTCPConnection bob = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(stack.prosody.domain()).setHost("127.0.0.1").setPort(stack.prosody.port())
        .setUsernameAndPassword("bob", "bob-im-pw").setSecurityMode(ConnectionConfiguration.SecurityMode.disabled).build());
    try (Browser aliceBrowser = new Browser()) {
      bob.connect().login();
      MultiUserChat muc = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(JidCreate.entityBareFrom(room));
      MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(Resourcepart.from("bob"));
      if (created != null) {
        created.makeInstant();
      }
      BlockingQueue<Message> bobSees = new LinkedBlockingQueue<>();
      muc.addMessageListener(bobSees::add);

      ParleyPage alice = new ParleyPage(aliceBrowser, stack.parley.webPort()).open();
      alice.signUp("alice", "alice-parley-pw");
      alice.addXmppAccount(aliceJid, "alice-im-pw", stack.prosody.port());
      alice.waitAccountState(aliceJid, "connected");

      alice.browser.visible("#join-room-button").click();
      alice.browser.visible("#room-jid").sendKeys(room);
      WebElement nick = alice.browser.visible("#room-nick");
      nick.clear();
      nick.sendKeys("bob");
      alice.browser.visible("#room-save").click();
      alice.browser.text("#room-form-error", "The nickname 'bob' is already taken in " + room + "; choose another.");
      alice.browser.screenshot("room-nick-taken");
      nick.clear();
      nick.sendKeys("alice");
      alice.browser.visible("#room-save").click();

      String chat = alice.chatSelector(room);
      alice.browser.text(chat + " .chat-subtitle", "2 in the room · you are alice");
      alice.browser.visible(".room-entry[data-jid='" + room + "']");
      assertEquals(java.util.List.of("alice (you) participant online", "bob moderator online"), occupants(alice, chat));

      muc.sendMessage("welcome alice, have a seat");
      alice.waitMessage(room, "in", "welcome alice, have a seat");
      alice.browser.text(chat + " .chat-message.in.mention .chat-nick", "bob");
      alice.browser.text(chat + " .chat-message.in.mention mark.mention", "alice");
      alice.browser.screenshot("room-mention");

      alice.say(room, "thanks bob");
      alice.browser.text(chat + " .chat-message.out[data-status='sent'] .chat-text", "thanks bob");
      Message got = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (got == null && System.nanoTime() < deadline) {
        Message m = bobSees.poll(1, TimeUnit.SECONDS);
        if (m != null && "thanks bob".equals(m.getBody())) {
          got = m;
        }
      }
      assertNotNull(got, "Bob got Alice's message in the room");
      assertEquals("alice", got.getFrom().getResourceOrEmpty().toString());
      alice.browser.screenshot("room-sent");

      muc.leave();
      alice.browser.text(chat + " .chat-subtitle", "1 in the room · you are alice");
      assertEquals(java.util.List.of("alice (you) participant online"), occupants(alice, chat));
    } finally {
      bob.disconnect();
    }
  }

  /** The occupant list of the room's chat as shown: nickname, role, presence, one line each. */
  private static java.util.List<String> occupants(ParleyPage page, String chat) {
    return page.browser.all(chat + " .room-occupant").stream().map(li -> li.getText().replaceAll("\\s+", " ").trim()).toList();
  }

  /**
   * A room with more messages than its join history (Prosody's mod_muc_mam keeps them): "Load older
   * messages from the server" shows the older ones from the room's own archive, before the stored
   * ones, each once, in order, with who said it.
   */
  @Test
  void olderMessagesOfARoomComeFromTheRoomsArchive() throws Exception {
    String aliceJid = stack.jid("alice");
    String room = "archived@conference." + stack.prosody.domain();
    XMPPTCPConnection bob = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(stack.prosody.domain()).setHost("127.0.0.1").setPort(stack.prosody.port())
        .setUsernameAndPassword("bob", "bob-im-pw").setSecurityMode(ConnectionConfiguration.SecurityMode.disabled).build());
    try (Browser aliceBrowser = new Browser()) {
      bob.connect().login();
      MultiUserChat muc = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(JidCreate.entityBareFrom(room));
      MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(Resourcepart.from("bob"));
      if (created != null) {
        created.makeInstant();
      }
      int sent = 26;
      for (int i = 1; i <= sent; i++) {
        muc.sendMessage("m" + i);
      }

      ParleyPage alice = new ParleyPage(aliceBrowser, stack.parley.webPort()).open();
      alice.signUp("alice2", "alice-parley-pw");
      alice.addXmppAccount(aliceJid, "alice-im-pw", stack.prosody.port());
      alice.waitAccountState(aliceJid, "connected");
      alice.browser.visible("#join-room-button").click();
      alice.browser.visible("#room-jid").sendKeys(room);
      WebElement nick = alice.browser.visible("#room-nick");
      nick.clear();
      nick.sendKeys("alice");
      alice.browser.visible("#room-save").click();
      String chat = alice.chatSelector(room);
      alice.waitMessage(room, "in", "m" + sent);

      alice.browser.text(chat + " .chat-load-older", "Load older messages from the server").click();
      alice.browser.text(chat + " .chat-message.archived .chat-text", "m1");
      alice.browser.text(chat + " .chat-message.archived .chat-nick", "bob");
      java.util.List<String> shown = alice.browser.waitFor("every message once, in order", d -> {
        java.util.List<String> texts = alice.browser.all(chat + " .chat-message .chat-text").stream()
            .map(WebElement::getText).toList();
        return texts.size() >= sent ? texts : null;
      });
      java.util.List<String> expected = new java.util.ArrayList<>();
      for (int i = 1; i <= sent; i++) {
        expected.add("m" + i);
      }
      assertEquals(expected, shown);
      alice.browser.screenshot("room-older-from-archive");
    } finally {
      bob.disconnect();
    }
  }
}
