package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * The inbox in real headless Chromium against the all-in-one Parley and a real Prosody: Bob and
 * Carol (Smack clients) write to Alice. Her recent conversations follow, newest first with unread
 * counts; the title counts what is unread; with notifications switched on (Chromium's permission
 * granted through the DevTools protocol, Browser.grantPermissions) a message while the tab is
 * hidden shows a desktop notification and one while it is visible does not; links in messages are
 * clickable only when http(s); a chat shows its day and "new messages" lines; Alt+Down moves to the
 * next conversation; a phone-sized window shows the chat or the list. And a long conversation: Erin has
 * written more messages than the page loads at once; scrolling Dave's chat up to its top brings the
 * older ones above, and the message he was reading stays where it was on his screen.
 *
 * How the test sees notifications: it wraps window.Notification in the page (a subclass that
 * records each notification's title and body, then makes the real one). How it hides the tab:
 * headless Chromium keeps its only tab visible, so the test makes document.visibilityState say
 * "hidden" and fires visibilitychange, which is what the page sees when a person switches tabs.
 */
@Timeout(300)
class InboxBrowserTest {
  private static ProsodyAndParley stack;
  private static ProsodyServer prosody;

  @BeforeAll
  static void start() {
    stack = new ProsodyAndParley(WebStack.config(), "alice", "alice-im-pw", "bob", "bob-im-pw", "carol", "carol-im-pw",
        "dave", "dave-im-pw", "erin", "erin-im-pw");
    prosody = stack.prosody;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<String> recentOrder(Browser browser) {
    return browser.all("#recent-chats .recent-chat").stream().map(e -> e.getAttribute("data-jid")).toList();
  }

  private static void waitRecent(Browser browser, List<String> order) {
    browser.waitFor("recent conversations " + order, d -> recentOrder(browser).equals(order) ? true : null);
  }

  /** The chat's list from the top: message texts, "|day|" for a day line, "|new|" for the new-messages line. */
  private static List<String> chatLines(Browser browser, String chat) {
    return browser.all(chat + " .chat-messages > li").stream().map(e -> e.getAttribute("class").contains("new-messages") ? "|new|"
        : e.getAttribute("class").contains("day-separator") ? "|day|" : e.findElement(By.cssSelector(".chat-text")).getText()).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> notifications(Browser browser) {
    return (List<Map<String, Object>>) browser.script("return window.__notifications.slice();");
  }

  /** Messages the page asks for at a time (webroot contract.js Limits.HISTORY_PAGE). */
  private static final int PAGE = 50;

  /**
   * Where the message {@code text} is, in pixels below the top of the chat's visible area (null: not in the chat);
   * with {@code scrollToTop}, the chat is scrolled to its top first, in the same script, so the place is taken
   * before the browser's scroll event reaches the page.
   */
  private static Number placeOf(Browser browser, String chat, String text, boolean scrollToTop) {
    return (Number) browser.script("const sc = document.querySelector(arguments[0] + ' .chat-scroll');"
        + "if (arguments[2]) sc.scrollTop = 0;"
        + "const li = [...sc.querySelectorAll('.chat-message')].find(m => m.querySelector('.chat-text').textContent === arguments[1]);"
        + "return li ? li.getBoundingClientRect().top - sc.getBoundingClientRect().top : null;", chat, text, scrollToTop);
  }

  @Test
  void scrollingUpToTheTopLoadsOlderMessagesAboveAndKeepsTheReadersPlace() throws Exception {
    String daveJid = stack.jid("dave");
    String erinJid = stack.jid("erin");
    int written = PAGE + 20;
    try (Browser browser = new Browser();
         SmackPeer erin = new SmackPeer("erin", "erin-im-pw", prosody.domain(), prosody.port())) {
      ParleyPage dave = new ParleyPage(browser, stack.parley.webPort()).open();
      dave.signUp("dave", "dave-parley-pw");
      dave.addXmppAccount(daveJid, "dave-im-pw", prosody.port());
      dave.waitAccountState(daveJid, "connected");
      for (int i = 1; i <= written; i++) {
        erin.send(daveJid, "message " + i);
      }
      String item = "#recent-chats .recent-chat[data-jid='" + erinJid + "']";
      browser.text(item + " .recent-last", "message " + written);
      // This page saw them arrive; a page loaded now (as on another day) has only what it asks the server for.
      browser.driver.navigate().refresh();
      browser.visible("#app-main");

      // Opened: the newest page, scrolled to its end.
      browser.visible(item).click();
      String chat = dave.chatSelector(erinJid);
      browser.waitFor("the newest page", d -> dave.messageTexts(erinJid).size() == PAGE ? true : null);
      List<String> texts = dave.messageTexts(erinJid);
      String firstShown = "message " + (written - PAGE + 1);
      assertEquals(firstShown, texts.get(0));
      assertEquals("message " + written, texts.get(PAGE - 1));
      assertTrue(placeOf(browser, chat, firstShown, false).doubleValue() < 0, "opened at the newest messages, the oldest shown above");

      // Dave scrolls up to the top: the older ones come above.
      double before = placeOf(browser, chat, firstShown, true).doubleValue();
      browser.waitFor("the older messages", d -> dave.messageTexts(erinJid).size() == written ? true : null);
      texts = dave.messageTexts(erinJid);
      assertEquals("message 1", texts.get(0));
      assertEquals(firstShown, texts.get(written - PAGE));
      assertEquals("message " + written, texts.get(written - 1));
      // The message that was at the top stays where Dave was reading; the new ones are above it, out of view.
      double after = placeOf(browser, chat, firstShown, false).doubleValue();
      assertTrue(Math.abs(after - before) < 2, "the reader's place kept: " + before + " px, now " + after + " px");
      assertTrue(placeOf(browser, chat, "message 1", false).doubleValue() < 0, "the older messages are above what he reads");
      browser.screenshot("inbox-scroll-back");
    }
  }

  @Test
  void recentConversationsNotificationsLinksAndKeys() throws Exception {
    String aliceJid = stack.jid("alice");
    String bobJid = stack.jid("bob");
    String carolJid = stack.jid("carol");
    int port = stack.parley.webPort();
    try (Browser browser = new Browser();
         SmackPeer bob = new SmackPeer("bob", "bob-im-pw", prosody.domain(), prosody.port());
         SmackPeer carol = new SmackPeer("carol", "carol-im-pw", prosody.domain(), prosody.port())) {
      ParleyPage alice = new ParleyPage(browser, port).open();
      alice.signUp("alice", "alice-parley-pw");
      alice.addXmppAccount(aliceJid, "alice-im-pw", prosody.port());
      alice.waitAccountState(aliceJid, "connected");
      assertTrue(!browser.all("#recent-panel").get(0).isDisplayed(), "no conversations: no panel");

      ((ChromeDriver) browser.driver).executeCdpCommand("Browser.grantPermissions",
          Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
      browser.script("window.__notifications = [];"
          + "const Real = window.Notification;"
          + "window.Notification = class extends Real {"
          + "  constructor(title, options) { super(title, options);"
          + "    window.__notifications.push({title, body: options && options.body}); } };");
      browser.visible("#notify-panel summary").click();
      browser.visible("#notify-switch").click();
      browser.waitFor("notifications on", d -> Boolean.TRUE.equals(browser.script(
          "return JSON.parse(localStorage.getItem('parley.notifications') || '{}').notify === true;")) ? true : null);
      assertEquals("", browser.all("#notify-error").get(0).getText(), "no refusal said");

      // Two chats: the newest first, each with its unread count and last message; the title counts them all.
      bob.send(aliceJid, "first from bob");
      waitRecent(browser, List.of(bobJid));
      carol.send(aliceJid, "hello from carol");
      waitRecent(browser, List.of(carolJid, bobJid));
      bob.send(aliceJid, "second from bob");
      waitRecent(browser, List.of(bobJid, carolJid));
      String bobItem = "#recent-chats .recent-chat[data-jid='" + bobJid + "']";
      browser.text(bobItem + " .recent-unread", "2");
      browser.text(bobItem + " .recent-last", "second from bob");
      browser.text("#recent-chats .recent-chat[data-jid='" + carolJid + "'] .recent-unread", "1");
      browser.waitFor("the unread count in the title", d -> "(3) Parley".equals(d.getTitle()) ? true : null);
      assertTrue(notifications(browser).isEmpty(), "no notification while the tab is visible: " + notifications(browser));

      // The same list after a reload: it comes from the server.
      browser.driver.navigate().refresh();
      browser.visible("#app-main");
      waitRecent(browser, List.of(bobJid, carolJid));
      browser.text(bobItem + " .recent-unread", "2");
      browser.script("window.__notifications = [];"
          + "const Real = window.Notification;"
          + "window.Notification = class extends Real {"
          + "  constructor(title, options) { super(title, options);"
          + "    window.__notifications.push({title, body: options && options.body}); } };");
      assertTrue(browser.all("#notify-switch").get(0).isSelected(), "the switch is kept on this device");

      // Hidden: a new message shows a notification (and counts in the title).
      browser.script("Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
          + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
          + "document.dispatchEvent(new Event('visibilitychange'));");
      carol.send(aliceJid, "are you there?");
      browser.waitFor("a notification", d -> notifications(browser).size() == 1 ? true : null);
      assertEquals(carolJid, notifications(browser).get(0).get("title"));
      assertEquals("are you there?", notifications(browser).get(0).get("body"));
      browser.waitFor("the title while hidden", d -> "(4) Parley".equals(d.getTitle()) ? true : null);
      waitRecent(browser, List.of(carolJid, bobJid));
      browser.script("delete document.visibilityState; delete document.hidden;"
          + "document.dispatchEvent(new Event('visibilitychange'));");

      // A link: clickable when http(s), never when javascript:.
      // The link goes to Parley itself, so following it needs no network beyond 127.0.0.1.
      String target = "http://127.0.0.1:" + port + "/?from=link";
      String link = "see " + target + ", not javascript:alert(document.cookie)";
      bob.send(aliceJid, link);
      waitRecent(browser, List.of(bobJid, carolJid));
      browser.visible(bobItem).click();
      String chat = alice.chatSelector(bobJid);
      alice.waitMessage(bobJid, "in", link);
      List<WebElement> links = browser.all(chat + " .chat-message a");
      assertEquals(1, links.size(), "one link");
      assertEquals(target, links.get(0).getAttribute("href"));
      assertEquals(target, links.get(0).getText());
      assertEquals("noopener noreferrer", links.get(0).getAttribute("rel"));
      assertEquals("_blank", links.get(0).getAttribute("target"));
      assertTrue(browser.all("a[href^='javascript' i]").isEmpty(), "no javascript: link anywhere");
      // Clicked: it opens in a new tab that has no hold on Parley's page (noopener).
      String parleyTab = browser.driver.getWindowHandle();
      links.get(0).click();
      browser.waitFor("a second tab", d -> d.getWindowHandles().size() == 2 ? true : null);
      browser.driver.switchTo().window(browser.driver.getWindowHandles().stream().filter(w -> !w.equals(parleyTab))
          .findFirst().orElseThrow());
      browser.waitFor("the link's page", d -> target.equals(d.getCurrentUrl()) ? true : null);
      assertEquals(Boolean.TRUE, browser.script("return window.opener === null;"));
      browser.driver.close();
      browser.driver.switchTo().window(parleyTab);

      // The chat: a day line, and "New messages" before the first of the three unread ones.
      browser.text(chat + " .day-separator", "Today");
      browser.text(chat + " .new-messages", "New messages");
      assertEquals(List.of("|day|", "|new|", "first from bob", "second from bob", link), chatLines(browser, chat));
      browser.text(bobItem + " .recent-last", link);
      browser.waitFor("bob's chat read", d -> browser.all(bobItem + " .recent-unread").get(0).isDisplayed() ? null : true);

      // Alt+Down: the next conversation in the list (Carol's).
      new Actions(browser.driver).keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
      browser.visible(alice.chatSelector(carolJid) + " .chat-input");
      browser.waitFor("carol's chat focused", d -> browser.all("#recent-chats .recent-chat.focused").stream()
          .map(e -> e.getAttribute("data-jid")).toList().equals(List.of(carolJid)) ? true : null);

      // Bob writes while Alice reads Carol; Alt+Up back to Bob: the line now marks only that one.
      bob.send(aliceJid, "one more from bob");
      waitRecent(browser, List.of(bobJid, carolJid));
      browser.text(bobItem + " .recent-unread", "1");
      new Actions(browser.driver).keyDown(Keys.ALT).sendKeys(Keys.ARROW_UP).keyUp(Keys.ALT).perform();
      alice.waitMessage(bobJid, "in", "one more from bob");
      browser.waitFor("the new line moved", d -> chatLines(browser, chat).equals(List.of("|day|", "first from bob",
          "second from bob", link, "|new|", "one more from bob")) ? true : null);

      // A phone: the chat over the list; "← Conversations" (or Escape) brings the list back.
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(400, 800));
      browser.waitFor("the list hidden behind the chat", d -> browser.all(".sidebar").get(0).isDisplayed() ? null : true);
      browser.visible("#back-to-list").click();
      browser.visible("#recent-panel");
      assertTrue(!browser.all(".chat-area").get(0).isDisplayed(), "the chat is hidden behind the list");
      browser.visible(bobItem).click();
      browser.visible(chat + " .chat-input");
      new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
      browser.visible("#recent-panel");
      browser.screenshot("inbox-phone");
    }
  }
}
