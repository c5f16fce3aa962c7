package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * Export contents, in real headless Chromium against the all-in-one Parley with a real Prosody and
 * the OSCAR test server: Alice has Bob merged across her XMPP and AIM accounts and another chat
 * with Dave; she downloads Bob's conversation and all her history from the page, as JSON and as
 * text, and the files hold each of her messages once, in order, with network, direction and time:
 * Bob's on both networks in his one export, Dave's only in all history, nothing of Carol (another
 * Parley user Bob writes to).
 */
@Timeout(300)
class ExportBrowserTest {
  private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static ProsodyAndParley stack;
  private static OscarTestServer aim;
  private static Vertx vertx;
  private static Path downloads;
  private static Browser browserForShots;

  @BeforeAll
  static void start() throws Exception {
    aim = new OscarTestServer().start();
    aim.addUser("Alice Smith", "alice-aim");
    aim.addUser("Bob Jones", "bob-aim");
    // Four downloads within a second or two: more than the burst of three exports, and faster than one a
    // second (3,600 an hour) refills it; a refused export never reaches Chromium's download folder.
    JsonObject config = WebStack.config();
    config.getJsonObject("session").put("exportsPerHour", 360_000.0);
    stack = new ProsodyAndParley(config, "alice", "alice-im-pw", "bob", "bob-im-pw", "dave", "dave-im-pw",
        "carol", "carol-im-pw");
    vertx = Vertx.vertx();
    downloads = Files.createTempDirectory("parley-downloads");
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
    if (downloads != null) {
      try (Stream<Path> files = Files.walk(downloads)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aMergedPersonsConversationAndAllHistoryAsJsonAndText() throws Exception {
    String aliceJid = stack.jid("alice");
    String bobJid = stack.jid("bob");
    String daveJid = stack.jid("dave");
    int port = stack.parley.webPort();
    try (SmackPeer bobOnXmpp = new SmackPeer("bob", "bob-im-pw", stack.prosody.domain(), stack.prosody.port());
         SmackPeer dave = new SmackPeer("dave", "dave-im-pw", stack.prosody.domain(), stack.prosody.port());
         BridgeUser bobOnAim = BridgeUser.signUp(vertx, port, "bob");
         Browser browser = new Browser(downloads)) {
      browserForShots = browser;
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
      PeoplePage people = new PeoplePage(alice);
      people.addContactOn("alicesmith", "Bob Jones", "Bob");
      alice.browser.visible(alice.contactSelector("bobjones"));
      people.open(people.merge(people.suggestion("Bob and Bob may be one person (")));

      // Bob on both networks, Dave between, Alice's answers through each network; Carol's message is hers.
      bobOnXmpp.send(aliceJid, "Hello from XMPP");
      alice.browser.text(".person-chat .chat-message.in[data-network='xmpp'] .chat-text", "Hello from XMPP");
      bobOnAim.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", bobAim)
          .put("to", "alicesmith").put("text", "Hello from AIM\nsecond line"));
      alice.browser.text(".person-chat .chat-message.in[data-network='oscar'] .chat-text", "Hello from AIM");
      dave.send(aliceJid, "Hi, Dave here");
      alice.browser.text(".recent-chat .recent-last", "Hi, Dave here");
      people.send("Answer on AIM");
      alice.browser.text(".person-chat .chat-message.out[data-network='oscar'] .chat-text", "Answer on AIM");
      bobOnXmpp.send(aliceJid, "Back on XMPP");
      alice.browser.text(".person-chat .chat-message.in[data-network='xmpp'] .chat-text", "Back on XMPP");
      alice.browser.text(".person-chat .person-via", "Replies go through XMPP (" + bobJid);
      people.send("Answer on XMPP");
      alice.browser.text(".person-chat .chat-message.out[data-network='xmpp'] .chat-text", "Answer on XMPP");
      // Carol signs up only now: a bridge left idle for a minute may be closed.
      try (BridgeUser carol = BridgeUser.signUp(vertx, port, "carol")) {
        carol.addXmppAccount(stack.jid("carol"), "carol-im-pw", stack.prosody.port());
        bobOnXmpp.send(stack.jid("carol"), "For Carol only");
        carol.waitEvent(BrowserEvent.MESSAGE, e -> "For Carol only".equals(e.getJsonObject("message").getString("text")), 30_000);
      }

      // Bob's conversation, from the page while it is open: both networks in one file.
      alice.browser.text(".export-links", "Export this conversation:");
      alice.browser.visible("#export-chat-json").click();
      JsonObject person = new JsonObject(download("parley-person-", ".json"));
      alice.browser.visible("#export-chat-txt").click();
      String personText = download("parley-person-", ".txt");
      List<Row> bob = List.of(
          new Row("xmpp", aliceJid, bobJid, "in", "Hello from XMPP"),
          new Row("oscar", "alicesmith", "bobjones", "in", "Hello from AIM\nsecond line"),
          new Row("oscar", "alicesmith", "bobjones", "out", "Answer on AIM"),
          new Row("xmpp", aliceJid, bobJid, "in", "Back on XMPP"),
          new Row("xmpp", aliceJid, bobJid, "out", "Answer on XMPP"));
      assertEquals("alice", person.getString("user"));
      assertEquals(alice.browser.visible(".person-entry").getAttribute("data-person-id"), person.getString("personId"));
      assertNull(person.getJsonObject("chat"));
      JsonArray personMessages = assertRows(bob, person);
      assertText(personMessages, personText, "Parley history of alice, one person's conversation on all their networks");

      // All history: Dave's chat too, in the order it came; still nothing of Carol's.
      alice.browser.visible("#export-all-json").click();
      JsonObject all = new JsonObject(download("parley-history-", ".json"));
      alice.browser.visible("#export-all-txt").click();
      String allText = download("parley-history-", ".txt");
      List<Row> everything = new ArrayList<>(bob);
      everything.add(2, new Row("xmpp", aliceJid, daveJid, "in", "Hi, Dave here"));
      assertNull(all.getValue("personId"));
      JsonArray allMessages = assertRows(everything, all);
      assertText(allMessages, allText, "Parley history of alice, exported ");
      for (String file : List.of(person.encode(), personText, all.encode(), allText)) {
        assertFalse(file.contains("Carol"), "nothing of another user: " + file);
      }
      alice.browser.screenshot("export-links");
    }
  }

  /** A message as the export should show it. */
  private record Row(String network, String account, String peer, String direction, String text) {
  }

  /** The JSON export has exactly these messages in this order, each with a time, the times in order; answers them. */
  private static JsonArray assertRows(List<Row> expected, JsonObject export) {
    JsonArray messages = export.getJsonArray("messages");
    List<Row> got = new ArrayList<>();
    long lastTs = 0;
    long lastId = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.getJsonObject(i);
      got.add(new Row(m.getString("network"), m.getString("account"), m.getString("peer"), m.getString("direction"),
          m.getString("text")));
      assertEquals(Instant.ofEpochMilli(m.getLong("ts")).toString(), m.getString("time"));
      assertTrue(m.getLong("ts") >= lastTs && m.getLong("ts") > System.currentTimeMillis() - 600_000, m.encode());
      assertTrue(m.getLong("id") > lastId, "each message once, in order: " + messages.encode());
      lastTs = m.getLong("ts");
      lastId = m.getLong("id");
    }
    assertEquals(expected, got);
    return messages;
  }

  /** The text export: the heading, then each message on its line(s) as the JSON one has it. */
  private static void assertText(JsonArray messages, String text, String heading) {
    assertTrue(text.startsWith(heading), text);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.getJsonObject(i);
      boolean in = "in".equals(m.getString("direction"));
      String account = m.getString("account");
      String peer = m.getString("peer");
      body.append(TEXT_TIME.format(Instant.ofEpochMilli(m.getLong("ts")))).append("  ").append(m.getString("network"))
          .append(' ').append(account).append("  ").append(in ? peer : account).append(" → ").append(in ? account : peer)
          .append(": ").append(m.getString("text").replace("\n", "\n    ")).append('\n');
    }
    assertEquals(body.toString(), text.substring(text.indexOf("\n\n") + 2));
  }

