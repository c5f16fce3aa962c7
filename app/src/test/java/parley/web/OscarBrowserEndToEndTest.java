package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.oscar.testing.OscarTestServer;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * Two people, each in a real headless Chromium, each with an AIM screen name on the OSCAR test
 * server, against the all-in-one Parley on a real PostgreSQL.
 */
class OscarBrowserEndToEndTest {
  private static OscarTestServer aim;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() throws Exception {
    aim = new OscarTestServer().start();
    aim.addUser("Alice Smith", "alice-aim");
    aim.addUser("Bob Jones", "bob-aim");
    parley = AllInOne.start(WebStack.config()).await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (parley != null) {
      parley.close().await();
    }
    if (aim != null) {
      aim.close();
    }
  }

  @Test
  void twoPeopleChatOverAimFromTheBrowserWithHistory() {
    // OSCAR compares screen names in lower case without spaces; the page shows them that way.
    String alice = "alicesmith";
    String bob = "bobjones";
    try (Browser aliceBrowser = new Browser(); Browser bobBrowser = new Browser()) {
      ParleyPage alicePage = new ParleyPage(aliceBrowser, parley.webPort()).open();
      ParleyPage bobPage = new ParleyPage(bobBrowser, parley.webPort()).open();
      alicePage.signUp("alice", "alice-parley-pw");
      bobPage.signUp("bob", "bob-parley-pw");

      alicePage.addOscarAccount("Alice Smith", "alice-aim", aim.port());
      bobPage.addOscarAccount("Bob Jones", "bob-aim", aim.port());
      alicePage.waitAccountState(alice, "connected");
      bobPage.waitAccountState(bob, "connected");
      alicePage.browser.text(".account .account-network", "AIM");

      alicePage.addContact("Bob Jones", "Bob");
      bobPage.addContact("Alice Smith", "Alice");
      alicePage.waitPresence(bob, "available");
      bobPage.waitPresence(alice, "available");
      alicePage.browser.text(alicePage.contactSelector(bob) + " .contact-network", "AIM");
      alicePage.browser.text(alicePage.contactSelector(bob) + " .contact-name", "Bob");

      bobPage.setOwnPresence("away", "at lunch");
      alicePage.waitPresence(bob, "away");
      alicePage.browser.text(alicePage.contactSelector(bob) + " .contact-status", "at lunch");

      alicePage.openChat(bob);
      bobPage.openChat(alice);
      alicePage.type(bob, "Hello Bob");
      bobPage.waitTyping(alice);
      alicePage.pressEnter(bob);
      bobPage.waitMessage(alice, "in", "Hello Bob");
      alicePage.waitMessage(bob, "out", "Hello Bob");

      bobPage.say(alice, "Hi <b>Alice</b> & Grüße ✓");
      alicePage.waitMessage(bob, "in", "Hi <b>Alice</b> & Grüße ✓");

      // History: after a reload the chat is still there, in order, nothing twice.
      aliceBrowser.driver.navigate().refresh();
      alicePage.browser.visible("#app-main");
      alicePage.waitAccountState(alice, "connected");
      alicePage.openChat(bob);
      alicePage.waitMessage(bob, "in", "Hi <b>Alice</b> & Grüße ✓");
      assertEquals(List.of("Hello Bob", "Hi <b>Alice</b> & Grüße ✓"), alicePage.messageTexts(bob));

      // The AIM server limits Alice's messages: the next one waits, the page says so, nothing is lost.
      aim.rateLimit("Alice Smith");
      // Bob's typing reaching Alice's page shows her connection has read the server's rate notice.
      bobPage.type(alice, "…");
      alicePage.waitTyping(bob);
      alicePage.recordChatNotices(bob);
      alicePage.say(bob, "Held back, not lost");
      bobPage.waitMessage(alice, "in", "Held back, not lost");
      alicePage.waitMessage(bob, "out", "Held back, not lost");
      List<String> notices = alicePage.chatNoticesSeen();
      assertTrue(notices.stream().anyMatch(n -> n.contains("holding messages back")), "notices seen: " + notices);
      alicePage.browser.waitFor("the held-back notice cleared",
          d -> d.findElement(org.openqa.selenium.By.cssSelector(alicePage.chatSelector(bob) + " .chat-error")).getText().isEmpty());
      alicePage.browser.screenshot("oscar-end-to-end-alice");
      bobPage.browser.screenshot("oscar-end-to-end-bob");
    }
  }

  @Test
  void aWrongAimPasswordIsShownInWords() {
    try (Browser browser = new Browser()) {
      ParleyPage carol = new ParleyPage(browser, parley.webPort()).open();
      carol.signUp("carol", "carol-parley-pw");
      carol.addOscarAccount("Alice Smith", "not-her-password", aim.port());
      carol.waitAccountState("alicesmith", "failed");
      carol.browser.text(".account .account-error", "refused the screen name or password");
    }
  }
}
