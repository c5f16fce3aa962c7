package parley.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import parley.app.AllInOne;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;
import parley.yahoo.testing.YahooTestClient;
import parley.yahoo.testing.YahooTestServer;
import parley.yahoo.wire.Services;

/**
 * A Parley user in a real headless Chromium adds a Yahoo account on the YMSG test server from the
 * page the Yahoo node's descriptor built, and meets a scripted Yahoo client there: contacts,
 * presence both ways, the "added you" request answered from the page, typing and chat both ways,
 * usage metered. The all-in-one Parley on a real PostgreSQL.
 */
class YahooBrowserEndToEndTest {
  private static YahooTestServer yahoo;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() throws Exception {
    yahoo = new YahooTestServer().start();
    yahoo.addUser("alice_smith", "alice-yahoo");
    yahoo.addUser("bob_jones", "bob-yahoo");
    yahoo.addUser("carol_w", "carol-yahoo");
    yahoo.storeBuddy("alice_smith", "Work", "carol_w");
    parley = AllInOne.start(WebStack.config()).await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (parley != null) {
      parley.close().await();
    }
    if (yahoo != null) {
      yahoo.close();
    }
  }

  /** The account form as the Yahoo descriptor built it: network, Yahoo ID, password, host and port (no TLS choice). */
  private static void addYahooAccount(ParleyPage page, String id, String password, int port) {
    page.browser.visible("#add-account-button").click();
    page.browser.waitFor("the yahoo network offered", d -> !d.findElements(
        By.cssSelector("#account-network option[value='yahoo']")).isEmpty());
    new Select(page.browser.visible("#account-network")).selectByValue("yahoo");
    page.browser.visible("#account-login").sendKeys(id);
    page.browser.visible("#account-password").sendKeys(password);
    page.browser.visible("#account-host").sendKeys("127.0.0.1");
    WebElement portField = page.browser.visible("#account-port");
    portField.clear();
    portField.sendKeys(String.valueOf(port));
    page.browser.visible("#account-save").click();
  }

  @Test
  void aParleyUserChatsWithAYahooClientFromThePage() throws Exception {
    String alice = "alice_smith";
    String bob = "bob_jones";
    try (Browser browser = new Browser(); YahooTestClient bobClient = new YahooTestClient(yahoo, bob, "bob-yahoo")) {
      ParleyPage page = new ParleyPage(browser, parley.webPort()).open();
      page.signUp("alice", "alice-parley-pw");
      addYahooAccount(page, alice, "alice-yahoo", yahoo.port());
      page.waitAccountState(alice, "connected");
      page.browser.text(".account .account-network", "Yahoo");
      // The stored buddy list, with a contact who is not online.
      page.browser.visible(page.contactSelector("carol_w"));

      // Alice adds Bob; Bob's client is asked and allows it; Alice sees him online.
      page.addContact(bob, "Bob");
      bobClient.awaitRequest(alice);
      bobClient.answer(alice, true);
      page.waitPresence(bob, "available");
      bobClient.away("at lunch");
      page.waitPresence(bob, "away");
      page.browser.text(page.contactSelector(bob) + " .contact-status", "at lunch");

      // Bob adds Alice: the "added you" request is answered from the page.
      bobClient.addBuddy(alice, "Friends");
      page.approveRequestFrom(bob);
      bobClient.await(Services.AUTHORIZATION, p -> alice.equals(p.get(4)) && "1".equals(p.get(13)));

      page.openChat(bob);
      page.type(bob, "Hello Bob");
      bobClient.await(Services.NOTIFY, p -> alice.equals(p.get(4)) && "1".equals(p.get(13)));
      page.pressEnter(bob);
      bobClient.awaitMessage(alice, "Hello Bob");
      page.waitMessage(bob, "out", "Hello Bob");

      bobClient.typing(alice, true);
      page.waitTyping(bob);
      bobClient.say(alice, "Hi <b>Alice</b> & Grüße ✓");
      page.waitMessage(bob, "in", "Hi <b>Alice</b> & Grüße ✓");

      page.setOwnPresence("away", "in a meeting");
      bobClient.await(Services.IS_AWAY, p -> alice.equals(p.get(7)) && "in a meeting".equals(p.get(19)));

      page.openUsage();
      page.waitUsageCount("yahoo", "message-sent", 1);
      page.waitUsageCount("yahoo", "message-received", 1);
      page.backToChats("usage");
      page.browser.screenshot("yahoo-end-to-end-alice");
    }
  }

  @Test
  void aWrongYahooPasswordIsShownInWords() {
    try (Browser browser = new Browser()) {
      ParleyPage dave = new ParleyPage(browser, parley.webPort()).open();
      dave.signUp("dave", "dave-parley-pw");
      addYahooAccount(dave, "carol_w", "not-her-password", yahoo.port());
      dave.waitAccountState("carol_w", "failed");
      dave.browser.text(".account .account-error", "refused the Yahoo ID or password");
    }
  }
}
