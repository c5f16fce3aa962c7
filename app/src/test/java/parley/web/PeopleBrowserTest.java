package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.browser.AccountReply;
import parley.oscar.testing.OscarTestServer;
import parley.web.testing.Browser;
import parley.web.testing.BridgeUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.PeoplePage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;

/**
 * One person across an XMPP and an AIM account, in real headless Chromium, against the all-in-one
 * Parley with a real Prosody and the OSCAR test server: Parley suggests Bob on both networks,
 * Alice merges him from the page, his messages from both networks come in one timeline marked by
 * network, her reply goes through the network he was last active on (the page says which) or the one
 * she picks, the person is still there after a reload, and she takes the AIM contact out again.
 */
@Timeout(300)
class PeopleBrowserTest {
  private static ProsodyAndParley stack;
  private static OscarTestServer aim;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    aim = new OscarTestServer().start();
    aim.addUser("Alice Smith", "alice-aim");
    aim.addUser("Bob Jones", "bob-aim");
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (stack != null) {
      stack.close();
    }
    if (aim != null) {
      aim.close();
    }
  }

  @Test
  void mergeFromThePageOneTimelineAcrossXmppAndAimReplyViaLastActiveThenSplit() throws Exception {
    String aliceJid = stack.jid("alice");
    String bobJid = stack.jid("bob");
    int port = stack.parley.webPort();
    try (SmackPeer bobOnXmpp = new SmackPeer("bob", "bob-im-pw", stack.prosody.domain(), stack.prosody.port());
         BridgeUser bobOnAim = BridgeUser.signUp(vertx, port, "bob");
         Browser browser = new Browser()) {
      // Bob's AIM side: a Parley user of his own with his screen name.
      String bobAim = AccountReply.fromJson(bobOnAim.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "oscar")
          .put("login", "Bob Jones").put("password", "bob-aim").put("host", "127.0.0.1").put("port", aim.port()))).account().id();
      bobOnAim.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> "connected".equals(e.getString("state")), 30_000);

      ParleyPage alice = new ParleyPage(browser, port).open();
      alice.signUp("alice", "alice-parley-pw");
      alice.addXmppAccount(aliceJid, "alice-im-pw", stack.prosody.port());
      alice.waitAccountState(aliceJid, "connected");
      alice.addOscarAccount("Alice Smith", "alice-aim", aim.port());
      alice.waitAccountState("alicesmith", "connected");
      alice.addContact(bobJid, "Bob");
      alice.browser.visible(alice.contactSelector(bobJid));
      // On the AIM account: picked in the form (the XMPP account comes first).
      PeoplePage people = new PeoplePage(alice);
      people.addContactOn("alicesmith", "Bob Jones", "Bob");
      alice.browser.visible(alice.contactSelector("bobjones"));

      // Parley suggests, and merges only when Alice says so.
      WebElement suggestion = people.suggestion("Bob and Bob may be one person (");
      assertTrue(alice.browser.all(".person-entry").isEmpty(), "nothing merged before Alice merges");
      WebElement person = people.merge(suggestion);
      assertEquals(List.of("XMPP", "AIM"), person.findElements(By.cssSelector(".person-network")).stream()
          .map(WebElement::getText).toList());
      alice.browser.waitFor("Bob listed once", d -> d.findElements(By.cssSelector(alice.contactSelector(bobJid))).isEmpty()
          && d.findElements(By.cssSelector(alice.contactSelector("bobjones"))).isEmpty() ? true : null);
      String personId = person.getAttribute("data-person-id");

      // Bob writes on XMPP, then on AIM: one timeline, each marked with its network.
      people.open(person);
      bobOnXmpp.send(aliceJid, "Hello from XMPP");
      alice.browser.text(".person-chat .chat-message.in[data-network='xmpp'] .chat-text", "Hello from XMPP");
      bobOnAim.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", bobAim)
          .put("to", "alicesmith").put("text", "Hello from AIM"));
      alice.browser.text(".person-chat .chat-message.in[data-network='oscar'] .chat-text", "Hello from AIM");
      assertEquals(List.of("Hello from XMPP", "Hello from AIM"), timeline(alice));
      assertEquals(List.of("XMPP", "AIM"), alice.browser.all(".person-chat .chat-message .message-network").stream()
          .map(WebElement::getText).toList());

      // The page says the reply goes through AIM, where Bob was last active; and it does.
      WebElement via = alice.browser.text(".person-chat .person-via", "the network Bob was last active on");
      assertEquals("oscar", via.getAttribute("data-network"));
      assertTrue(via.getText().startsWith("Replies go through AIM (bobjones"), via.getText());
      people.send("Answer on AIM");
      JsonObject got = bobOnAim.waitEvent(BrowserEvent.MESSAGE, e -> "in".equals(e.getJsonObject("message").getString("direction")),
          30_000).getJsonObject("message");
      assertEquals("Answer on AIM", got.getString("text"));
      alice.browser.text(".person-chat .chat-message.out[data-network='oscar'] .chat-text", "Answer on AIM");

      // Bob is back on XMPP: the next reply goes there.
      bobOnXmpp.send(aliceJid, "Back on XMPP");
      alice.browser.text(".person-chat .chat-message.in[data-network='xmpp'] .chat-text", "Back on XMPP");
      via = alice.browser.text(".person-chat .person-via", "Replies go through XMPP (" + bobJid);
      assertEquals("xmpp", via.getAttribute("data-network"));
      people.send("Answer on XMPP");
      Message reply = bobOnXmpp.next(30);
      assertEquals("Answer on XMPP", reply == null ? null : reply.getBody());
      // As Alice sees it: her message in the conversation once the page has the answer.
      alice.browser.text(".person-chat .chat-message.out[data-network='xmpp'] .chat-text", "Answer on XMPP");
      assertEquals(List.of("Hello from XMPP", "Hello from AIM", "Answer on AIM", "Back on XMPP", "Answer on XMPP"), timeline(alice));
      alice.browser.screenshot("people-merged-timeline");

      // Alice picks AIM herself: the page says so, and the reply goes there.
      new Select(alice.browser.visible(".person-chat .person-via-pick")).selectByVisibleText("AIM: bobjones");
      via = alice.browser.text(".person-chat .person-via", "as you picked");
      assertEquals("oscar", via.getAttribute("data-network"));
      people.send("Picked AIM");
      got = bobOnAim.waitEvent(BrowserEvent.MESSAGE, e -> "in".equals(e.getJsonObject("message").getString("direction")),
          30_000).getJsonObject("message");
      assertEquals("Picked AIM", got.getString("text"));

      // Kept on the server: after a reload (as on another device) Bob is still one person.
      browser.driver.navigate().refresh();
      alice.browser.visible("#app-main");
      alice.browser.visible(".person-entry[data-person-id='" + personId + "']").click();
      alice.browser.text(".person-chat .chat-message.out[data-network='oscar'] .chat-text", "Picked AIM");
      assertEquals(List.of("Hello from XMPP", "Hello from AIM", "Answer on AIM", "Back on XMPP", "Answer on XMPP", "Picked AIM"),
          timeline(alice));

      // As in a chat: Bob writes while Alice is elsewhere; opening him shows "New messages" before it, under
      // the day's line, and the http(s) address in it is a link (javascript: never is).
      alice.browser.visible(".person-chat .chat-close").click();
      String target = "http://127.0.0.1:" + port + "/?from=bob";
      String withLink = "look at " + target + " not javascript:alert(1)";
      bobOnXmpp.send(aliceJid, withLink);
      alice.browser.text(".person-entry[data-person-id='" + personId + "'] .unread-count", "1");
      alice.browser.visible(".person-entry[data-person-id='" + personId + "']").click();
      alice.browser.text(".person-chat .new-messages", "New messages");
      alice.browser.text(".person-chat .day-separator", "Today");
      assertEquals(List.of("|day|", "Hello from XMPP", "Hello from AIM", "Answer on AIM", "Back on XMPP", "Answer on XMPP",
          "Picked AIM", "|new|", withLink), lines(alice));
      List<WebElement> links = alice.browser.all(".person-chat .chat-message a");
      assertEquals(1, links.size(), "one link");
      assertEquals(target, links.get(0).getAttribute("href"));
      assertEquals(target, links.get(0).getText());
      assertEquals("noopener noreferrer", links.get(0).getAttribute("rel"));
      assertEquals("_blank", links.get(0).getAttribute("target"));
      assertTrue(alice.browser.all("a[href^='javascript' i]").isEmpty(), "no javascript: link anywhere");

      // A phone-sized window: the open person's conversation takes the screen, as a chat does;
      // "← Conversations" and Escape bring the list back.
      browser.driver.manage().window().setSize(new Dimension(400, 800));
      alice.browser.text(".person-chat .chat-message.out[data-network='oscar'] .chat-text", "Picked AIM");
      assertTrue(!alice.browser.all(".sidebar").get(0).isDisplayed(), "the list is behind the conversation");
      alice.browser.visible("#back-to-list").click();
      alice.browser.visible("#recent-panel");
      assertTrue(!alice.browser.all(".chat-area").get(0).isDisplayed(), "the conversation is behind the list");
      alice.browser.visible(".person-entry[data-person-id='" + personId + "']").click();
      alice.browser.text(".person-chat .chat-message.in[data-network='xmpp'] .chat-text", "Back on XMPP");
      assertTrue(!alice.browser.all(".sidebar").get(0).isDisplayed(), "opened from the contact list: the conversation shows");
      new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
      alice.browser.visible("#recent-panel");
      // From the recent conversations: Bob is one entry there too.
      alice.browser.visible("#recent-chats .recent-chat.focused").click();
      alice.browser.text(".person-chat .chat-message.in[data-network='oscar'] .chat-text", "Hello from AIM");
      alice.browser.screenshot("people-phone");
      browser.driver.manage().window().setSize(new Dimension(1280, 900));

      // Split: the AIM contact taken out, Bob is two contacts again.
      alice.browser.visible(".person-chat .person-contact[data-jid='bobjones'] .person-split").click();
      alice.browser.waitFor("the person gone", d -> d.findElements(By.cssSelector(".person-entry[data-person-id='" + personId + "']"))
          .isEmpty() ? true : null);
      alice.browser.visible(alice.contactSelector(bobJid));
      alice.browser.visible(alice.contactSelector("bobjones"));
      assertTrue(alice.browser.all(".person-chat").stream().noneMatch(WebElement::isDisplayed), "the person's conversation closed");
    }
  }

  /** The conversation from the top: message texts, "|day|" for a day line, "|new|" for the new-messages line. */
  private static List<String> lines(ParleyPage page) {
    return page.browser.all(".person-chat .chat-messages > li").stream().map(e -> e.getAttribute("class").contains("new-messages")
        ? "|new|" : e.getAttribute("class").contains("day-separator") ? "|day|"
        : e.findElement(By.cssSelector(".chat-text")).getText()).toList();
  }

  private static List<String> timeline(ParleyPage page) {
    return page.browser.all(".person-chat .chat-message .chat-text").stream().map(WebElement::getText).toList();
  }
}
