package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import parley.app.AllInOne;
import parley.boot.ConfigCheck;
import parley.boot.ParleyProcess;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.web.testing.BridgeUser;
import parley.web.testing.HttpUser;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * With the shipped conf/logback.xml and PARLEY_LOG_FORMAT=json, a whole flow (sign-up, an XMPP
 * account added, a message sent and one received) logs JSON lines that carry the user, account
 * and node ids, and never a password or a message text, even at DEBUG for Parley's own code.
 */
class JsonLogsTest {
  private static final String PARLEY_PASSWORD = "parley-pw-amber-lynx-7713";
  private static final String IM_PASSWORD = "im-pw-violet-otter-9931";
  private static final String SENT_TEXT = "tangerine zebra 4217 sings";
  private static final String RECEIVED_TEXT = "marmalade heron 5522 answers";

  @Test
  void aWholeFlowLogsIdsButNoPasswordOrText() throws Exception {
    ProsodyServer prosody = new ProsodyServer();
    prosody.start();
    prosody.createUser("quince", IM_PASSWORD);
    prosody.createUser("quince-peer", "peer-pw");
    JsonObject config = WebStack.config();
    ConfigCheck.check(config, ParleyProcess.ALL_IN_ONE);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    String userId;
    String accountId;
    jsonLogs(true);
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    AllInOne.Running parley = AllInOne.start(config).await();
    try {
      HttpUser http = new HttpUser(parley.vertx(), parley.webPort()).signUp("quince", PARLEY_PASSWORD);
      String jid = "quince@" + prosody.domain();
      String peerJid = "quince-peer@" + prosody.domain();
      try (BridgeUser user = BridgeUser.open(parley.vertx(), http);
           SmackPeer peer = new SmackPeer("quince-peer", "peer-pw", prosody.domain(), prosody.port())) {
        user.request(new JsonObject().put("type", BrowserCommand.ATTACH));
        userId = http.userId();
        accountId = user.addXmppAccount(jid, IM_PASSWORD, prosody.port());
        user.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
            .put("accountId", accountId).put("to", peerJid).put("text", SENT_TEXT));
        Message atPeer = peer.next(15);
        assertNotNull(atPeer, "the peer received nothing");
        assertEquals(SENT_TEXT, atPeer.getBody());
        peer.send(jid, RECEIVED_TEXT);
        user.waitEvent(BrowserEvent.MESSAGE, e -> RECEIVED_TEXT.equals(e.getJsonObject("message").getString("text")), 15_000);
      }
    } finally {
      parley.close().await();
      System.setOut(original);
      jsonLogs(false);
      prosody.stop();
    }

    String all = captured.toString(StandardCharsets.UTF_8);
    for (String secret : List.of(PARLEY_PASSWORD, IM_PASSWORD, SENT_TEXT, RECEIVED_TEXT, "tangerine", "marmalade")) {
      assertFalse(all.contains(secret), "the log contains '" + secret + "'");
    }
    List<JsonObject> lines = new ArrayList<>();
    all.lines().filter(l -> l.startsWith("{")).forEach(l -> lines.add(new JsonObject(l)));
    assertTrue(lines.size() > 5, "JSON log lines: " + lines.size() + "\n" + all);
    assertTrue(lines.stream().allMatch(l -> l.containsKey("message") && l.containsKey("level") && l.containsKey("@timestamp")));
    assertTrue(lines.stream().anyMatch(l -> userId.equals(l.getString("userId")) && accountId.equals(l.getString("accountId"))
            && l.getString("nodeId") != null && l.getString("logger_name").startsWith("parley.xmpp")),
        "no line of the XMPP node with the user, account and node: " + all);
    assertTrue(lines.stream().anyMatch(l -> "parley.session.BrowserCommands".equals(l.getString("logger_name"))
        && userId.equals(l.getString("userId"))), "no browser command logged with the user: " + all);
    assertTrue(lines.stream().anyMatch(l -> "parley.session.ImEvents".equals(l.getString("logger_name"))
        && userId.equals(l.getString("userId")) && accountId.equals(l.getString("accountId")) && l.getString("nodeId") != null),
        "no node event logged with the user, account and node: " + all);
  }

  /** The shipped logback.xml as a process with PARLEY_LOG_FORMAT=json reads it, Parley at DEBUG; or back to the default. */
  private static void jsonLogs(boolean on) throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    if (on) {
      context.putProperty("PARLEY_LOG_FORMAT", "json");
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(Path.of("..", "conf", "logback.xml").toFile());
      context.getLogger("parley").setLevel(Level.DEBUG);
    } else {
      new ContextInitializer(context).autoConfig();
    }
  }

  /** Writes to the console as before and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream console, ByteArrayOutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      console.write(b);
      copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      console.write(b, off, len);
      copy.write(b, off, len);
    }
  }
}
