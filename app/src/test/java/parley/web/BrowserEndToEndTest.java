package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import parley.app.AllInOne;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * Two people, each in a real headless Chromium, each with an XMPP account on a real Prosody,
 * against the all-in-one Parley on a real PostgreSQL.
 */
class BrowserEndToEndTest {
  private static ProsodyAndParley stack;
  private static ProsodyServer prosody;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw", "erin", "erin-im-pw",
        "frank", "frank-im-pw");
    prosody = stack.prosody;
    parley = stack.parley;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void twoPeopleFindEachOtherAndChatAcrossAReload() {
    String aliceJid = "alice@" + prosody.domain();
    String bobJid = "bob@" + prosody.domain();
    try (Browser aliceBrowser = new Browser(); Browser bobBrowser = new Browser()) {
      ParleyPage alice = new ParleyPage(aliceBrowser, parley.webPort()).open();
      ParleyPage bob = new ParleyPage(bobBrowser, parley.webPort()).open();
      alice.signUp("alice", "alice-parley-pw");
      bob.signUp("bob", "bob-parley-pw");

      alice.addXmppAccount(aliceJid, "alice-im-pw", prosody.port());
      bob.addXmppAccount(bobJid, "bob-im-pw", prosody.port());
      alice.waitAccountState(aliceJid, "connected");
      bob.waitAccountState(bobJid, "connected");

      // They add each other; each approves the other's request.
      alice.addContact(bobJid, "Bob");
      bob.approveRequestFrom(aliceJid);
      alice.approveRequestFrom(bobJid);
      alice.waitPresence(bobJid, "available");
      bob.waitPresence(aliceJid, "available");
      alice.browser.text(alice.contactSelector(bobJid) + " .contact-account", aliceJid);

      bob.setOwnPresence("away", "at lunch");
      alice.waitPresence(bobJid, "away");
      alice.browser.text(alice.contactSelector(bobJid) + " .contact-status", "at lunch");

      // Chat both ways, with typing shown.
      alice.openChat(bobJid);
      bob.openChat(aliceJid);
      alice.type(bobJid, "Hello Bob");
      bob.waitTyping(aliceJid);
      alice.pressEnter(bobJid);
      bob.waitMessage(aliceJid, "in", "Hello Bob");
      alice.waitMessage(bobJid, "out", "Hello Bob");

      bob.type(aliceJid, "Hi <b>Alice</b>");
      alice.waitTyping(bobJid);
      bob.pressEnter(aliceJid);
      alice.waitMessage(bobJid, "in", "Hi <b>Alice</b>");

      // Alice reloads; Bob writes while her page is gone; she loses nothing and sees nothing twice.
      aliceBrowser.driver.navigate().refresh();
      bob.say(aliceJid, "Did you get this while reloading?");
      alice.browser.visible("#app-main");
      alice.waitAccountState(aliceJid, "connected");
      alice.openChat(bobJid);
      alice.waitMessage(bobJid, "in", "Did you get this while reloading?");
      assertEquals(List.of("Hello Bob", "Hi <b>Alice</b>", "Did you get this while reloading?"), alice.messageTexts(bobJid));

      // A second tab of Alice's sees what the first one sends.
      String firstTab = aliceBrowser.driver.getWindowHandle();
      aliceBrowser.driver.switchTo().newWindow(WindowType.TAB);
      ParleyPage aliceTab2 = new ParleyPage(aliceBrowser, parley.webPort()).open();
      aliceTab2.browser.visible("#app-main");
      aliceTab2.openChat(bobJid);
      aliceTab2.waitMessage(bobJid, "in", "Did you get this while reloading?");
      aliceBrowser.driver.switchTo().window(firstTab);
      alice.say(bobJid, "Sent from my first tab");
      bob.waitMessage(aliceJid, "in", "Sent from my first tab");
      aliceBrowser.driver.switchTo().window(aliceBrowser.driver.getWindowHandles().stream()
          .filter(h -> !h.equals(firstTab)).findFirst().orElseThrow());
      aliceTab2.waitMessage(bobJid, "out", "Sent from my first tab");
      // Kept under target/screenshots: what the people saw at the end.
      aliceTab2.browser.screenshot("end-to-end-alice");
      bob.browser.screenshot("end-to-end-bob");
    }
  }

  /**
   * A quick typist: three messages, each ended with Enter, typed in one go without waiting for the page's
   * answer to the one before. Each leaves the box at once; Frank gets all three, in order, once each; the
   * chat shows them once each, in order.
   */
  @Test
  void threeMessagesTypedWithoutWaitingAreSentInOrderOnce() throws Exception {
    String erinJid = "erin@" + prosody.domain();
    String frankJid = "frank@" + prosody.domain();
    try (SmackPeer frank = new SmackPeer("frank", "frank-im-pw", prosody.domain(), prosody.port());
         Browser browser = new Browser()) {
      ParleyPage erin = new ParleyPage(browser, parley.webPort()).open();
      erin.signUp("erin", "erin-parley-pw");
      erin.addXmppAccount(erinJid, "erin-im-pw", prosody.port());
      erin.waitAccountState(erinJid, "connected");
      erin.addContact(frankJid, "Frank");
      erin.openChat(frankJid);
      browser.visible(erin.chatSelector(frankJid) + " .chat-input").sendKeys("one", Keys.ENTER, "two", Keys.ENTER,
          "three", Keys.ENTER);
      List<String> got = new ArrayList<>();
      while (got.size() < 3) {
        Message m = frank.next(30);
        if (m == null) {
          break;
        }
        got.add(m.getBody());
      }
      assertEquals(List.of("one", "two", "three"), got);
      assertNull(frank.next(2), "nothing sent twice");
      erin.waitMessage(frankJid, "out", "three");
      assertEquals(List.of("one", "two", "three"), erin.messageTexts(frankJid));
      assertEquals(List.of(), erin.queuedTexts(frankJid), "none left shown as on its way");
      assertEquals("", browser.visible(erin.chatSelector(frankJid) + " .chat-input").getAttribute("value"));
    }
  }

  @Test
  void aWrongImPasswordIsShownInWords() {
    String aliceJid = "alice@" + prosody.domain();
    try (Browser browser = new Browser()) {
      ParleyPage carol = new ParleyPage(browser, parley.webPort()).open();
      carol.signUp("carol", "carol-parley-pw");
      carol.addXmppAccount(aliceJid, "not-alices-password", prosody.port());
      carol.waitAccountState(aliceJid, "failed");
      carol.browser.text(".account .account-error", "refused the username or password");
    }
  }
}
