package parley.xmpp;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import parley.xmpp.testing.XmppTestServer;

/** The other person: a plain Smack client, not Parley. Records the stanzas it receives. */
final class Peer implements AutoCloseable {
  final XMPPTCPConnection connection;
  final String jid;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<Presence> presences = new LinkedBlockingQueue<>();

  private Peer(XMPPTCPConnection connection, String jid) {
    this.connection = connection;
    this.jid = jid;
  }

  static Peer login(XmppTestServer server, String user, String password) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(server.domain())
        .setHostAddressByNameOrIp(server.host())
        .setPort(server.port())
        .setSecurityMode(SecurityMode.disabled)
        .setUsernameAndPassword(user, password)
        .setResource("peer")
        .build());
    Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.manual);
    Peer peer = new Peer(c, server.jid(user));
    c.addSyncStanzaListener(s -> peer.messages.add((Message) s), StanzaTypeFilter.MESSAGE);
    c.addSyncStanzaListener(s -> peer.presences.add((Presence) s), StanzaTypeFilter.PRESENCE);
    CountDownLatch available = new CountDownLatch(1);
    c.addSyncStanzaListener(s -> {
      if (s.getFrom() != null && s.getFrom().equals(c.getUser())) {
        available.countDown();
      }
    }, StanzaTypeFilter.PRESENCE);
    c.connect().login();
    // The server echoes the initial presence once it counts the peer as available (RFC 6121
    // 4.2.2). Before that, a server that works on stanzas in parallel (ejabberd) treats the peer
    // as offline and drops what has no body, such as typing notifications.
    if (!available.await(NodeHarness.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      c.disconnect();
      throw new AssertionError("The server did not confirm the peer's presence in time");
    }
    return peer;
  }

  /** Sends a message and returns once the server has handled it (stored it, for an offline user). */
  void sendMessage(String to, String text) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(text).build());
    // The server answers this ping after the message, on the same stream.
    if (!PingManager.getInstanceFor(connection).pingMyServer(false, TimeUnit.SECONDS.toMillis(NodeHarness.TIMEOUT_SECONDS))) {
      throw new AssertionError("The server did not answer the peer's ping");
    }
  }

  void sendChatState(String to, ChatState state) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.from(to)).ofType(Message.Type.chat).addExtension(new ChatStateExtension(state)).build());
  }

  void sendPresence(Presence.Type type, String to) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
        .ofType(type).to(JidCreate.from(to)).build());
  }

  void setPresence(Presence.Mode mode, String status) throws Exception {
    connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
        .ofType(Presence.Type.available).setMode(mode).setStatus(status).build());
  }

  Message awaitMessage(Predicate<Message> match) throws InterruptedException {
    return await(messages, match, "message");
  }

  /** The next message with a body that comes within {@code millis}, or null: to show that nothing more came. */
  Message bodyWithin(long millis) throws InterruptedException {
    return within(messages, m -> m.getBody() != null, TimeUnit.MILLISECONDS.toNanos(millis));
  }

  Presence awaitPresence(Predicate<Presence> match) throws InterruptedException {
    return await(presences, match, "presence");
  }

  static boolean from(org.jivesoftware.smack.packet.Stanza s, String bareJid) {
    return s.getFrom() != null && s.getFrom().asBareJid().toString().equals(bareJid);
  }

  static ChatState chatState(Message m) {
    return m.getExtensions().stream().filter(e -> e instanceof ChatStateExtension)
        .map(e -> ((ChatStateExtension) e).getChatState()).findFirst().orElse(null);
  }

  private static <T> T await(BlockingQueue<T> queue, Predicate<T> match, String what) throws InterruptedException {
    T next = within(queue, match, TimeUnit.SECONDS.toNanos(NodeHarness.TIMEOUT_SECONDS));
    if (next == null) {
      throw new AssertionError("The peer received no matching " + what + " in time");
    }
    return next;
  }

  /** The next item of {@code queue} that matches, taken within {@code nanos}, or null; those before it are dropped. */
  private static <T> T within(BlockingQueue<T> queue, Predicate<T> match, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      T next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next != null && match.test(next)) {
        return next;
      }
    }
    return null;
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
