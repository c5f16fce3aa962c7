package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * In headless Chromium, two people on the all-in-one Parley with XMPP accounts on a real Prosody
 * (carbons on): a message shows sent, then delivered (the other Parley answers the receipt), then
 * read once the other person opens the chat (a displayed marker); a correction and a retraction
 * show on both sides; and what Alice sends from her phone (a plain Smack client of her account)
 * shows in her Parley as her own.
 */
class ReceiptsBrowserTest {
  private static ProsodyAndParley stack;
  private static ProsodyServer prosody;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw");
    prosody = stack.prosody;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void sentThenDeliveredThenReadAndThePhonesMessagesAsOwn() throws Exception {
    String aliceJid = stack.jid("alice");
    String bobJid = stack.jid("bob");
    try (Browser aliceBrowser = new Browser(); Browser bobBrowser = new Browser()) {
      ParleyPage alice = new ParleyPage(aliceBrowser, stack.parley.webPort()).open();
      ParleyPage bob = new ParleyPage(bobBrowser, stack.parley.webPort()).open();
      alice.signUp("alice", "alice-parley-pw");
      bob.signUp("bob", "bob-parley-pw");
      alice.addXmppAccount(aliceJid, "alice-im-pw", prosody.port());
      bob.addXmppAccount(bobJid, "bob-im-pw", prosody.port());
      alice.waitAccountState(aliceJid, "connected");
      bob.waitAccountState(bobJid, "connected");
      // Receipts and markers go only to contacts who may see one's presence.
      alice.addContact(bobJid, "Bob");
      bob.approveRequestFrom(aliceJid);
      alice.approveRequestFrom(bobJid);
      alice.waitPresence(bobJid, "available");
      bob.waitPresence(aliceJid, "available");

      alice.openChat(bobJid);
      alice.say(bobJid, "Did it arrive?");
      String out = alice.chatSelector(bobJid) + " .chat-message.out";
      alice.browser.text(out + "[data-status='delivered'] .chat-status", "delivered");
      alice.browser.screenshot("receipt-delivered");

      bob.openChat(aliceJid);
      bob.waitMessage(aliceJid, "in", "Did it arrive?");
      alice.browser.text(out + "[data-status='read'] .chat-status", "read");
      alice.browser.screenshot("receipt-read");

      // Alice corrects her last message; Bob sees the new text, marked edited (XEP-0308).
      alice.browser.visible(out + " .chat-edit").click();
      WebElement input = alice.browser.visible(alice.chatSelector(bobJid) + " .chat-input.editing");
      input.clear();
      alice.say(bobJid, "Did it arrive at all?");
      alice.browser.text(out + " .chat-edited", "edited");
      bob.waitMessage(aliceJid, "in", "Did it arrive at all?");
      bob.browser.text(bob.chatSelector(aliceJid) + " .chat-message.in .chat-edited", "edited");
      assertEquals(List.of("Did it arrive at all?"), bob.messageTexts(aliceJid));

      // And takes it back (XEP-0424): gone on both sides.
      alice.browser.visible(out + " .chat-retract").click();
      aliceBrowser.driver.switchTo().alert().accept();
      alice.browser.text(out + "[data-removed='true'] .chat-text", "You removed this message.");
      bob.browser.text(bob.chatSelector(aliceJid) + " .chat-message.in[data-removed='true'] .chat-text",
          "This message was removed by its sender.");
      bob.browser.screenshot("retracted-for-bob");

      try (SmackPeer phone = new SmackPeer("alice", "alice-im-pw", prosody.domain(), prosody.port())) {
        phone.send(bobJid, "Sent from my phone");
        alice.waitMessage(bobJid, "out", "Sent from my phone");
        bob.waitMessage(aliceJid, "in", "Sent from my phone");
      }
      alice.browser.screenshot("carbon-from-phone");
    }
  }
}
