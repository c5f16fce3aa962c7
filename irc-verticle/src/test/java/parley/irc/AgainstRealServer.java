package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.irc.testing.IrcPeer;
import parley.irc.testing.IrcServerProcess;

/**
 * The node against a real IRC server from Debian, the other person a plain IRC client on a raw socket.
 * Nicknames are short (ngIRCd allows 9 characters) and fresh in every test.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
abstract class AgainstRealServer {
  private static final AtomicInteger nicks = new AtomicInteger();

  NodeHarness node;

  abstract IrcServerProcess server();

  JsonObject nodeConfig() {
    return NodeHarness.fastConfig();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, nodeConfig());
  }

  static String nick(String name) {
    return name + nicks.incrementAndGet();
  }

  /** Connects {@code nick} without a password (the Debian servers have no services) and waits until it is online. */
  String signOn(String nick) {
    String account = NodeHarness.newAccountId();
    JsonObject roster = node.connectAndAwaitRoster(
        NodeHarness.connectCommand(account, nick, null, server().host(), server().port(), false));
    assertEquals(0, roster.getJsonArray("contacts").size());
    return account;
  }

  private static JsonObject send(String to, String text) {
    return new JsonObject().put("to", to).put("text", text).put("messageId", "m-" + System.nanoTime());
  }

  @Test
  void privateMessagesAndActionsGoBothWays() {
    String alice = nick("al");
    String account = signOn(alice);
    try (IrcPeer bob = new IrcPeer(server().host(), server().port(), nick("bo"))) {
      node.command(NodeCommand.SEND_MESSAGE, account, send(bob.nick, "hello bob"));
      String got = bob.await(l -> l.contains("PRIVMSG " + bob.nick));
      assertTrue(got.startsWith(":" + alice + "!"), got);
      assertTrue(got.endsWith(":hello bob"), got);

      node.command(NodeCommand.SEND_MESSAGE, account, send(bob.nick, "/me waves"));
      assertTrue(bob.await(l -> l.contains("PRIVMSG " + bob.nick)).endsWith(":\u0001ACTION waves\u0001"));

      bob.send("PRIVMSG " + alice + " :hi alice, \u00e7a va?");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals(bob.nick, in.getString("from"));
      assertEquals("hi alice, \u00e7a va?", in.getString("text"));
      assertTrue(Math.abs(System.currentTimeMillis() - in.getLong("ts")) < 60_000);

      bob.send("PRIVMSG " + alice + " :\u0001ACTION grins\u0001");
      assertEquals("/me grins", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    }
  }

  @Test
  void aNicknameInUseIsReplacedByAnAlternative() {
    String carl = nick("ca");
    try (IrcPeer taken = new IrcPeer(server().host(), server().port(), carl)) {
      String account = signOn(carl);
      node.command(NodeCommand.SEND_MESSAGE, account, send(taken.nick, "who am I?"));
      String got = taken.await(l -> l.contains("PRIVMSG " + carl + " "));
      assertTrue(got.startsWith(":" + carl + "_!"), got);
    }
  }

  @Test
  void aChannelIsJoinedTalkedInAndAKickIsExplained() {
    String dana = nick("da");
    String account = signOn(dana);
    String channel = "#p" + nicks.incrementAndGet();
    try (IrcPeer op = new IrcPeer(server().host(), server().port(), nick("op"))) {
      op.join(channel); // the first in a channel is its operator
      node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", channel));
      JsonObject contact = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact");
      assertEquals(channel, contact.getString("jid"));
      assertEquals("IRC channels", contact.getJsonArray("groups").getString(0));
      assertTrue(node.awaitEvent(account, NodeEvent.PRESENCE, e -> channel.equals(e.getString("jid"))).getBoolean("available"));
      op.await(l -> l.contains("JOIN") && l.contains(channel));

      op.send("PRIVMSG " + channel + " :welcome " + dana);
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> e.getString("text").startsWith("<"));
      assertEquals(channel, in.getString("from"));
      assertEquals("<" + op.nick + "> welcome " + dana, in.getString("text"));

      node.command(NodeCommand.SEND_MESSAGE, account, send(channel, "thanks"));
      assertTrue(op.await(l -> l.contains("PRIVMSG " + channel)).endsWith(":thanks"));

      op.send("TOPIC " + channel + " :All about Parley");
      assertEquals("All about Parley", node.awaitEvent(account, NodeEvent.PRESENCE,
          e -> !e.getString("status").isEmpty()).getString("status"));

      op.send("KICK " + channel + " " + dana + " :bye now");
      JsonObject kick = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> e.getString("text").contains("kicked"));
      assertEquals("* " + op.nick + " kicked you out of " + channel + " (bye now).", kick.getString("text"));
      assertEquals(channel, node.awaitEvent(account, NodeEvent.CONTACT_REMOVED, e -> true).getString("jid"));

      var failure = node.failure(parley.contract.Addresses.node(node.nodeId),
          send(channel, "still here?").put("type", NodeCommand.SEND_MESSAGE).put("accountId", account));
      NodeHarness.assertFailure(failure, FailureCode.INVALID_FIELD);
      assertEquals("You are not in " + channel + "; join it first.", failure.getMessage());
    }
  }

  @Test
  void afterTheServerIsKilledTheAccountReconnectsAndRejoinsItsChannels() {
    String erin = nick("er");
    String account = signOn(erin);
    String channel = "#r" + nicks.incrementAndGet();
    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", channel));
    node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true);

    server().halt();
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", reconnecting.getJsonObject("error").getString("code"));
    server().start();
    node.awaitState(account, "connected");
    JsonObject roster = node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
    assertEquals(channel, roster.getJsonArray("contacts").getJsonObject(0).getString("jid"));

    try (IrcPeer frank = new IrcPeer(server().host(), server().port(), nick("fr"))) {
      String names = frank.join(channel);
      assertTrue(names.contains(erin), "the node rejoined " + channel + ": " + names);
      frank.send("PRIVMSG " + channel + " :you are back");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> e.getString("text").contains("back"));
      assertEquals("<" + frank.nick + "> you are back", in.getString("text"));
    }
  }
}
