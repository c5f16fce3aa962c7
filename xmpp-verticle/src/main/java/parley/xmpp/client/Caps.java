package parley.xmpp.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import parley.xmpp.stream.Element;

/**
 * What this client is and answers to (XEP-0030), and its entity capabilities (XEP-0115) that every
 * presence carries: contacts' servers read them to know that Parley wants avatar metadata
 * notifications, and the account's own server that it wants its room bookmarks' changes (XEP-0163 {@code +notify}).
 */
public final class Caps {
  public static final String NS = "http://jabber.org/protocol/caps";
  /** The software's caps node (XEP-0115 4: a URI that names it). */
  public static final String NODE = "https://parley.invalid/client";
  static final String CATEGORY = "client";
  static final String TYPE = "web";
  static final String NAME = "Parley";
  /** Every feature disco#info answers with. */
  static final List<String> FEATURES = List.of(Ns.DISCO_INFO, Ns.PING, Ns.CHAT_STATES, Ns.RECEIPTS, Ns.MARKERS,
      Ns.CORRECT, Ns.RETRACT, Ns.AVATAR_NOTIFY, Ns.DIRECT_INVITE, Ns.BOOKMARKS_NOTIFY, Ns.LEGACY_BOOKMARKS_NOTIFY);
  /** XEP-0115 5.1: the verification string of those. */
  static final String VER = ver(CATEGORY + "/" + TYPE + "//" + NAME, FEATURES);

  private Caps() {}

  static String ver(String identity, List<String> features) {
    StringBuilder s = new StringBuilder(identity).append('<');
    features.stream().sorted().forEach(f -> s.append(f).append('<'));
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** XEP-0030: the answer to a disco#info query of this client ({@code node} echoed, may be null). */
  static Element discoInfo(String node) {
    Element.Builder query = Element.builder("query", Ns.DISCO_INFO).attribute("node", node)
        .child(Element.builder("identity", Ns.DISCO_INFO).attribute("category", CATEGORY).attribute("type", TYPE)
            .attribute("name", NAME).build());
    for (String feature : FEATURES) {
      query.child(Element.builder("feature", Ns.DISCO_INFO).attribute("var", feature).build());
    }
    return query.build();
  }

  /** The same presence with this client's capabilities (XEP-0115). */
  public static Element added(Element presence) {
    Element.Builder p = Element.builder(presence.name(), presence.namespace());
    presence.attributes().forEach(p::attribute);
    presence.children().forEach(p::child);
    return p.child(Element.builder("c", NS).attribute("hash", "sha-1").attribute("node", NODE)
        .attribute("ver", VER).build()).build();
  }
}