  /** The one finished download named {@code prefix…suffix}, read and then removed (waits at most 20 s). */
  private static String download(String prefix, String suffix) throws Exception {
    long end = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < end) {
      List<Path> done;
      try (Stream<Path> files = Files.list(downloads)) {
        done = files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
            .toList();
      }
      if (done.size() == 1) {
        String content = Files.readString(done.get(0), StandardCharsets.UTF_8);
        // A file Chromium renamed into place is whole: the JSON ends with its bracket, the text with a line's end.
        if (content.endsWith("\n")) {
          Files.delete(done.get(0));
          return content;
        }
      }
      assertTrue(done.size() <= 1, "one download of " + prefix + "…" + suffix + ": " + done);
      Thread.sleep(100);
    }
    browserForShots.screenshot("export-no-download-" + prefix);
    Object answer = ((org.openqa.selenium.JavascriptExecutor) browserForShots.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
        + "fetch(document.querySelector('#export-all-txt').href).then(r => r.text().then(t => done(r.status + ' ' + t.slice(0, 300))),"
        + " e => done(String(e)));");
    throw new AssertionError("no download " + prefix + "…" + suffix + " in 20 s; in the folder: " + list() + "; fetched: " + answer);
  }

  private static List<String> list() throws IOException {
    try (Stream<Path> files = Files.list(downloads)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
