package parley.irc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import parley.irc.wire.IrcLine;

/**
 * The channels one connection is in: members (with their prefix, "@" operator, "+" voice, ...),
 * topic and the channel events a person should see, explained in words. It owns this state and
 * reports changes to a {@link ChannelListener}; what becomes of them on the bus is the listener's
 * business (the contract's rooms; see {@code RoomChannels}).
 */
final class Channels {
  /** Bounds on what a server can make Parley hold for one connection (a forced join of thousands, a huge NAMES). */
  static final int MAX_CHANNELS = 200;
  static final int MAX_MEMBERS = 20_000;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Channels.class);
  private final ChannelListener listener;
  /** By channel key; each channel's members by nick key, with the nick as shown and its prefix. */
  private final Map<String, Channel> joined = new LinkedHashMap<>();
  private String prefixModes = "ov";
  private String prefixSymbols = "@+";

  static final class Channel {
    final String name;
    String topic = "";
    final Map<String, Member> members = new TreeMap<>();
    /** Set by NAMES replies until their end (366): a fresh list replaces the old. */
    Map<String, Member> incoming;

    Channel(String name) {
      this.name = name;
    }
  }

  record Member(String nick, String prefix) {}

  Channels(ChannelListener listener) {
    this.listener = listener;
  }

  /** ISUPPORT PREFIX, e.g. "(qaohv)~&@%+". */
  void prefix(String value) {
    int close = value.indexOf(')');
    if (value.startsWith("(") && close > 0 && value.length() - close - 1 == close - 1) {
      prefixModes = value.substring(1, close);
      prefixSymbols = value.substring(close + 1);
    }
  }

  Collection<Channel> all() {
    return joined.values();
  }

  boolean in(String channel) {
    return joined.containsKey(Names.key(channel));
  }

  void selfJoined(String channel) {
    if (!joined.containsKey(Names.key(channel)) && joined.size() >= MAX_CHANNELS) {
      log.warn("The IRC server joined the account to more than {} channels; {} is ignored", MAX_CHANNELS, channel);
      return;
    }
    joined.putIfAbsent(Names.key(channel), new Channel(channel));
    listener.joined(channel);
  }

  void selfLeft(String channel, String why) {
    if (joined.remove(Names.key(channel)) != null) {
      listener.left(channel, why);
    }
  }

  /** Every channel is gone with the connection (the account rejoins them on the next). */
  void clear() {
    joined.clear();
  }

  void message(String channel, Incoming message) {
    listener.message(channel, message);
  }

  void ownEcho(String channel, Incoming message) {
    listener.ownEcho(channel, message);
  }

  void invited(String channel, String from) {
    listener.invited(channel, from);
  }

  /** The modes behind a member's prefix symbols ("@+" is "ov" with the usual PREFIX). */
  String modesOf(String prefix) {
    StringBuilder modes = new StringBuilder();
    for (char symbol : prefix.toCharArray()) {
      int i = prefixSymbols.indexOf(symbol);
      if (i >= 0 && i < prefixModes.length()) {
        modes.append(prefixModes.charAt(i));
      }
    }
    return modes.toString();
  }

  void joinRefused(String channel, String sentence) {
    listener.joinRefused(channel, sentence);
  }

  void memberJoined(String channel, String nick) {
    Channel c = joined.get(Names.key(channel));
    if (c != null && c.members.size() < MAX_MEMBERS) {
      c.members.put(Names.key(nick), new Member(nick, ""));
      listener.members(c);
    }
  }

  void memberLeft(String channel, String nick) {
    Channel c = joined.get(Names.key(channel));
    if (c != null && c.members.remove(Names.key(nick)) != null) {
      listener.members(c);
    }
  }

  void quit(String nick) {
    for (Channel c : joined.values()) {
      if (c.members.remove(Names.key(nick)) != null) {
        listener.members(c);
      }
    }
  }

  void renamed(String from, String to) {
    for (Channel c : joined.values()) {
      Member m = c.members.remove(Names.key(from));
      if (m != null) {
        c.members.put(Names.key(to), new Member(to, m.prefix()));
        listener.members(c);
      }
    }
  }

  void kicked(String channel, String by, String nick, String reason, boolean self) {
    String why = reason == null || reason.isBlank() || reason.equals(by) ? "" : " (" + reason + ")";
    if (self) {
      selfLeft(channel, by + " kicked you out of " + channel + why + ".");
    } else {
      memberLeft(channel, nick);
      listener.notice(channel, by + " kicked " + nick + " out of " + channel + why + ".");
    }
  }

  void topic(String channel, String topic, String by) {
    Channel c = joined.get(Names.key(channel));
    if (c != null) {
      c.topic = topic;
      listener.topic(c, by);
    }
  }

  /** RPL_NAMREPLY: "@alice +bob carol" (with multi-prefix, several prefixes each). */
  void names(String channel, String list) {
    Channel c = joined.get(Names.key(channel));
    if (c == null) {
      return;
    }
    if (c.incoming == null) {
      c.incoming = new TreeMap<>();
    }
    for (String entry : list.split(" ")) {
      int i = 0;
      while (i < entry.length() && prefixSymbols.indexOf(entry.charAt(i)) >= 0) {
        i++;
      }
      String nick = entry.substring(i);
      if (!nick.isEmpty() && c.incoming.size() < MAX_MEMBERS) {
        c.incoming.put(Names.key(nick), new Member(nick, entry.substring(0, i)));
      }
    }
  }

  void namesEnd(String channel) {
    Channel c = joined.get(Names.key(channel));
    if (c != null && c.incoming != null) {
      c.members.clear();
      c.members.putAll(c.incoming);
      c.incoming = null;
      listener.members(c);
    }
  }

  /** A channel MODE line: prefixes follow, and each change is said in words. */
  void mode(IrcLine line, String by, String ownNick) {
    String channel = line.param(0);
    Channel c = joined.get(Names.key(channel));
    String modes = line.param(1);
    if (c == null || modes == null) {
      return;
    }
    int arg = 2;
    boolean adding = true;
    for (char m : modes.toCharArray()) {
      if (m == '+' || m == '-') {
        adding = m == '+';
        continue;
      }
      int prefixIndex = prefixModes.indexOf(m);
      boolean takesArg = prefixIndex >= 0 || m == 'b' || m == 'e' || m == 'I' || m == 'k' || (m == 'l' && adding);
      String target = takesArg ? line.param(arg++) : null;
      if (prefixIndex >= 0 && target != null) {
        Member member = c.members.get(Names.key(target));
        if (member != null) {
          String symbol = String.valueOf(prefixSymbols.charAt(prefixIndex));
          String prefix = adding ? (member.prefix().contains(symbol) ? member.prefix() : member.prefix() + symbol)
              : member.prefix().replace(symbol, "");
          c.members.put(Names.key(target), new Member(member.nick(), prefix));
          listener.members(c);
        }
      }
      listener.notice(channel, by + " " + explain(m, adding, target, ownNick) + ".");
    }
  }

  /** One channel mode change as a person says it. */
  static String explain(char mode, boolean adding, String arg, String ownNick) {
    boolean you = arg != null && Names.key(arg).equals(Names.key(ownNick));
    String who = you ? "you" : arg;
    return switch (mode) {
      case 'o' -> adding ? "made " + who + " a channel operator" : "took channel operator away from " + who;
      case 'h' -> adding ? "made " + who + " a half-operator" : "took half-operator away from " + who;
      case 'v' -> adding ? "gave " + who + " a voice (may speak in a moderated channel)" : "took the voice away from " + who;
      case 'b' -> adding ? "banned " + arg + " (matching people cannot join or speak)" : "lifted the ban on " + arg;
      case 'e' -> adding ? "exempted " + arg + " from bans" : "removed the ban exemption of " + arg;
      case 'I' -> adding ? "let " + arg + " join without an invitation" : "removed the invitation exemption of " + arg;
      case 'k' -> adding ? "set a channel key (a password to join)" : "removed the channel key";
      case 'l' -> adding ? "limited the channel to " + arg + " people" : "removed the limit on how many may join";
      case 'i' -> adding ? "made the channel invitation-only" : "made the channel open to all";
      case 'm' -> adding ? "moderated the channel (only operators and voiced people may speak)" : "ended moderation";
      case 'n' -> adding ? "closed the channel to messages from outside" : "opened the channel to messages from outside";
      case 't' -> adding ? "let only operators change the topic" : "let everyone change the topic";
      case 's' -> adding ? "made the channel secret" : "made the channel visible in the list";
      case 'p' -> adding ? "made the channel private" : "made the channel public";
      default -> "set mode " + (adding ? "+" : "-") + mode + (arg == null ? "" : " " + arg);
    };
  }

  /** A numeric refusal to join, in words; null for other numerics. */
  static String joinRefusal(int numeric, String channel) {
    return switch (numeric) {
      case 471 -> channel + " is full; you cannot join it now.";
      case 473 -> channel + " is invitation-only; you need an invitation to join.";
      case 474 -> "You are banned from " + channel + "; you cannot join it.";
      case 475 -> channel + " needs a key (a password) to join.";
      case 403 -> "There is no channel " + channel + " on this server.";
      case 405 -> "You are in as many channels as this server allows; leave one to join " + channel + ".";
      case 477 -> channel + " only lets in people signed in to a registered account.";
      case 479 -> channel + " is not a channel name this server accepts.";
      default -> null;
    };
  }
}
