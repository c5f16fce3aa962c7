package parley.xmpp;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.stream.Element;

/**
 * Group chats' own archives (XEP-0313 queries addressed to the room, paged with XEP-0059): sends
 * queries and collects their results. A result is taken only when it answers an open query of ours
 * and comes from the very room that query went to: anyone else (an occupant, a contact, another room)
 * could send a message that looks like a result and must not put words into the room's history.
 */
final class RoomArchive {
  /** One archived room message: the sender's nick in the room, the room's stanza id. */
  record Item(String id, String nick, String text, long ts) {}

  /** One page: its items oldest first; {@code complete} when the room said nothing older is left. */
  record Page(List<Item> items, boolean complete) {}

  private record Query(String room, List<Item> items) {}

  /** Rooms asked more than this keep their answers no longer (a fresh start; each is asked again once). */
  static final int MAX_KNOWN_ROOMS = 200;

  /** Whether each room asked keeps an archive, by room: its disco#info, asked once per connection (made on the first). */
  private Map<String, Boolean> keeps;
  /** Queries waiting for their answer, by query id (made on the first query). */
  private Map<String, Query> open;
  private int next;

  /** Asks the room {@code room} for one page before its stanza id {@code before} ("" for the newest page). */
  Future<Page> query(XmppClient client, RoomJid room, String before, int max) {
    String queryId = open(room);
    Element query = Stanzas.archiveQuery(queryId, null, null, null, before, max).children().get(0);
    return client.request(Stanzas.iq("set", room.toString(), query))
        .transform(ar -> {
          List<Item> items = close(queryId);
          return ar.succeeded() ? Future.succeededFuture(page(ar.result(), items)) : Future.failedFuture(ar.cause());
        });
  }

  /**
   * Whether the room keeps an archive (XEP-0313 in its disco#info, asked with {@code discoInfo}): asked
   * once per room and connection, so paging back does not ask it again for each page. A failed
   * question is not remembered.
   */
  Future<Boolean> keepsArchive(RoomJid room, Function<RoomJid, Future<Element>> discoInfo) {
    Boolean known = keeps == null ? null : keeps.get(room.toString());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return discoInfo.apply(room).map(info -> {
      boolean keeps = Stanzas.hasFeature(info, Ns.MAM);
      if (this.keeps == null || this.keeps.size() >= MAX_KNOWN_ROOMS) {
        this.keeps = new HashMap<>(4);
      }
      this.keeps.put(room.toString(), keeps);
      return keeps;
    });
  }

  /** A new session on the server: rooms may have been configured otherwise meanwhile, so each is asked again. */
  void newConnection() {
    keeps = null;
  }

  /** Starts collecting the results the room sends for a new query; answers its id. */
  String open(RoomJid room) {
    if (open == null) {
      open = new HashMap<>(4);
    }
    String queryId = "rmam-" + Integer.toString(++next, 36);
    open.put(queryId, new Query(room.toString(), new ArrayList<>()));
    return queryId;
  }

  /** What a query collected; it collects nothing more. */
  List<Item> close(String queryId) {
    Query q = open == null ? null : open.remove(queryId);
    return q == null ? List.of() : q.items();
  }

  /**
   * Whether the message is a result of one of our open room queries from that room: then it is
   * taken (up to {@link Archive#MAX_RESULTS} per page) and is never a live message. Anything else
   * is left to the other handlers (the account's {@link Archive} drops stray results).
   */
  boolean offer(Element message) {
    if (open == null || open.isEmpty()) {
      return false;
    }
    Element result = null;
    for (Element c : message.children()) {
      if (c.is("result", Ns.MAM)) {
        result = c;
        break;
      }
    }
    Query q = result == null ? null : open.get(result.attribute("queryid"));
    String from = message.attribute("from");
    if (q == null || from == null || !from.equalsIgnoreCase(q.room())) {
      return false;
    }
    if (q.items().size() < Archive.MAX_RESULTS) {
      Item item = item(result);
      if (item != null) {
        q.items().add(item);
      }
    }
    return true;
  }

  private static Item item(Element result) {
    String id = result.attribute("id");
    Element forwarded = result.child("forwarded", Ns.FORWARD);
    Element inner = forwarded == null ? null : forwarded.child("message", Ns.CLIENT);
    if (id == null || id.isEmpty() || id.length() > ConnectRequest.MAX_ARCHIVE_ID || inner == null
        || inner.childText("body") == null || "error".equals(inner.attribute("type"))) {
      return null;
    }
    // The occupant address in the room: room@service/nick.
    String from = inner.attribute("from");
    int slash = from == null ? -1 : from.indexOf('/');
    if (slash < 0 || slash == from.length() - 1) {
      return null;
    }
    return new Item(id, from.substring(slash + 1), inner.childText("body"), stamp(forwarded.child("delay", Ns.DELAY)));
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
    return new Page(List.copyOf(items), fin != null && "true".equals(fin.attribute("complete")));
  }
}
