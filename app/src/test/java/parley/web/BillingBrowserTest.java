package parley.web;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.web.testing.Browser;
import parley.web.testing.HttpUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.WebStack;

/**
 * Enforcement end to end in real headless Chromium: a user on a small free quota sends until
 * refused and sees why; an admin moves them to prepaid and tops up; sending works again, and the
 * usage page agrees to the unit, at the price the admin set on the page.
 */
class BillingBrowserTest {
  private static ProsodyAndParley stack;
  private static JsonObject config;

  @BeforeAll
  static void start() throws Exception {
    config = WebStack.config();
    config.getJsonObject("session").put("usageRetryMs", 500);
    config.put("billing", new JsonObject().put("currency", "EUR").put("defaultPlan", "free").put("plans", new JsonObject()
        .put("free", new JsonObject().put("type", "free").put("quotas", new JsonObject()
            .put("message-sent", 2).put("message-received", 1000).put("online-minute", 100000)))
        .put("prepaid", new JsonObject().put("type", "prepaid").put("prices", new JsonObject()
            .put("xmpp", new JsonObject().put("message-sent", 7).put("message-received", 0).put("online-minute", 0))))));
    stack = new ProsodyAndParley(config, "carol", "carol-im-pw", "dave", "dave-im-pw");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void quotaBitesWithAReasonAndAnAdminLiftsIt() {
    String carolJid = stack.jid("carol");
    String daveJid = stack.jid("dave");
    int port = stack.parley.webPort();
    try (Browser carolBrowser = new Browser(); Browser rootBrowser = new Browser()) {
      ParleyPage carol = new ParleyPage(carolBrowser, port).open();
      ParleyPage root = new ParleyPage(rootBrowser, port).open();
      carol.signUp("carol", "carol-parley-pw");
      // The operator's step: root signs up, is granted the role, and signs in with it.
      new HttpUser(stack.parley.vertx(), port).signUp("root", "root-parley-pw");
      WebStack.grantAdmin(config, "root");
      root.signIn("root", "root-parley-pw");
      assertFalse(carolBrowser.driver.findElements(org.openqa.selenium.By.id("admin-button")).stream()
          .anyMatch(e -> e.isDisplayed()), "an ordinary user has no admin page");

      carol.addXmppAccount(carolJid, "carol-im-pw", stack.prosody.port());
      carol.waitAccountState(carolJid, "connected");
      carol.addContact(daveJid, "Dave");
      carol.openChat(daveJid);
      carol.say(daveJid, "first");
      carol.waitMessage(daveJid, "out", "first");
      carol.say(daveJid, "second");
      carol.waitMessage(daveJid, "out", "second");
      carol.say(daveJid, "third");
      carol.waitChatError(daveJid, "Not sent: your free plan allows 2 sent messages a month and you have used 2");
      carol.browser.text(carol.chatSelector(daveJid) + " .chat-error", "Ask an admin");

      carol.openUsage();
      carol.browser.text("#usage-allowance", "allows 2 sent messages");
      carol.waitUsageCount("xmpp", "message-sent", 2);
      carol.browser.text("#usage-balance", "0.00 EUR");
      carol.backToChats("usage");

      root.openAdmin();
      root.adminOpenUser("carol");
      // The admin makes sending cheaper: 3 cents instead of 7.
      root.adminEditPlan("prepaid", "{\"type\": \"prepaid\", \"prices\": {\"xmpp\": {\"message-sent\": 3}}}");
      root.adminSetPlan("prepaid");
      root.adminAddToLedger("top-up", "1.00", "paid cash at the desk");
      root.browser.text("#admin-usage-balance", "1.00 EUR");

      carol.openChat(daveJid);
      carol.say(daveJid, "fourth");
      carol.waitMessage(daveJid, "out", "fourth");
      carol.openUsage();
      carol.waitUsageCount("xmpp", "message-sent", 3);
      carol.browser.text("#usage-balance", "0.97 EUR");
      carol.browser.text("#usage-ledger", "paid cash at the desk");
      carol.browser.text("#usage-ledger", "admin:root");
      carol.browser.visible("#usage-statements .statement-link");
      carol.browser.screenshot("billing-carol-usage");
      root.browser.screenshot("billing-root-admin");
    }
  }
}
