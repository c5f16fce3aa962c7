package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    return NodeHarness.realServerConfig();
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

  private static JsonObject roomSend(String room, String text, String messageId) {
    return new JsonObject().put("room", room).put("text", text).put("messageId", messageId);
  }

  @Test
  void aChannelIsAGroupChatWithMembersTopicInvitationsAndAKickExplained() {
    String dana = nick("da");
    String account = signOn(dana);
    String channel = "#p" + nicks.incrementAndGet();
    try (IrcPeer op = new IrcPeer(server().host(), server().port(), nick("op"));
         IrcPeer vic = new IrcPeer(server().host(), server().port(), nick("vi"))) {
      op.join(channel); // the first in a channel is its operator
      op.send("MODE " + channel + " +t");
      vic.join(channel);
      JsonObject joined = node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", channel).put("nick", dana));
      assertEquals(channel, joined.getString("room"));
      assertEquals(dana, joined.getString("nick"));
      JsonObject state = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> true);
      assertEquals("joined", state.getString("state"));
      assertEquals(channel, state.getString("room"));
      op.await(l -> l.contains("JOIN") && l.contains(channel));
      // Members with their modes: the operator a moderator (and admin), the others participants; never the account itself.
      JsonObject opIn = node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> op.nick.equals(e.getString("nick")));
      assertEquals(true, opIn.getBoolean("available"));
      assertEquals("moderator", opIn.getString("role"));
      assertEquals("admin", opIn.getString("affiliation"));
      JsonObject vicIn = node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> vic.nick.equals(e.getString("nick")));
      assertEquals("participant", vicIn.getString("role"));
      assertTrue(node.eventsOf(account, NodeEvent.ROOM_OCCUPANT).stream().noneMatch(e -> dana.equals(e.getString("nick"))));
      op.send("MODE " + channel + " +v " + vic.nick);
      JsonObject voiced = node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> vic.nick.equals(e.getString("nick")));
      assertEquals("member", voiced.getString("affiliation"));
      JsonObject said = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> e.getString("text").contains("voice"));
      assertEquals("", said.getString("nick"));
      assertEquals(op.nick + " gave " + vic.nick + " a voice (may speak in a moderated channel).", said.getString("text"));

      op.send("PRIVMSG " + channel + " :welcome " + dana);
      JsonObject in = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> op.nick.equals(e.getString("nick")));
      assertEquals(channel, in.getString("room"));
      assertEquals("welcome " + dana, in.getString("text"));
      op.send("PRIVMSG " + channel + " :\u0001ACTION grins\u0001");
      assertEquals("/me grins", node.awaitEvent(account, NodeEvent.ROOM_MESSAGE,
          e -> op.nick.equals(e.getString("nick"))).getString("text"));

      // The account's own message comes back to it with its messageId: the channel got it.
      node.command(NodeCommand.SEND_ROOM_MESSAGE, account, roomSend(channel, "thanks", "41"));
      assertTrue(op.await(l -> l.contains("PRIVMSG " + channel)).endsWith(":thanks"));
      JsonObject own = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> "41".equals(e.getString("messageId")));
      assertEquals(dana, own.getString("nick"));
      assertEquals("thanks", own.getString("text"));
      node.command(NodeCommand.SEND_ROOM_MESSAGE, account, roomSend(channel, "/me waves", "42"));
      assertTrue(op.await(l -> l.contains("PRIVMSG " + channel)).endsWith(":\u0001ACTION waves\u0001"));
      assertEquals("/me waves", node.awaitEvent(account, NodeEvent.ROOM_MESSAGE,
          e -> "42".equals(e.getString("messageId"))).getString("text"));

      op.send("TOPIC " + channel + " :All about Parley");
      JsonObject subject = node.awaitEvent(account, NodeEvent.ROOM_SUBJECT, e -> !e.getString("subject").isEmpty());
      assertEquals("All about Parley", subject.getString("subject"));
      assertEquals(op.nick, subject.getString("nick"));
      // Only operators may set the topic of a +t channel (both servers make new channels +t).
      var refused = node.failure(parley.contract.Addresses.node(node.nodeId), new JsonObject()
          .put("type", NodeCommand.SET_ROOM_SUBJECT).put("accountId", account).put("room", channel).put("subject", "mine"));
      NodeHarness.assertFailure(refused, FailureCode.IM_ERROR);
      assertEquals("Only channel operators may change the topic of " + channel + ".", refused.getMessage());

      // Made an operator (InspIRCd lets only operators invite): the account's own role changes in room-state.
      op.send("MODE " + channel + " +o " + dana);
      JsonObject promoted = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "moderator".equals(e.getString("role")));
      assertEquals("admin", promoted.getString("affiliation"));
      assertEquals(dana, promoted.getString("nick"));

      // Invitations both ways.
      try (IrcPeer ivy = new IrcPeer(server().host(), server().port(), nick("iv"))) {
        node.command(NodeCommand.INVITE_TO_ROOM, account, new JsonObject().put("room", channel).put("jid", ivy.nick));
        assertTrue(ivy.await(l -> l.contains(" INVITE ")).endsWith(channel), "ivy was invited");
        String other = "#o" + nicks.incrementAndGet();
        ivy.join(other);
        ivy.send("INVITE " + dana + " " + other);
        JsonObject invitation = node.awaitEvent(account, NodeEvent.ROOM_INVITATION, e -> true);
        assertEquals(other, invitation.getString("room"));
        assertEquals(ivy.nick, invitation.getString("from"));
      }

      vic.send("PART " + channel);
      JsonObject gone = node.awaitEvent(account, NodeEvent.ROOM_OCCUPANT, e -> vic.nick.equals(e.getString("nick"))
          && !e.getBoolean("available"));
      assertEquals(channel, gone.getString("room"));

      op.send("KICK " + channel + " " + dana + " :bye now");
      JsonObject left = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "left".equals(e.getString("state")));
      assertEquals(FailureCode.IM_ERROR.name(), left.getJsonObject("error").getString("code"));
      assertEquals(op.nick + " kicked you out of " + channel + " (bye now).", left.getJsonObject("error").getString("text"));

      var failure = node.failure(parley.contract.Addresses.node(node.nodeId),
          roomSend(channel, "still here?", "43").put("type", NodeCommand.SEND_ROOM_MESSAGE).put("accountId", account));
      NodeHarness.assertFailure(failure, FailureCode.IM_ERROR);
      assertEquals("You are not in the room " + channel + "; join it first.", failure.getMessage());

      // A ban keeps the account out, said in words.
      op.send("MODE " + channel + " +b " + dana + "!*@*");
      op.await(l -> l.contains("MODE " + channel + " +b"));
      var banned = node.failure(parley.contract.Addresses.node(node.nodeId), new JsonObject()
          .put("type", NodeCommand.JOIN_ROOM).put("accountId", account).put("room", channel).put("nick", dana));
      NodeHarness.assertFailure(banned, FailureCode.IM_ERROR);
      assertEquals("You are banned from " + channel + "; you cannot join it.", banned.getMessage());
    }
  }

  @Test
  void aKeyedChannelIsJoinedWithItsKeyAndLeft() {
    String kay = nick("ka");
    String account = signOn(kay);
    String channel = "#k" + nicks.incrementAndGet();
    try (IrcPeer op = new IrcPeer(server().host(), server().port(), nick("op"))) {
      op.join(channel);
      op.send("MODE " + channel + " +k sesame");
      op.await(l -> l.contains("MODE " + channel));
      var refused = node.failure(parley.contract.Addresses.node(node.nodeId), new JsonObject()
          .put("type", NodeCommand.JOIN_ROOM).put("accountId", account).put("room", channel).put("nick", kay));
      NodeHarness.assertFailure(refused, FailureCode.IM_ERROR);
      assertEquals(channel + " needs a key (a password) to join.", refused.getMessage());
      JsonObject out = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "left".equals(e.getString("state")));
      assertEquals(channel + " needs a key (a password) to join.", out.getJsonObject("error").getString("text"));
      node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", channel).put("nick", kay).put("password", "sesame"));
      op.await(l -> l.contains("JOIN") && l.startsWith(":" + kay + "!"));
      node.command(NodeCommand.LEAVE_ROOM, account, new JsonObject().put("room", channel));
      op.await(l -> l.contains("PART") && l.startsWith(":" + kay + "!"));
      JsonObject left = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "left".equals(e.getString("state")));
      assertNull(left.getValue("error"));
    }
  }

  @Test
  void afterTheServerIsKilledTheAccountReconnectsAndRejoinsItsChannels() {
    String erin = nick("er");
    String account = signOn(erin);
    String channel = "#r" + nicks.incrementAndGet();
    node.command(NodeCommand.JOIN_ROOM, account, new JsonObject().put("room", channel).put("nick", erin));

    server().halt();
    JsonObject reconnecting = node.awaitState(account, "reconnecting");
    assertEquals("IM_CONNECTION_LOST", reconnecting.getJsonObject("error").getString("code"));
    server().start();
    node.awaitState(account, "connected");
    node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "joined".equals(e.getString("state"))); // the first join
    JsonObject again = node.awaitEvent(account, NodeEvent.ROOM_STATE, e -> "joined".equals(e.getString("state")));
    assertEquals(channel, again.getString("room"));

    try (IrcPeer frank = new IrcPeer(server().host(), server().port(), nick("fr"))) {
      String names = frank.join(channel);
      assertTrue(names.contains(erin), "the node rejoined " + channel + ": " + names);
      frank.send("PRIVMSG " + channel + " :you are back");
      JsonObject in = node.awaitEvent(account, NodeEvent.ROOM_MESSAGE, e -> e.getString("text").contains("back"));
      assertEquals(frank.nick, in.getString("nick"));
      assertEquals("you are back", in.getString("text"));
    }
  }
}

