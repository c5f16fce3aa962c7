package parley.xmpp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import parley.contract.node.BlocklistChanged;
import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

/**
 * The account's blocklist on its server (XEP-0191): what the server answered after the login,
 * kept current from its pushes (the server pushes every change, ours and other clients').
 */
final class Blocklist {
  /** More entries than this are not kept: even our own server gets no unbounded memory. */
  static final int MAX = 5000;

  /** Lower case, as JIDs compare (Parley's bare JIDs are lower case too). */
  private final Set<String> jids = new LinkedHashSet<>();

  /** The answer to a blocklist request. */
  void load(Element result) {
    jids.clear();
    Element list = result.child("blocklist", Ns.BLOCKING);
    if (list != null) {
      add(list);
    }
  }

  /**
   * A push ({@code iq} set with {@code block} or {@code unblock}); an {@code unblock} without items
   * unblocks everyone. Answers whether it was one.
   */
  boolean apply(Element iq) {
    Element block = iq.child("block", Ns.BLOCKING);
    Element unblock = iq.child("unblock", Ns.BLOCKING);
    if (block != null) {
      add(block);
    } else if (unblock != null) {
      if (unblock.children("item", Ns.BLOCKING).isEmpty()) {
        jids.clear();
      }
      for (Element item : unblock.children("item", Ns.BLOCKING)) {
        String jid = item.attribute("jid");
        if (jid != null) {
          jids.remove(jid.toLowerCase(Locale.ROOT));
        }
      }
    } else {
      return false;
    }
    return true;
  }

  private void add(Element parent) {
    for (Element item : parent.children("item", Ns.BLOCKING)) {
      String jid = item.attribute("jid");
      if (jid != null && !jid.isEmpty() && jid.length() <= 3071 && jids.size() < MAX) {
        jids.add(jid.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** The whole list as the contract's event. */
  BlocklistChanged event() {
    return new BlocklistChanged(List.copyOf(jids));
  }
}
