package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import parley.app.AllInOne;
import parley.msn.testing.MsnPeer;
import parley.msn.testing.MsnTestServer;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * A Parley user in a real headless Chromium adds an MSN account on the MSN test server and chats
 * with scripted MSN clients there, against the all-in-one Parley on a real PostgreSQL. The page
 * offers MSN only because the MSN node describes it.
 */
class MsnBrowserEndToEndTest {
  static final String ALICE = "alice@hotmail.com";
  static final String BOB = "bob@hotmail.com";
  static final String CAROL = "carol@msn.com";

  private static MsnTestServer msn;
  private static Vertx peers;
  private static AllInOne.Running parley;

  @BeforeAll
  static void start() throws Exception {
    msn = new MsnTestServer().start();
    msn.addUser(ALICE, "alice-msn");
    msn.addUser(BOB, "bob-msn");
    msn.addUser(CAROL, "carol-msn");
    msn.setFriendlyName(BOB, "Bob Brown");
    msn.storeContact(ALICE, BOB, "Friends");
    msn.storeContact(BOB, ALICE, null);
    peers = Vertx.vertx();
    parley = AllInOne.start(WebStack.config().put("msn", new JsonObject().put("loginUrl", msn.loginUrl())
        .put("reconnectMinSeconds", 1).put("reconnectMaxSeconds", 2))).await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (parley != null) {
      parley.close().await();
    }
    if (peers != null) {
      peers.close().await();
    }
    if (msn != null) {
      msn.close();
    }
  }

  /** The page's account form, as the person fills it in for MSN. */
  private static void addMsnAccount(ParleyPage page, String email, String password) {
    page.browser.visible("#add-account-button").click();
    page.browser.waitFor("MSN offered", d -> !d.findElements(By.cssSelector("#account-network option[value='msn']")).isEmpty());
    new Select(page.browser.visible("#account-network")).selectByValue("msn");
    page.browser.visible("#account-login").sendKeys(email);
    page.browser.visible("#account-password").sendKeys(password);
    page.browser.visible("#account-host").sendKeys("127.0.0.1");
    WebElement port = page.browser.visible("#account-port");
    port.clear();
    port.sendKeys(String.valueOf(msn.port()));
    page.browser.visible("#account-save").click();
  }

  @Test
  void aParleyUserChatsWithMsnPeersFromTheBrowser() {
    try (MsnPeer bob = MsnPeer.signIn(peers, msn, BOB, "bob-msn"); Browser browser = new Browser()) {
      ParleyPage alice = new ParleyPage(browser, parley.webPort()).open();
      alice.signUp("alice", "alice-parley-pw");
      addMsnAccount(alice, ALICE, "alice-msn");
      alice.waitAccountState(ALICE, "connected");
      alice.browser.text(".account .account-network", "MSN");

      // The contact list from the server, with Bob's friendly name and presence.
      alice.waitPresence(BOB, "available");
      alice.browser.text(alice.contactSelector(BOB) + " .contact-name", "Bob Brown");
      bob.setStatus("BSY");
      alice.waitPresence(BOB, "dnd");
      bob.setStatus("NLN");
      alice.waitPresence(BOB, "available");

      alice.openChat(BOB);
      alice.type(BOB, "Hello Bob");
      alice.pressEnter(BOB);
      assertEquals("Hello Bob", bob.awaitMessage(ALICE));
      alice.waitMessage(BOB, "out", "Hello Bob");

      bob.typing(ALICE);
      alice.waitTyping(BOB);
      bob.say(ALICE, "Hi <b>Alice</b> & Grüße ✓");
      alice.waitMessage(BOB, "in", "Hi <b>Alice</b> & Grüße ✓");

      // Metered like every network: one message each way on msn.
      alice.openUsage();
      alice.waitUsageCount("msn", "message-sent", 1);
      alice.waitUsageCount("msn", "message-received", 1);
      alice.backToChats("usage");

      // Someone adds Alice on MSN: the page asks her, and her answer goes on her allow list.
      try (MsnPeer carol = MsnPeer.signIn(peers, msn, CAROL, "carol-msn")) {
        carol.addContact(ALICE);
        alice.approveRequestFrom(CAROL);
        alice.browser.waitFor("Carol allowed", d -> msn.onList(ALICE, CAROL, "AL"));
        assertTrue(msn.onList(ALICE, CAROL, "AL"));
      }
      alice.browser.screenshot("msn-end-to-end-alice");
    }
  }

  @Test
  void aWrongMsnPasswordIsShownInWords() {
    try (Browser browser = new Browser()) {
      ParleyPage dave = new ParleyPage(browser, parley.webPort()).open();
      dave.signUp("dave", "dave-parley-pw");
      addMsnAccount(dave, ALICE, "not-her-password");
      dave.waitAccountState(ALICE, "failed");
      dave.browser.text(".account .account-error", "refused the e-mail address or password");
    }
  }
}
