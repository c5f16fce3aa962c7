package parley.web.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.impl.JidCreate;

/** A plain Smack client, not part of Parley: somebody on the XMPP network. */
public final class SmackPeer implements AutoCloseable {
  private final XMPPTCPConnection connection;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

  public SmackPeer(String user, String password, String domain, int port) throws Exception {
    this(user, password, domain, port, null);
  }

  /** With a {@code listener}, incoming messages go to it (on Smack's thread) instead of {@link #next}. */
  public SmackPeer(String user, String password, String domain, int port, Consumer<Message> listener) throws Exception {
    connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(domain).setHost("127.0.0.1").setPort(port)
        .setUsernameAndPassword(user, password)
        .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
        .build());
    Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    ChatManager.getInstanceFor(connection).addIncomingListener((from, message, chat) -> (listener != null ? listener : (Consumer<Message>) received::add).accept(message));
    connection.connect().login();
  }

  public void send(String to, String text) throws Exception {
    ChatManager.getInstanceFor(connection).chatWith(JidCreate.entityBareFrom(to)).send(text);
  }

  /** The Smack connection, for what a test does beyond chatting (a roster request, PEP). */
  public XMPPTCPConnection connection() {
    return connection;
  }

  public Message next(long seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
