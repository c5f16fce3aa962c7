package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import parley.contract.FailureCode;
import parley.contract.node.Failure;
import parley.contract.node.RoomInvitation;
import parley.contract.node.RoomMessage;
import parley.contract.node.RoomOccupant;
import parley.contract.node.RoomJoined;
import parley.contract.node.RoomState;
import parley.contract.node.RoomSubject;
import parley.nodekit.NodeEvents;

/**
 * IRC channels as the contract's group chats (docs/bus-contract.md, "IRC"): a channel is a room
 * named by its lower-case name; members are occupants (the account itself is not one: its own role
 * comes in {@code room-state}); the topic is the subject; what happens in the channel that a person
 * should read (modes, others' kicks) is a room message from the room itself (nick ""). It also keeps
 * the commands that wait for the server's answer (a join, a topic, an invitation) and the account's
 * own messages until the server reflects them (echo-message).
 */
final class RoomChannels implements ChannelListener {
  /** Occupants reported per channel, as the contract bounds them. */
  static final int MAX_OCCUPANTS = 2000;
  /** Own messages waiting for their echo per channel; older ones are taken as reflected. */
  private static final int MAX_UNREFLECTED = 100;

  /** An own message sent to a channel: reflected once its last line came back. */
  private static final class Sent {
    final String messageId;
    final String text;
    int linesLeft;
    String stanzaId;

    Sent(String messageId, String text, int lines) {
      this.messageId = messageId;
      this.text = text;
      this.linesLeft = lines;
    }
  }

  private final Vertx vertx;
  private final NodeEvents events;
  private final IrcAccount account;
  private final long answerMs;
  /** What was last reported of each channel's members (not the account), by channel key then nick key: the prefix. */
  private final Map<String, Map<String, Channels.Member>> reported = new HashMap<>();
  /** The account's own prefix last reported per channel (its role in room-state). */
  private final Map<String, String> ownPrefix = new HashMap<>();
  private final Map<String, Promise<JsonObject>> joining = new HashMap<>();
  private final Map<String, Promise<JsonObject>> topics = new HashMap<>();
  /** Invitations waiting for the server's answer, by the invitee's nick key. */
  private final Map<String, Invite> inviting = new HashMap<>();
  private final Map<String, Deque<Sent>> unreflected = new HashMap<>();

  private record Invite(String channel, Promise<JsonObject> answer) {}

  RoomChannels(Vertx vertx, NodeEvents events, IrcAccount account, long answerMs) {
    this.vertx = vertx;
    this.events = events;
    this.account = account;
    this.answerMs = answerMs;
  }

  // ---- the account's role, as the contract names it ----

  /**
   * IRC channel modes as XEP-0045 roles and affiliations: founder (~, q) owner, protected (&amp;, a)
   * and operator (@, o) admin, all three moderators; half-operator (%, h) a moderator and member;
   * voice (+, v) a participant and member; the rest participants without affiliation.
   */
  static String role(String modes) {
    return modes.matches(".*[qaoh].*") ? "moderator" : "participant";
  }

  static String affiliation(String modes) {
    if (modes.indexOf('q') >= 0) {
      return "owner";
    }
    if (modes.indexOf('a') >= 0 || modes.indexOf('o') >= 0) {
      return "admin";
    }
    return modes.indexOf('h') >= 0 || modes.indexOf('v') >= 0 ? "member" : "none";
  }

  private RoomState joinedState(String channel, String prefix) {
    String modes = account.modesOf(prefix);
    return RoomState.joined(Names.key(channel), account.nick(), role(modes), affiliation(modes), false);
  }

  private RoomOccupant occupant(String channel, Channels.Member m, boolean available) {
    if (!available) {
      return RoomOccupant.gone(Names.key(channel), m.nick());
    }
    String modes = account.modesOf(m.prefix());
    return new RoomOccupant(Names.key(channel), m.nick(), true, role(modes), affiliation(modes), null, null, null);
  }

  // ---- what the channels say ----

  @Override
  public void joined(String channel) {
    String key = Names.key(channel);
    ownPrefix.put(key, "");
    reported.put(key, new HashMap<>());
    account.channelJoined(channel);
    events.send(joinedState(channel, ""));
    Promise<JsonObject> p = joining.remove(key);
    if (p != null) {
      p.tryComplete(new RoomJoined(key, account.nick(), false).toJson());
    }
  }

  @Override
  public void left(String channel, String why) {
    String key = Names.key(channel);
    forget(key);
    account.channelLeft(channel);
    events.send(RoomState.left(key, why == null ? null : Failure.of(FailureCode.IM_ERROR, why)));
  }

