package parley.bench;

import java.util.ArrayList;
import java.util.List;
import parley.web.testing.SmackPeer;

/** The same users chatting without Parley: plain Smack clients straight to the same Prosody. */
final class DirectPath implements ChatPath {
  private final List<SmackPeer> peers = new ArrayList<>();
  private final List<String> jids;

  DirectPath(String domain, int xmppPort, List<String> jids, String password, Arrivals arrivals) throws Exception {
    this.jids = jids;
    for (String jid : jids) {
      peers.add(new SmackPeer(jid.substring(0, jid.indexOf('@')), password, domain, xmppPort,
          message -> arrivals.arrived(message.getBody())));
    }
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
