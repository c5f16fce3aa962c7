package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.irc.wire.IrcLine;

/** Channel state and the sentences a person reads, with a recording listener. */
class ChannelsTest {
  private final List<String> said = new ArrayList<>();
  private final ChannelListener recorder = new ChannelListener() {
    @Override public void joined(String channel) { said.add("joined " + channel); }
    @Override public void left(String channel, String why) { said.add("left " + channel + ": " + why); }
    @Override public void topic(Channels.Channel channel, String by) { said.add("topic " + channel.topic); }
    @Override public void members(Channels.Channel channel) { }
    @Override public void message(String channel, Incoming message) { said.add("message " + message.text()); }
    @Override public void notice(String channel, String sentence) { said.add(sentence); }
    @Override public void joinRefused(String channel, String sentence) { said.add(sentence); }
    @Override public void ownEcho(String channel, Incoming message) { said.add("echo " + message.text()); }
    @Override public void invited(String channel, String from) { said.add(from + " invites to " + channel); }
  };
  private final Channels channels = new Channels(recorder);

  @Test
  void namesPrefixesAndModesAreFollowedAndSaidInWords() {
    channels.prefix("(qaohv)~&@%+");
    channels.selfJoined("#Parley");
    channels.names("#parley", "~owner @op %half +voiced plain alice");
    channels.namesEnd("#parley");
    Channels.Channel c = channels.all().iterator().next();
    assertEquals("~", c.members.get("owner").prefix());
    assertEquals("", c.members.get("plain").prefix());

    channels.mode(IrcLine.parse(":op!o@h MODE #parley +ob-v plain *!*@bad.example voiced"), "op", "alice");
    assertEquals("@", c.members.get("plain").prefix());
    assertEquals("", c.members.get("voiced").prefix());
    assertEquals(List.of("joined #Parley", "op made plain a channel operator.",
        "op banned *!*@bad.example (matching people cannot join or speak).", "op took the voice away from voiced."),
        said);

    said.clear();
    channels.mode(IrcLine.parse(":op!o@h MODE #parley +mo alice"), "op", "alice");
    assertEquals(List.of("op moderated the channel (only operators and voiced people may speak).",
        "op made you a channel operator."), said);
  }

  @Test
  void kicksAndRefusalsAreExplained() {
    channels.selfJoined("#a");
    channels.names("#a", "alice bob");
    channels.namesEnd("#a");
    channels.kicked("#a", "op", "bob", "spam", false);
    assertFalse(channels.all().iterator().next().members.containsKey("bob"));
    channels.kicked("#a", "op", "alice", "op", true);
    assertEquals(List.of("joined #a", "op kicked bob out of #a (spam).", "left #a: op kicked you out of #a."), said);
    assertEquals("You are banned from #b; you cannot join it.", Channels.joinRefusal(474, "#b"));
    assertEquals(null, Channels.joinRefusal(401, "#b"));
  }

  @Test
  void aServerCannotMakeTheNodeHoldEndlessChannels() {
    for (int i = 0; i < Channels.MAX_CHANNELS + 50; i++) {
      channels.selfJoined("#c" + i);
    }
    assertEquals(Channels.MAX_CHANNELS, channels.all().size());
  }
}
