package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import parley.contract.BrowserCommand;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.web.testing.Browser;
import parley.web.testing.BridgeUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * History search in real headless Chromium: a search over an XMPP and an AIM account finds both
 * messages, the words marked; clicking the XMPP one opens its chat at that message (an old one, 280
 * messages back) with everything from it to the newest, and scrolls it into view. A search language
 * picked in the panel is kept on the server and finds another form of a word in messages stored since.
 */
@Timeout(240)
class SearchBrowserTest {
  private static final long T0 = 1_764_000_000_000L;

  private WebStack stack;
  private Pool pool;

  @BeforeEach
  void start() {
    JsonObject config = WebStack.config();
    stack = new WebStack(config);
    // No protocol node runs; the networks are described as their nodes would.
    TestNetworks.advertise(stack.vertx);
    pool = PgBuilder.pool().connectingTo(config.getJsonObject("db").getString("url")).using(stack.vertx).build();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private long store(String userId, String accountId, String peer, String direction, String text, long ts) {
    return pool.preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, sent_at)"
            + " values ($1, $2, $3, $4, $5, timestamptz 'epoch' + $6 * interval '1 millisecond') returning id")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, direction, text, ts))
        .await().iterator().next().getLong("id");
  }

  /** alice@example.org's account; no protocol node runs here: it stays offline, its stored history is what is searched. */
  private static String addXmppAccount(BridgeUser alice) throws Exception {
    return AccountReply.fromJson(alice.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "xmpp")
        .put("login", "alice@example.org").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222)
        .put("tls", "if-offered"))).account().id();
  }

  @Test
  void searchFromThePageAndOpenTheConversationAtTheMessage() throws Exception {
    String xmpp;
    String aim;
    String userId;
    try (BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice")) {
      userId = alice.http.userId();
      xmpp = addXmppAccount(alice);
      aim = AccountReply.fromJson(alice.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "oscar")
          .put("login", "AliceAim").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5190))).account().id();
    }
    long found = 0;
    for (int i = 0; i < 300; i++) {
      String text = i == 20 ? "The giraffe <b>is</b> tall" : "filler " + i;
      long id = store(userId, xmpp, "bob@example.org", i % 2 == 0 ? "in" : "out", text, T0 + i * 1000L);
      if (i == 20) {
        found = id;
      }
    }
    long onAim = store(userId, aim, "bobsmith", "in", "a giraffe on AIM", T0 + 500_000);

    try (Browser browser = new Browser()) {
      ParleyPage page = new ParleyPage(browser, stack.port).open();
      page.signIn("alice", "alice-parley-password");

      browser.visible("#search-text").sendKeys("?!");
      browser.visible("#search-button").click();
      browser.text(".search-status", "Type a word to search for.");

      browser.visible("#search-text").clear();
      browser.visible("#search-text").sendKeys("GIRAF");
      browser.visible("#search-button").click();
      browser.text(".search-status", "2 messages found.");
      List<WebElement> results = browser.all(".search-result");
      assertEquals(List.of(String.valueOf(onAim), String.valueOf(found)),
          results.stream().map(e -> e.getAttribute("data-message-id")).toList());
      assertEquals("AIM/ICQ", results.get(0).findElement(org.openqa.selenium.By.cssSelector(".network-tag")).getText());
      WebElement xmppResult = results.get(1);
      assertEquals("XMPP", xmppResult.findElement(org.openqa.selenium.By.cssSelector(".network-tag")).getText());
      // The message's own "<b>" is text on the page; only the found word is marked.
      assertEquals("The giraffe <b>is</b> tall", xmppResult.findElement(org.openqa.selenium.By.cssSelector(".search-snippet")).getText());
      assertEquals(List.of("giraffe"), browser.all(".search-result[data-message-id='" + found + "'] mark").stream()
          .map(WebElement::getText).toList());
      assertTrue(browser.all(".search-snippet b").isEmpty(), "no markup from a message");

      xmppResult.findElement(org.openqa.selenium.By.cssSelector(".search-open")).click();
      String chat = page.chatSelector("bob@example.org");
      WebElement message = browser.text(chat + " .chat-message.found", "The giraffe <b>is</b> tall");
      assertEquals(String.valueOf(found), message.getAttribute("data-message-id"));
      // In view inside the chat's scrolling list.
      browser.waitFor("the found message scrolled into view", d -> (Boolean) browser.script(
          "const li = arguments[0]; let sc = li.parentElement; while (sc && sc.scrollHeight <= sc.clientHeight) sc = sc.parentElement;"
              + "const a = li.getBoundingClientRect(), b = sc.getBoundingClientRect();"
              + "return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;", message) ? true : null);
      // Everything from the found message's context to the newest, without a gap.
      browser.waitFor("the whole chat from the found message on", d -> page.messageTexts("bob@example.org").size() == 300 ? true : null);
      List<String> texts = page.messageTexts("bob@example.org");
      assertEquals("filler 0", texts.get(0));
      assertEquals("filler 299", texts.get(299));
    }
  }

  @Test
  void aSearchLanguagePickedOnThePageIsKeptAndFindsOtherFormsOfAWord() throws Exception {
    String xmpp;
    String userId;
    try (BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice")) {
      userId = alice.http.userId();
      xmpp = addXmppAccount(alice);
    }
    store(userId, xmpp, "bob@example.org", "in", "I was running late", T0);

    try (Browser browser = new Browser()) {
      ParleyPage page = new ParleyPage(browser, stack.port).open();
      page.signIn("alice", "alice-parley-password");
      browser.visible(".search-filters summary").click();
      browser.text(".search-language-note", "Also finds other forms of a word in that language (\"runs\" finds \"running\"). "
          + "The choice applies to messages stored from now on; older ones are found by their words as written.");
      new Select(browser.visible("#search-language")).selectByValue("english");
      // Kept on the server: the messages stored from now on get English stems too.
      browser.waitFor("the language stored", d -> "english".equals(pool.preparedQuery(
          "select search_language from session.users where id = $1").execute(Tuple.of(UUID.fromString(userId))).await()
          .iterator().next().getString(0)) ? true : null);
      long runs = store(userId, xmpp, "bob@example.org", "in", "She runs every morning", T0 + 1000);

      browser.visible("#search-text").sendKeys("running");
      browser.visible("#search-button").click();
      browser.text(".search-status", "2 messages found.");
      assertEquals(List.of("runs"), browser.all(".search-result[data-message-id='" + runs + "'] mark").stream()
          .map(WebElement::getText).toList());

      // Another visit (another device) shows the language kept on the server.
      new ParleyPage(browser, stack.port).open();
      browser.text("#me", "alice");
      browser.visible(".search-filters summary").click();
      browser.waitFor("the kept language shown", d -> "english".equals(
          browser.script("return document.getElementById('search-language').value")) ? true : null);
    }
  }
}