  private void forget(String key) {
    reported.remove(key);
    ownPrefix.remove(key);
    unreflected.remove(key);
  }

  @Override
  public void joinRefused(String channel, String sentence) {
    String key = Names.key(channel);
    forget(key);
    account.channelLeft(channel);
    Promise<JsonObject> p = joining.remove(key);
    if (p != null) {
      p.tryFail(FailureCode.IM_ERROR.exception(sentence));
    }
    events.send(RoomState.left(key, Failure.of(FailureCode.IM_ERROR, sentence)));
  }

  @Override
  public void topic(Channels.Channel channel, String by) {
    String key = Names.key(channel.name);
    events.send(new RoomSubject(key, channel.topic, by == null ? "" : by));
    if (by != null && Names.key(by).equals(Names.key(account.nick()))) {
      Promise<JsonObject> p = topics.remove(key);
      if (p != null) {
        p.tryComplete(new JsonObject());
      }
    }
  }

  /** The members as occupants: only who came, changed or went since the last report. */
  @Override
  public void members(Channels.Channel channel) {
    String key = Names.key(channel.name);
    Map<String, Channels.Member> before = reported.get(key);
    if (before == null) {
      return;
    }
    String self = Names.key(account.nick());
    Channels.Member own = channel.members.get(self);
    String prefix = own == null ? "" : own.prefix();
    if (!prefix.equals(ownPrefix.get(key))) {
      ownPrefix.put(key, prefix);
      events.send(joinedState(channel.name, prefix));
    }
    before.entrySet().removeIf(e -> {
      if (!channel.members.containsKey(e.getKey()) || e.getKey().equals(self)) {
        events.send(occupant(channel.name, e.getValue(), false));
        return true;
      }
      return false;
    });
    for (Map.Entry<String, Channels.Member> e : channel.members.entrySet()) {
      if (e.getKey().equals(self)) {
        continue;
      }
      Channels.Member was = before.get(e.getKey());
      if (was == null && before.size() >= MAX_OCCUPANTS) {
        continue;
      }
      if (!e.getValue().equals(was)) {
        before.put(e.getKey(), e.getValue());
        events.send(occupant(channel.name, e.getValue(), true));
      }
    }
  }

  @Override
  public void message(String channel, Incoming m) {
    account.seen(m);
    events.send(roomMessage(channel, m.from(), m.shown(), m));
  }

  private static RoomMessage roomMessage(String channel, String nick, String text, Incoming m) {
    return new RoomMessage(Names.key(channel), nick, text, m.ts(), m.id(), m.history(), null, m.id());
  }

  @Override
  public void ownEcho(String channel, Incoming m) {
    Deque<Sent> waiting = unreflected.get(Names.key(channel));
    Sent sent = waiting == null ? null : waiting.peekFirst();
    if (sent == null) {
      // Not sent from here (another client on the same bouncer): shown as the account's, with no messageId.
      events.send(roomMessage(channel, m.from(), m.shown(), m));
      return;
    }
    if (sent.stanzaId == null) {
      sent.stanzaId = m.id();
    }
    if (--sent.linesLeft > 0) {
      return;
    }
    waiting.removeFirst();
    reflected(channel, sent, m.ts());
  }

  private void reflected(String channel, Sent sent, long ts) {
    events.send(new RoomMessage(Names.key(channel), account.nick(), sent.text, ts, sent.stanzaId, false,
        sent.messageId, sent.stanzaId));
  }

  /** The account's message is about to go out in {@code lines} lines: reflected when the server's echo of the last comes back. */
  void sending(String channel, String messageId, String text, int lines) {
    Deque<Sent> waiting = unreflected.computeIfAbsent(Names.key(channel), k -> new ArrayDeque<>());
    if (waiting.size() >= MAX_UNREFLECTED) {
      waiting.removeFirst();
    }
    waiting.addLast(new Sent(messageId, text, lines));
  }

  /** Written to a server without echo-message: it sends nothing back, so the message counts as reflected now. */
  void writtenWithoutEcho(String channel, String messageId, String text) {
    reflected(channel, new Sent(messageId, text, 0), System.currentTimeMillis());
  }

  /** The message {@code messageId} to {@code channel} was refused (by the server, or not sent): no echo of it will come. */
  void refused(String channel, String messageId) {
    Deque<Sent> waiting = unreflected.get(Names.key(channel));
    if (waiting != null && messageId != null) {
      waiting.removeIf(sent -> messageId.equals(sent.messageId));
    }
  }

