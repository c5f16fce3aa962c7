package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * A page served from another port of the same host (the same site, so Chromium sends the
 * victim's SameSite cookie along) tries to use the victim's Parley: open the bridge, read
 * SockJS answers, sign the victim out and into the attacker's account. All of it fails, and
 * Parley's own page keeps working.
 */
class CrossOriginBrowserTest {
  private static WebStack stack;
  private static HttpServer attacker;

  /** The attacker's page: every way in it can try, results in window.results. */
  private static String attackPage(int parleyPort) {
    String parley = "http://127.0.0.1:" + parleyPort;
    return """
        <!DOCTYPE html><html><body><script>
        const P = '%s';
        const results = {};
        async function run() {
          results.ws = await new Promise((resolve) => {
            let ws;
            try { ws = new WebSocket(P.replace('http:', 'ws:') + '/eventbus/websocket'); } catch (e) { resolve('error'); return; }
            const timer = setTimeout(() => resolve('timeout'), 5000);
            ws.onopen = () => ws.send(JSON.stringify({ type: 'send', address: 'parley.browser.commands',
              body: { type: 'attach' }, replyAddress: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' }));
            ws.onmessage = (m) => { clearTimeout(timer); resolve('read: ' + String(m.data).slice(0, 200)); };
            ws.onclose = () => { clearTimeout(timer); resolve('closed'); };
          });
          const read = (r) => r.text().then((t) => 'read: ' + t.slice(0, 200));
          results.info = await fetch(P + '/eventbus/info', { credentials: 'include' }).then(read).catch(() => 'blocked');
          results.xhr = await fetch(P + '/eventbus/123/abcdefgh/xhr', { method: 'POST', credentials: 'include' })
            .then(read).catch(() => 'blocked');
          await fetch(P + '/api/signout', { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(() => {});
          await fetch(P + '/api/signin', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'Content-Type': 'text/plain' },
            body: JSON.stringify({ username: 'mallory', password: 'mallory-password' }) }).catch(() => {});
          window.results = JSON.stringify(results);
        }
        run();
        </script></body></html>
        """.formatted(parley);
  }

  @BeforeAll
  static void start() {
    stack = new WebStack(new JsonObject());
    stack.user().signUp("mallory", "mallory-password");
    String page = attackPage(stack.port);
    attacker = stack.vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page))
        .listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aPageOfAnotherOriginCannotUseTheVictimsSession() {
    try (Browser browser = new Browser()) {
      ParleyPage victim = new ParleyPage(browser, stack.port).open();
      victim.signUp("victim", "victim-password");
      browser.waitFor("the page's bridge connected", d -> "connected".equals(
          browser.script("const e = document.getElementById('bridge-state'); return e && e.getAttribute('data-state');")));

      browser.open("http://127.0.0.1:" + attacker.actualPort() + "/");
      String finished = browser.waitFor("the attack page finished", d -> (String) browser.script("return window.results || null;"));
      JsonObject results = new JsonObject(finished);
      assertFalse(results.getString("ws").startsWith("read"), "the bridge over a WebSocket: " + results.getString("ws"));
      assertEquals("blocked", results.getString("info"), "SockJS info");
      assertEquals("blocked", results.getString("xhr"), "the SockJS xhr transport");

      // Back on Parley: still signed in, as the victim, and the page's own bridge works.
      victim.open();
      browser.waitFor("the page's bridge connected again", d -> "connected".equals(
          browser.script("const e = document.getElementById('bridge-state'); return e && e.getAttribute('data-state');")));
      browser.text("#me", "victim");
      Object me = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + "fetch('/api/me').then((r) => r.json()).then((j) => done(j.username || null), () => done(null));");
      assertEquals("victim", me, "neither signed out nor signed in as the attacker");
    }
  }
}
