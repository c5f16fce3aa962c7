package parley.irc;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Limits;
import parley.contract.NodeEvent;
import parley.contract.Presence;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.MessageReceived;
import parley.nodekit.NodeEvents;

/**
 * Channel events on today's contract, which has no rooms: a channel the account is in is a contact
 * named by the channel ("#parley", group "IRC channels"), available while joined, its topic as the
 * status; what is said in it arrives as messages from the channel, each prefixed with its speaker
 * ("&lt;bob&gt; hi", "* bob waves"), and what happens in it (kicks, bans, modes, topics) as a
 * message that begins with "* ". Member lists stay in the node until the contract has rooms.
 */
final class ContractChannels implements ChannelListener {
  private static final Logger log = LoggerFactory.getLogger(ContractChannels.class);
  static final String GROUP = "IRC channels";

  private final NodeEvents events;
  private final IrcAccount account;

  ContractChannels(NodeEvents events, IrcAccount account) {
    this.events = events;
    this.account = account;
  }

  static Contact contact(String channel) {
    return new Contact(Names.key(channel), channel, List.of(GROUP), "both");
  }

  static ContactPresence presence(String channel, boolean in, String topic) {
    String status = topic == null ? "" : topic;
    if (status.length() > Limits.MAX_STATUS_CHARS) {
      status = status.substring(0, Limits.MAX_STATUS_CHARS - 1) + "…";
    }
    return new ContactPresence(Names.key(channel), in, in ? Presence.AVAILABLE : Presence.OFFLINE, status);
  }

  @Override
  public void joined(String channel) {
    account.channelJoined(channel);
    events.send(NodeEvent.CONTACT_UPDATED, new JsonObject().put("contact", contact(channel).toJson()));
    events.send(presence(channel, true, ""));
  }

  @Override
  public void left(String channel, String why) {
    account.channelLeft(channel);
    if (why != null) {
      said(channel, "* " + why);
    }
    events.send(NodeEvent.CONTACT_REMOVED, new JsonObject().put("jid", Names.key(channel)));
  }

  @Override
  public void topic(Channels.Channel channel, String by) {
    events.send(presence(channel.name, true, channel.topic));
    if (by != null) {
      said(channel.name, "* " + by + (channel.topic.isEmpty() ? " cleared the topic." : " set the topic: " + channel.topic));
    }
  }

  @Override
  public void members(Channels.Channel channel) {
    log.debug("{} has {} members", channel.name, channel.members.size());
  }

  @Override
  public void message(String channel, Incoming m) {
    account.seen(m);
    events.send(m.event(Names.key(channel),
        m.action() ? "* " + m.from() + " " + m.text() : "<" + m.from() + "> " + m.text()));
  }

  @Override
  public void notice(String channel, String sentence) {
    said(channel, "* " + sentence);
  }

  @Override
  public void joinRefused(String channel, String sentence) {
    account.channelLeft(channel);
    said(channel, "* " + sentence);
    events.send(NodeEvent.CONTACT_REMOVED, new JsonObject().put("jid", Names.key(channel)));
  }

  private void said(String channel, String text) {
    events.send(new MessageReceived(Names.key(channel), text, System.currentTimeMillis()));
  }
}
