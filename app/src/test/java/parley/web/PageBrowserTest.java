package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;

/**
 * What a new user meets on the page, in real headless Chromium against a real Prosody (which
 * offers no TLS) and the all-in-one Parley: someone not in the contact list writes, a message of
 * only blank characters, and an account that requires TLS from a server without it.
 */
class PageBrowserTest {
  private static ProsodyAndParley stack;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(),
        "sam", "sam-im-pw", "amy", "amy-im-pw", "bob", "bob-im-pw", "zed", "zed-im-pw",
        "wes", "wes-im-pw", "wes-peer", "wes-peer-pw", "tia", "tia-im-pw");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aStrangerWhoWritesIsListedFirstWithTheUnreadCount() throws Exception {
    String samJid = stack.jid("sam");
    String amyJid = stack.jid("amy");
    String bobJid = stack.jid("bob");
    String zedJid = stack.jid("zed");
    try (Browser browser = new Browser();
         SmackPeer zed = new SmackPeer("zed", "zed-im-pw", stack.prosody.domain(), stack.prosody.port())) {
      ParleyPage sam = new ParleyPage(browser, stack.parley.webPort()).open();
      sam.signUp("sam", "sam-parley-pw");
      sam.addXmppAccount(samJid, "sam-im-pw", stack.prosody.port());
      sam.waitAccountState(samJid, "connected");
      sam.addContact(amyJid, "Amy");
      sam.browser.visible(sam.contactSelector(amyJid));
      sam.addContact(bobJid, "Bob");
      sam.browser.visible(sam.contactSelector(bobJid));

      zed.send(samJid, "Hello, you do not know me yet");
      String stranger = ".stranger-chat[data-jid='" + zedJid + "']";
      sam.browser.text(stranger + " .unread-count", "1");
      assertEquals(List.of(zedJid, amyJid, bobJid), sam.contactListOrder(), "the one who wrote comes first");
      assertTrue(browser.all(stranger + " .unread-count").get(0).isDisplayed());
      assertTrue(isAbove(browser, stranger, sam.contactSelector(amyJid)), "shown above the contacts");

      // Reading it clears the count; the conversation stays where it can be seen.
      browser.visible(stranger).click();
      sam.waitMessage(zedJid, "in", "Hello, you do not know me yet");
      browser.waitFor("unread count cleared", d -> !d.findElement(By.cssSelector(stranger + " .unread-count")).isDisplayed());
      assertEquals(zedJid, sam.contactListOrder().get(0));
      browser.screenshot("page-stranger-first");
    }
  }

  @Test
  void aMessageOfOnlyBlankCharactersCannotBeSent() throws Exception {
    String wesJid = stack.jid("wes");
    String peerJid = stack.jid("wes-peer");
    try (Browser browser = new Browser();
         SmackPeer peer = new SmackPeer("wes-peer", "wes-peer-pw", stack.prosody.domain(), stack.prosody.port())) {
      ParleyPage wes = new ParleyPage(browser, stack.parley.webPort()).open();
      wes.signUp("wes", "wes-parley-pw");
      wes.addXmppAccount(wesJid, "wes-im-pw", stack.prosody.port());
      wes.waitAccountState(wesJid, "connected");
      wes.addContact(peerJid, "Peer");
      wes.openChat(peerJid);

      // Spaces, a no-break space, a zero-width space and a word joiner: nothing to read.
      wes.type(peerJid, "  \u00a0\u200b \u2060 ");
      WebElement send = browser.visible(wes.chatSelector(peerJid) + " .chat-send");
      assertFalse(send.isEnabled(), "Send is off while there is nothing to send");
      wes.pressEnter(peerJid);
      wes.waitChatError(peerJid, "Type a message first");
      assertEquals(List.of(), wes.messageTexts(peerJid), "no bubble");

      WebElement input = browser.visible(wes.chatSelector(peerJid) + " .chat-input");
      input.clear();
      wes.say(peerJid, "Now with words");
      Message first = peer.next(15);
      assertNotNull(first, "the peer received nothing");
      assertEquals("Now with words", first.getBody(), "the blank message never left Parley");
      wes.waitMessage(peerJid, "out", "Now with words");

      // Nothing blank was stored: the history after a reload has the one real message.
      browser.driver.navigate().refresh();
      browser.visible("#app-main");
      wes.openChat(peerJid);
      wes.waitMessage(peerJid, "out", "Now with words");
      assertEquals(List.of("Now with words"), wes.messageTexts(peerJid));
    }
  }

  @Test
  void requiredTlsAgainstAServerWithoutTlsSaysWhatToTry() {
    String tiaJid = stack.jid("tia");
    try (Browser browser = new Browser()) {
      ParleyPage tia = new ParleyPage(browser, stack.parley.webPort()).open();
      tia.signUp("tia", "tia-parley-pw");
      tia.addXmppAccount(tiaJid, "tia-im-pw", stack.prosody.port(), "required");
      tia.browser.text(".account .account-error", "TLS");
      tia.browser.text(".account .account-hint", "choose Encryption (TLS) \"If offered\"");
      browser.screenshot("page-tls-hint");

      // The form says the same where the choice is made, and following it works.
      browser.visible(".account .account-edit").click();
      tia.browser.text("#account-form .tls-hint", "If offered");
      browser.screenshot("page-tls-form");
      new Select(browser.visible("#account-tls")).selectByValue("if-offered");
      browser.visible("#account-save").click();
      tia.waitAccountState(tiaJid, "connected");
      browser.waitFor("hint gone once connected", d -> d.findElements(By.cssSelector(".account .account-hint")).stream()
          .noneMatch(e -> e.isDisplayed() && !e.getText().isBlank()));
    }
  }

  private static boolean isAbove(Browser browser, String upper, String lower) {
    return browser.all(upper).get(0).getLocation().getY() < browser.all(lower).get(0).getLocation().getY();
  }
}
