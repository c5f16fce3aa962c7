package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import parley.billing.BillingVerticle;
import parley.boot.ClusterBoot;
import parley.contract.testing.ClusterPorts;
import parley.session.SessionVerticle;
import parley.web.testing.Browser;
import parley.web.testing.LoopbackBalancer;
import parley.web.testing.ParleyPage;
import parley.web.testing.SeparateJvm;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * Two web processes (JVMs of their own) behind a loopback load balancer, a session process with an
 * XMPP node (this JVM) against a real Prosody, real PostgreSQL, and a real headless Chromium page
 * signed in through the balancer. The web process the page is on is killed (SIGKILL) while a message
 * is on its way; for a few seconds the balancer has no back end (its health check has not yet moved
 * on), then it sends new connections to the other web process. The page says "reconnecting"
 * meanwhile and that it will send the message again, then comes back by itself, sends it again with
 * the same client message id (bob gets it once), still signed in (the sign-in session is in
 * the cluster's map), resumes its stream and shows every message the contact sent before, during
 * and after the kill exactly once and in order; and the user can send again.
 */
class WebProcessFailoverBrowserTest {
  private static final int IDLE_SECONDS = 8;
  private static final Pattern STACK_TRACE = Pattern.compile("Exception|\\bat [\\w$.]+\\(|java\\.|io\\.vertx\\.");

  /** The balancer takes a few seconds to move on: the page refuses what is sent meanwhile. */
  @Test
  void aPageWhoseWebProcessDiedGoesOnThroughTheOtherWithNothingLostOrDoubled() throws Exception {
    failover(true);
  }

  /** The balancer moves on at once (the page's first try may still meet a cluster that thinks the dead process is there). */
  @Test
  void aPageGoesOnAtOnceWhenTheBalancerMovesOnAtOnce() throws Exception {
    failover(false);
  }

  private void failover(boolean gap) throws Exception {
    int base = ClusterPorts.base(3);
    JsonObject cluster = new JsonObject()
        .put("configFile", "no-such-file.xml")
        .put("name", "parley-test-" + UUID.randomUUID())
        .put("members", new JsonArray().add("127.0.0.1:" + base).add("127.0.0.1:" + (base + 1)).add("127.0.0.1:" + (base + 2)))
        .put("joinWaitSeconds", 1);
    JsonObject config = WebStack.config().put("cluster", cluster.copy().put("port", base));
    // Short, so that an idle timer started by the dead process's detach and not ended by the new
    // attach would close the IM connection while the test still runs.
    config.getJsonObject("session").put("idleTimeoutSeconds", IDLE_SECONDS);

    ProsodyServer prosody = new ProsodyServer().start();
    Vertx main = null;
    List<Process> webs = new ArrayList<>();
    Path dir = Files.createDirectories(Path.of("target", "web-failover"));
    try (LoopbackBalancer balancer = new LoopbackBalancer()) {
      prosody.createUser("alice", "alice-im-pw");
      prosody.createUser("bob", "bob-im-pw");
      String aliceJid = "alice@" + prosody.domain();
      String bobJid = "bob@" + prosody.domain();
      int webPorts = ClusterPorts.base(2);
      int[] ports = {webPorts, webPorts + 1};
      for (int i = 0; i < 2; i++) {
        Path webConfig = dir.resolve("web-" + i + ".json");
        Files.writeString(webConfig, new JsonObject()
            .put("web", new JsonObject().put("host", "127.0.0.1").put("port", ports[i]))
            .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
            .put("cluster", cluster.copy().put("port", base + 1 + i)).encodePrettily());
        webs.add(SeparateJvm.start(Main.class, webConfig, dir.resolve("web-" + i + ".log")));
      }
      for (int i = 0; i < 2; i++) {
        awaitListening(webs.get(i), ports[i], 120_000, "web-" + i + ".log");
      }
      // This process is a lite member (joining after the web processes): the cluster's maps live only in them.
      HazelcastClusterManager manager = new HazelcastClusterManager(ClusterBoot.hazelcastConfig(config).setLiteMember(true));
      main = Vertx.builder().withClusterManager(manager).buildClustered().await();
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      main.deployVerticle(new SessionVerticle(), options).await();
      main.deployVerticle(new BillingVerticle(), options).await();
      main.deployVerticle(new XmppNodeVerticle(), options).await();
      balancer.route(ports[0], ports[1]);

      List<String> sent = new ArrayList<>();
      try (Browser browser = new Browser();
           SmackPeer bob = new SmackPeer("bob", "bob-im-pw", prosody.domain(), prosody.port())) {
        ParleyPage alice = new ParleyPage(browser, balancer.port()).open();
        alice.signUp("alice", "alice-parley-pw");
        alice.addXmppAccount(aliceJid, "alice-im-pw", prosody.port());
        alice.waitAccountState(aliceJid, "connected");
        alice.addContact(bobJid, "Bob");
        alice.openChat(bobJid);
        browser.text("#bridge-state", "connected");

        // The web process to kill is the one holding the sign-in session's primary copy (the test's
        // own member is a lite member and holds none): only the map's backup keeps the user signed in.
        String cookie = browser.driver.manage().getCookieNamed(WebVerticle.SESSION_COOKIE).getValue();
        HazelcastInstance hz = manager.getHazelcastInstance();
        assertTrue(hz.getMap(ClusterBoot.SIGN_IN_SESSIONS_MAP).containsKey(cookie), "the sign-in session is not in the cluster's map");
        int ownerPort = hz.getPartitionService().getPartition(cookie).getOwner().getAddress().getPort();
        int doomed = ownerPort - (base + 1);
        assertTrue(doomed == 0 || doomed == 1, "the session's primary copy is on member port " + ownerPort);
        int survivor = 1 - doomed;
        System.out.println("The sign-in session's primary copy is on web process " + doomed + ": it is the one killed");
        if (doomed == 1) {
          // The page is on the first web process: the balancer moves it to the second.
          balancer.route(ports[1], ports[0]);
          balancer.cutAll();
          browser.waitFor("the page connected to the other web process",
              d -> "connected".equals(d.findElement(By.id("bridge-state")).getText()));
        }
        browser.script("window.__bridgeStates = [];"
            + "const el = document.getElementById('bridge-state');"
            + "new MutationObserver(() => window.__bridgeStates.push(el.textContent))"
            + ".observe(el, {childList: true, characterData: true, subtree: true});");

        for (int i = 1; i <= 5; i++) {
          send(bob, aliceJid, "before " + i, sent);
        }
        alice.waitMessage(bobJid, "in", "before 5");

        // A message goes out; the web process dies before its answer reaches the page.
        alice.recordChatNotices(bobJid);
        WebElement input = browser.visible(alice.chatSelector(bobJid) + " .chat-input");
        balancer.loseAnswers(true);
        alice.say(bobJid, "in flight");
        Message inFlight = bob.next(15);
        assertNotNull(inFlight, "the message in flight never reached bob");
        assertEquals("in flight", inFlight.getBody());
        if (gap) {
          balancer.route(); // its health check has not moved on yet
        } else {
          balancer.route(ports[survivor]);
        }
        long killed = System.currentTimeMillis();
        webs.get(doomed).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        balancer.loseAnswers(false);
        for (int i = 1; i <= 5; i++) {
          send(bob, aliceJid, "during " + i, sent);
        }
        if (gap) {
          browser.text("#bridge-state", "reconnecting");
          String unsure = browser.waitFor("a word on the message in flight", d -> {
            String t = d.findElement(By.cssSelector(alice.chatSelector(bobJid) + " .chat-error")).getText();
            return t.isBlank() ? null : t;
          });
          assertFalse(unsure.contains("Not sent"), "the page says a message that went out was not sent: " + unsure);
          // The page sends it again itself once it is back (same client message id: the session sends it once);
          // until then it shows in the chat as on its way (its text left the box when Enter queued it), and
          // the person pressing Enter in the gap sends nothing more.
          alice.waitChatError(bobJid, "sending it again once it is back");
          assertEquals(List.of("in flight"), alice.queuedTexts(bobJid), "the message whose answer was lost shows as on its way");
          assertEquals("", input.getDomProperty("value"), "the text left the box when it was sent");
          alice.pressEnter(bobJid);
          Thread.sleep(500);
          assertEquals(List.of("in flight"), alice.queuedTexts(bobJid), "Enter in the gap adds nothing");
          alice.waitChatError(bobJid, "sending it again once it is back");
          assertEquals(List.of(), outTexts(alice, bobJid), "shown as sent while away");
          // The balancer moves on to the other web process; the page comes back by itself.
          balancer.route(ports[survivor]);
        }
        long back = System.currentTimeMillis();
        browser.waitFor("the page connected again", d -> "connected".equals(d.findElement(By.id("bridge-state")).getText()));
        System.out.println("Page connected again " + (System.currentTimeMillis() - back) + " ms after the balancer moved on, "
            + (System.currentTimeMillis() - killed) + " ms after the kill");
        browser.text("#me", "alice");
        // Past the idle time since the kill: the account is still connected, as the page is attached again.
        Thread.sleep(Math.max(0, killed + (IDLE_SECONDS + 2) * 1000L - System.currentTimeMillis()));
        alice.waitAccountState(aliceJid, "connected");
        for (int i = 1; i <= 5; i++) {
          send(bob, aliceJid, "after " + i, sent);
        }
        alice.waitMessage(bobJid, "in", "after 5");
        alice.waitMessage(bobJid, "out", "in flight");
        // The stream showed it went out: its text leaves the input (not sent twice) and the line about it goes.
        browser.waitFor("the input emptied of what went out", d -> input.getDomProperty("value").isEmpty()
            && d.findElement(By.cssSelector(alice.chatSelector(bobJid) + " .chat-error")).getText().isBlank()
            && alice.queuedTexts(bobJid).isEmpty());
        Thread.sleep(1500); // time for a second copy to show, if one were coming
        assertEquals(sent, inTexts(alice, bobJid), "every message once, in order");
        assertEquals(List.of("in flight"), outTexts(alice, bobJid), "the message that went out, once");

        // The user can send again, and what was refused in the gap never went out.
        alice.say(bobJid, "back again");
        alice.waitMessage(bobJid, "out", "back again");
        Message got = bob.next(15);
        assertNotNull(got, "bob never got the message sent after the failover");
        assertEquals("back again", got.getBody());
        assertEquals(List.of("in flight", "back again"), outTexts(alice, bobJid));

        List<String> notices = alice.chatNoticesSeen();
        assertTrue(notices.stream().anyMatch(n -> n.contains("lost while sending")), "chat notices: " + notices);
        // Resent by the page itself, never refused as not sent.
        assertFalse(notices.stream().anyMatch(n -> n.contains("Not sent")), "chat notices: " + notices);
        assertFalse(notices.stream().anyMatch(n -> STACK_TRACE.matcher(n).find()), "chat notices: " + notices);
        List<?> states = (List<?>) browser.script("return window.__bridgeStates;");
        assertTrue(states.stream().anyMatch(s -> String.valueOf(s).startsWith("reconnecting")), "states shown: " + states);
        assertFalse(browser.all("#username").stream().anyMatch(WebElement::isDisplayed), "the page went back to sign-in");
        for (WebElement e : browser.all("#notice, .chat-error, #bridge-state")) {
          assertFalse(STACK_TRACE.matcher(e.getText()).find(), "the page shows a stack trace: " + e.getText());
        }
      }
    } finally {
      for (Process p : webs) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (main != null) {
        main.close().await();
      }
      prosody.stop();
    }
  }

  private static void send(SmackPeer peer, String to, String text, List<String> sent) throws Exception {
    peer.send(to, text);
    sent.add(text);
  }

  private static List<String> inTexts(ParleyPage page, String jid) {
    return page.browser.all(page.chatSelector(jid) + " .chat-message.in .chat-text").stream().map(WebElement::getText).toList();
  }

  private static List<String> outTexts(ParleyPage page, String jid) {
    return page.browser.all(page.chatSelector(jid) + " .chat-message.out .chat-text").stream().map(WebElement::getText).toList();
  }

  private static void awaitListening(Process process, int port, long ms, String log) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      if (!process.isAlive()) {
        throw new AssertionError("a web process ended early; see target/web-failover/" + log);
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("a web process did not listen within " + ms + " ms; see target/web-failover/" + log);
  }

}
