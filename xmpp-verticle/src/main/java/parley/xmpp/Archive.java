package parley.xmpp;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.stream.Element;

/**
 * The account's own archive on its server (XEP-0313, paged with XEP-0059): sends queries and
 * collects their results. A result is trusted only when it answers a query of ours and comes from
 * the account's own bare JID (or from no one: its server): a contact can send a message that looks
 * like an archive result, and must not be able to put words into the user's history.
 */
final class Archive {
  private static final Logger log = LoggerFactory.getLogger(Archive.class);
  /** More results than this for one page are dropped: even our own server gets no unbounded memory. */
  static final int MAX_RESULTS = 500;

  /** One archived chat message: {@code outgoing} when the account sent it (from any client). */
  record Item(String id, boolean outgoing, String peer, String text, long ts, String originId) {}

  /** One page: its items oldest first; {@code complete} when the server said nothing is left. */
  record Page(List<Item> items, boolean complete, String first, String last) {}

  private final String ownBare;
  /** Results so far of each query waiting for its answer, by query id (made on the first query). */
  private Map<String, List<Item>> open;
  private int next;

  Archive(String ownBare) {
    this.ownBare = ownBare;
  }

  /** Asks one page; see {@link Stanzas#archiveQuery}. */
  Future<Page> query(XmppClient client, String with, String end, String after, String before, int max) {
    String queryId = open(null);
    return client.request(Stanzas.archiveQuery(queryId, with, end, after, before, max))
        .transform(ar -> {
          List<Item> items = close(queryId);
          return ar.succeeded() ? Future.succeededFuture(page(ar.result(), items)) : Future.failedFuture(ar.cause());
        });
  }

  /** Starts collecting the results of a query; {@code queryId} null makes one. */
  String open(String queryId) {
    if (open == null) {
      open = new HashMap<>(4);
    }
    String id = queryId != null ? queryId : "mam-" + Integer.toString(++next, 36);
    open.put(id, new ArrayList<>());
    return id;
  }

  /** What a query collected; it collects nothing more. */
  List<Item> close(String queryId) {
    List<Item> items = open == null ? null : open.remove(queryId);
    return items == null ? List.of() : items;
  }

  /**
   * Whether the message is an archive result: then it is never a live message. It is collected
   * only if it answers an open query and comes from the account's own archive.
   */
  boolean offer(Element message) {
    Element result = null;
    for (Element c : message.children()) {
      if (c.is("result", Ns.MAM)) {
        result = c;
        break;
      }
    }
    if (result == null) {
      return false;
    }
    String from = message.attribute("from");
    List<Item> items = open == null ? null : open.get(result.attribute("queryid"));
    if (from != null && !from.equalsIgnoreCase(ownBare)) {
      log.warn("Ignored an archive result sent by {}: only {}'s own archive is trusted", from, ownBare);
      return true;
    }
    if (items == null || items.size() >= MAX_RESULTS) {
      return true;
    }
    Item item = item(result);
    if (item != null) {
      items.add(item);
    }
    return true;
  }

  private Item item(Element result) {
    String id = result.attribute("id");
    Element forwarded = result.child("forwarded", Ns.FORWARD);
    Element inner = forwarded == null ? null : forwarded.child("message", Ns.CLIENT);
    if (id == null || id.isEmpty() || id.length() > ConnectRequest.MAX_ARCHIVE_ID || inner == null
        || inner.childText("body") == null) {
      return null;
    }
    String type = inner.attribute("type");
    if ("groupchat".equals(type) || "error".equals(type)) {
      return null;
    }
    String fromBare = Stanzas.bare(inner.attribute("from"));
    boolean outgoing = ownBare.equalsIgnoreCase(fromBare);
    String peer = outgoing ? Stanzas.bare(inner.attribute("to")) : fromBare;
    if (peer == null || peer.isEmpty()) {
      return null;
    }
    Element origin = inner.child("origin-id", Ns.SID);
    return new Item(id, outgoing, peer, inner.childText("body"), stamp(forwarded.child("delay", Ns.DELAY)),
        origin == null ? null : origin.attribute("id"));
  }

  private static long stamp(Element delay) {
    if (delay != null && delay.attribute("stamp") != null) {
      try {
        return OffsetDateTime.parse(delay.attribute("stamp")).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // A stamp we cannot read: now will do.
      }
    }
    return System.currentTimeMillis();
  }

  private static Page page(Element answer, List<Item> items) {
    Element fin = answer.child("fin", Ns.MAM);
    Element set = fin == null ? null : fin.child("set", Ns.RSM);
    return new Page(List.copyOf(items), fin != null && "true".equals(fin.attribute("complete")),
        set == null ? null : set.childText("first"), set == null ? null : set.childText("last"));
  }
}
