package parley.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.irc.testing.InspircdServer;
import parley.irc.testing.IrcPeer;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * A Parley user in a real headless Chromium with an IRC account on a real InspIRCd, in a channel with
 * a plain IRC client (a raw socket) and in a private chat with it, against the all-in-one Parley.
 */
class IrcBrowserEndToEndTest {
  private static InspircdServer irc;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() {
    irc = new InspircdServer();
    irc.start();
    parley = AllInOne.start(WebStack.config()).await();
  }

  @AfterAll
  static void stop() {
    if (parley != null) {
      parley.close().await();
    }
    if (irc != null) {
      irc.close();
    }
  }

  @Test
  void aParleyUserTalksInAChannelAndPrivatelyWithAPlainIrcClient() {
    try (Browser browser = new Browser(); IrcPeer bob = new IrcPeer(irc.host(), irc.port(), "bob")) {
      bob.join("#parley");
      ParleyPage alice = new ParleyPage(browser, parley.webPort()).open();
      alice.signUp("alice", "alice-parley-pw");
      // The server has no services: NICKSERV is an unknown command there, and the password goes nowhere.
      alice.addIrcAccount("Alice", "unregistered", irc.port());
      alice.waitAccountState("Alice", "connected");
      alice.browser.text(".account .account-network", "IRC");

      // The channel is a group chat, joined from the page's room form; its address follows IRC's room rule.
      alice.browser.visible("#join-room-button").click();
      alice.browser.visible("#room-jid").sendKeys("bob");
      alice.browser.visible("#room-save").click();
      alice.browser.text("#room-form-error", "That is not an IRC channel name (# or & and up to 49 characters without spaces, "
          + "commas or colons).");
      alice.browser.visible("#room-jid").clear();
      alice.browser.visible("#room-jid").sendKeys("#Parley");
      alice.browser.visible("#room-save").click();
      bob.await(l -> l.contains("JOIN") && l.startsWith(":Alice!"));
      String chat = alice.chatSelector("#parley");
      alice.browser.text(chat + " .chat-subtitle", "2 in the room · you are Alice");
      alice.browser.visible(".room-entry[data-jid='#parley']");

      alice.say("#parley", "Hello channel");
      assertTrue(bob.await(l -> l.contains("PRIVMSG #parley")).endsWith(":Hello channel"));
      // Sent once the server reflected it (InspIRCd has echo-message).
      alice.browser.text(chat + " .chat-message.out[data-status='sent'] .chat-text", "Hello channel");
      bob.send("PRIVMSG #parley :Welcome, <b>Alice</b> & all");
      alice.waitMessage("#parley", "in", "Welcome, <b>Alice</b> & all");
      alice.browser.text(chat + " .chat-message.in.mention .chat-nick", "bob");

      alice.say("#parley", "/me waves");
      assertTrue(bob.await(l -> l.contains("PRIVMSG #parley")).endsWith(":\u0001ACTION waves\u0001"));

      // A private chat: bob is no contact (IRC has no contact list), he is one who wrote.
      bob.send("PRIVMSG Alice :psst, a private word");
      alice.browser.visible(".stranger-chat[data-jid='bob']").click();
      alice.waitMessage("bob", "in", "psst, a private word");
      alice.say("bob", "Private answer");
      String got = bob.await(l -> l.contains("PRIVMSG bob "));
      assertTrue(got.startsWith(":Alice!") && got.endsWith(":Private answer"), got);
      alice.browser.screenshot("irc-end-to-end");
    }
  }
}
