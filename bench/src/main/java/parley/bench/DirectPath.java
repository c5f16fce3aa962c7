package parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import parley.web.testing.SmackPeer;

/** The same users chatting without Parley: plain Smack clients straight to the same Prosody. */
final class DirectPath implements ChatPath {
  private final List<SmackPeer> peers = new ArrayList<>();
  private final List<String> jids;
  private final String domain;
  private final int xmppPort;
  private final String password;

  DirectPath(String domain, int xmppPort, List<String> jids, String password, Arrivals arrivals) throws Exception {
    this.jids = jids;
    this.domain = domain;
    this.xmppPort = xmppPort;
    this.password = password;
    for (String jid : jids) {
      peers.add(new SmackPeer(user(jid), password, domain, xmppPort, message -> arrivals.arrived(message.getBody())));
    }
  }

  private static String user(String jid) {
    return jid.substring(0, jid.indexOf('@'));
  }

  String jid(int i) {
    return jids.get(i);
  }

  /** Signs user {@code i} off: messages to it wait on the server (Prosody's offline storage). */
  void signOff(int i) {
    peers.get(i).close();
  }

  /**
   * Signs user {@code i} on again and waits until {@code expected} messages have arrived (what the
   * server kept while it was away) or the timeout passed; returns how many arrived. From then on
   * its arrivals are ignored.
   */
  int signOnAndAwait(int i, int expected, long timeoutSeconds) throws Exception {
    CountDownLatch arrived = new CountDownLatch(expected);
    SmackPeer peer = new SmackPeer(user(jids.get(i)), password, domain, xmppPort, message -> arrived.countDown());
    peers.set(i, peer);
    arrived.await(timeoutSeconds, TimeUnit.SECONDS);
    return expected - (int) arrived.getCount();
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public int users() {
    return peers.size();
  }

  @Override
  public void send(int from, int to, String text) throws Exception {
    sendTo(from, jids.get(to), text);
  }

  /** Sends from user {@code from} to any address, e.g. a Parley user's XMPP account. */
  void sendTo(int from, String jid, String text) throws Exception {
    peers.get(from).send(jid, text);
  }

  @Override
  public void close() {
    peers.forEach(SmackPeer::close);
  }
}
