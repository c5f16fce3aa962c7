package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import parley.irc.IrcNodeVerticle;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;
import parley.xmpp.XmppNodeVerticle;

/**
 * The page offers what the running protocol nodes describe, in real headless Chromium: with an
 * XMPP node and an IRC node only (no OSCAR node), the account form offers XMPP and IRC and no AIM;
 * the group chat menu is there only once an account's network has group chats.
 */
class NetworkDescriptorsBrowserTest {
  private static WebStack stack;

  @BeforeAll
  static void start() {
    stack = new WebStack(new JsonObject());
    DeploymentOptions options = new DeploymentOptions().setConfig(WebStack.config());
    stack.vertx.deployVerticle(new XmppNodeVerticle(), options).await();
    stack.vertx.deployVerticle(new IrcNodeVerticle(), options).await();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A loopback port nothing listens on: the accounts exist, their connections fail in words. */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void theFormOffersTheRunningNetworksAndRoomsOnlyWhereANetworkHasThem() throws Exception {
    int port = closedPort();
    try (Browser browser = new Browser()) {
      ParleyPage alice = new ParleyPage(browser, stack.port).open();
      alice.signUp("alice", "alice-parley-pw");

      browser.visible("#add-account-button").click();
      Select network = new Select(browser.visible("#account-network"));
      List<String> offered = network.getOptions().stream().map(o -> o.getAttribute("value") + "=" + o.getText()).toList();
      assertEquals(List.of("irc=IRC", "xmpp=XMPP (Jabber)"), offered, "no AIM / ICQ without an OSCAR node");
      assertEquals("xmpp", network.getFirstSelectedOption().getAttribute("value"));
      network.selectByValue("irc");
      browser.text("label[for='account-login']", "Nickname");
      assertEquals("irc.libera.chat", browser.visible("#account-host").getAttribute("placeholder"));
      browser.visible("#account-cancel").click();

      // No account yet: no network with group chats, so no room menu.
      browser.waitFor("no room menu", d -> !d.findElement(By.id("join-room-button")).isDisplayed());

      // An IRC account: IRC's channels are group chats, so the room menu appears, naming a channel as IRC's
      // descriptor does (its own room rule).
      alice.addIrcAccount("Alice", "unregistered", port);
      browser.text(".account .account-network", "IRC");
      browser.visible("#join-room-button").click();
      browser.text("label[for='room-jid']", "Channel");
      assertEquals("#parley", browser.visible("#room-jid").getAttribute("placeholder"));
      browser.visible("#room-cancel").click();

      // An XMPP account: its network has group chats too, its rooms addressed as XMPP rooms.
      alice.addXmppAccount("alice@localhost", "alice-im-pw", port, "if-offered");
      browser.waitFor("XMPP account listed", d -> d.findElements(By.cssSelector(".account .account-network")).stream()
          .anyMatch(e -> e.getText().equals("XMPP")));
      browser.visible("#join-room-button");
      browser.screenshot("network-descriptors");
    }
  }
}
