package parley.xmpp;

import io.vertx.core.Future;
import java.util.List;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.stream.Element;

/**
 * The services a server lists for its domain (XEP-0030): the domain's disco#items, and the disco#info
 * of each item, asked once so that the group chat service (XEP-0045) and the upload service (XEP-0363)
 * both come from one discovery. The items keep the server's order: the first that offers a feature wins.
 */
final class ServerServices {
  /** More items than a server lists for itself is not worth asking each about. */
  private static final int MAX_ITEMS_ASKED = 20;

  /** One item: its address and its disco#info result (null when asking failed: no features). */
  record Item(String jid, Element info) {}

  private final List<Item> items;

  private ServerServices(List<Item> items) {
    this.items = items;
  }

  /**
   * Asks the domain's disco#items, then the disco#info of each item at once (user addresses, with
   * '@', skipped); fails only when the items cannot be had.
   */
  static Future<ServerServices> discover(XmppClient c, String domain) {
    Element itemsIq = Stanzas.iq("get", domain, Element.builder("query", Ns.DISCO_ITEMS).build());
    return c.request(itemsIq).compose(result -> {
      Element query = result.child("query", Ns.DISCO_ITEMS);
      List<String> jids = query == null ? List.of() : query.children("item", Ns.DISCO_ITEMS).stream()
          .map(i -> i.attribute("jid")).filter(j -> j != null && !j.isEmpty() && j.indexOf('@') < 0)
          .limit(MAX_ITEMS_ASKED).toList();
      List<Future<Item>> asked = jids.stream()
          .map(jid -> c.request(Stanzas.discoInfo(jid)).otherwise((Element) null).map(info -> new Item(jid, info)))
          .toList();
      // Each ask recovers, so all succeed; the list stays in the server's order.
      return Future.all(asked).map(all -> new ServerServices(asked.stream().map(Future::result).toList()));
    });
  }

  /** The first item (in the server's order) whose disco#info names {@code feature}; null when none does. */
  Item first(String feature) {
    return items.stream().filter(i -> Stanzas.hasFeature(i.info(), feature)).findFirst().orElse(null);
  }
}
