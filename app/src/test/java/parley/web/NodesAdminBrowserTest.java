package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import parley.web.testing.Browser;
import parley.web.testing.HttpUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.ProsodyAndParley;
import parley.web.testing.WebStack;

/**
 * In real headless Chromium, an admin sees every protocol node of an all-in-one Parley (one XMPP
 * node, one OSCAR node) with its network, sessions held, version and uptime, and the XMPP node's
 * count follows a user connecting an account.
 */
class NodesAdminBrowserTest {
  private static ProsodyAndParley stack;
  private static JsonObject config;

  @BeforeAll
  static void start() {
    config = WebStack.config();
    stack = new ProsodyAndParley(config, "carol", "carol-im-pw");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String cell(Browser browser, String network, String cls) {
    return browser.waitFor("a row for the " + network + " node", d -> {
      List<WebElement> cells = d.findElements(By.cssSelector("#admin-nodes-table tr[data-network='" + network + "'] ." + cls));
      try {
        return cells.isEmpty() ? null : cells.get(0).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return null;
      }
    });
  }

  /** Waits until that cell of the network's row says exactly {@code text} (the table refreshes itself). */
  private static void waitCell(Browser browser, String network, String cls, String text) {
    browser.waitFor(network + " node's " + cls + " = " + text, d -> text.equals(cell(browser, network, cls)) ? true : null);
  }

  @Test
  void theAdminPageListsTheNodesAndTheirSessions() {
    int port = stack.parley.webPort();
    try (Browser carolBrowser = new Browser(); Browser rootBrowser = new Browser()) {
      ParleyPage root = new ParleyPage(rootBrowser, port).open();
      new HttpUser(stack.parley.vertx(), port).signUp("root", "root-parley-pw");
      WebStack.grantAdmin(config, "root");
      root.signIn("root", "root-parley-pw");
      root.openAdmin();

      for (String network : List.of("xmpp", "oscar", "irc", "msn", "yahoo")) {
        waitCell(rootBrowser, network, "node-held", "0");
        assertEquals("—", cell(rootBrowser, network, "node-sessions"));
        assertEquals("none", cell(rootBrowser, network, "node-failures"));
        assertTrue(cell(rootBrowser, network, "node-uptime").matches("\\d+ (s|min \\d+ s)"), cell(rootBrowser, network, "node-uptime"));
        assertTrue(cell(rootBrowser, network, "node-version").matches("\\d+\\.\\d+\\.\\d+.*"), cell(rootBrowser, network, "node-version"));
      }
      assertEquals(5, rootBrowser.all("#admin-nodes-table tr.node-row").size());
      WebElement drain = rootBrowser.visible("#admin-nodes-table tr[data-network='xmpp'] .node-drain");
      assertTrue(drain.isEnabled() && drain.getText().equals("Drain"), "each node offers a drain (NodeDrainTest drains one)");

      ParleyPage carol = new ParleyPage(carolBrowser, port).open();
      carol.signUp("carol", "carol-parley-pw");
      carol.addXmppAccount(stack.jid("carol"), "carol-im-pw", stack.prosody.port());
      carol.waitAccountState(stack.jid("carol"), "connected");

      waitCell(rootBrowser, "xmpp", "node-held", "1");
      waitCell(rootBrowser, "xmpp", "node-sessions", "1 connected");
      assertEquals("0", cell(rootBrowser, "oscar", "node-held"));
      rootBrowser.screenshot("admin-nodes");
      assertTrue(carolBrowser.all("#admin-button").stream().noneMatch(WebElement::isDisplayed), "an ordinary user has no admin page");
    }
  }
}
