package parley.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import parley.contract.BridgeSocket;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/** When the server closes the page's socket on purpose, the page says why (in real Chromium). */
class BridgeCloseReasonBrowserTest {

  @Test
  void thePageShowsWhyTheServerClosedItsSocket() {
    try (WebStack stack = new WebStack(new JsonObject().put("web", new JsonObject().put("maxSocketsPerUser", 1)));
         Browser browser = new Browser()) {
      ParleyPage first = new ParleyPage(browser, stack.port).open();
      first.signUp("grace", "grace-password");
      browser.text("#bridge-state", "connected");

      // A second tab is one socket too many for this server: its socket is closed with a reason.
      browser.driver.switchTo().newWindow(WindowType.TAB);
      new ParleyPage(browser, stack.port).open();
      browser.text("#bridge-state", BridgeSocket.CLOSE_TOO_MANY_SOCKETS_TEXT);
    }
  }
}