  @Override
  public void notice(String channel, String sentence) {
    events.send(new RoomMessage(Names.key(channel), "", sentence, System.currentTimeMillis(), null, false, null, null));
  }

  @Override
  public void invited(String channel, String from) {
    events.send(new RoomInvitation(Names.key(channel), from, true, null, null));
  }

  // ---- commands waiting for the server ----

  /** Completes when the server confirms the JOIN of {@code channel}, fails with its refusal in words. */
  Future<JsonObject> awaitJoin(String channel) {
    return awaiting(joining, Names.key(channel), "The IRC server did not answer joining " + channel + " in time; try again later.");
  }

  Future<JsonObject> awaitTopic(String channel) {
    return awaiting(topics, Names.key(channel), "The IRC server did not answer the new topic of " + channel + " in time.");
  }

  Future<JsonObject> awaitInvite(String channel, String nick) {
    Promise<JsonObject> p = Promise.promise();
    Invite before = inviting.put(Names.key(nick), new Invite(channel, p));
    if (before != null) {
      before.answer().tryComplete(new JsonObject());
    }
    long timer = vertx.setTimer(answerMs, id -> {
      inviting.remove(Names.key(nick), new Invite(channel, p));
      p.tryFail(FailureCode.IM_ERROR.exception("The IRC server did not answer the invitation of " + nick + " in time."));
    });
    return p.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private Future<JsonObject> awaiting(Map<String, Promise<JsonObject>> pending, String key, String timeout) {
    Promise<JsonObject> p = pending.get(key);
    if (p != null) {
      return p.future();
    }
    Promise<JsonObject> fresh = Promise.promise();
    pending.put(key, fresh);
    long timer = vertx.setTimer(answerMs, id -> {
      pending.remove(key, fresh);
      fresh.tryFail(FailureCode.IM_ERROR.exception(timeout));
    });
    return fresh.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** A numeric about a channel command: an invitation done or refused, a topic refused. */
  void reply(int numeric, String target, String channel) {
    switch (numeric) {
      case 341 -> answerInvite(target, null);
      case 443 -> answerInvite(target, target + " is already in " + channel + ".");
      case 401 -> answerInvite(target, "There is nobody called " + target + " on this IRC server now.");
      case 482, 442 -> {
        String key = Names.key(channel);
        String why = numeric == 442 ? "You are not in the room " + channel + "; join it first."
            : "Only channel operators may change the topic of " + channel + ".";
        Promise<JsonObject> topic = topics.remove(key);
        if (topic != null) {
          topic.tryFail(FailureCode.IM_ERROR.exception(why));
          return;
        }
        inviting.values().removeIf(i -> {
          if (Names.key(i.channel()).equals(key)) {
            i.answer().tryFail(FailureCode.IM_ERROR.exception(numeric == 442 ? why
                : channel + " does not let you invite people (only its operators may)."));
            return true;
          }
          return false;
        });
      }
      default -> { }
    }
  }

  private void answerInvite(String nick, String refusal) {
    Invite i = nick == null ? null : inviting.remove(Names.key(nick));
    if (i != null) {
      if (refusal == null) {
        i.answer().tryComplete(new JsonObject());
      } else {
        i.answer().tryFail(FailureCode.IM_ERROR.exception(refusal));
      }
    }
  }

  /** The connection is gone: what waited for its answer fails in words; what is said again comes on the next. */
  void connectionEnded() {
    String why = "The connection to the IRC server was lost; try again once it is back.";
    joining.values().forEach(p -> p.tryFail(FailureCode.IM_ERROR.exception(why)));
    topics.values().forEach(p -> p.tryFail(FailureCode.IM_ERROR.exception(why)));
    inviting.values().forEach(i -> i.answer().tryFail(FailureCode.IM_ERROR.exception(why)));
    joining.clear();
    topics.clear();
    inviting.clear();
    reported.clear();
    ownPrefix.clear();
    unreflected.clear();
  }

  /** Everything about the channels again (a new shard owner adopting the connection). */
  void resync(Collection<Channels.Channel> channels) {
    for (Channels.Channel c : channels) {
      String key = Names.key(c.name);
      Channels.Member own = c.members.get(Names.key(account.nick()));
      events.send(joinedState(c.name, own == null ? "" : own.prefix()));
      reported.put(key, new HashMap<>());
      ownPrefix.put(key, own == null ? "" : own.prefix());
      members(c);
      events.send(new RoomSubject(key, c.topic, ""));
    }
  }
}
