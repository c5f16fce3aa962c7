package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import parley.contract.node.BookmarksChanged;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.stream.Element;

/**
 * The account's room bookmarks on its server, so that the rooms it is in come back on every client
 * of the account: XEP-0402 (PEP node {@code urn:xmpp:bookmarks:1}, one item per room) where the
 * server says it keeps them in step with the older form ({@code urn:xmpp:bookmarks:1#compat}),
 * else XEP-0048 in private XML storage (XEP-0049), written whole. A room's password is kept in its
 * bookmark (both forms have a {@code password} child), so that the person's other clients, and
 * Parley after a restart, join it again; it goes to the session only, never to a page.
 */
final class Bookmarks {
  static final String NS = "urn:xmpp:bookmarks:1";
  static final String COMPAT = NS + "#compat";
  static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  static final String PRIVATE = "jabber:iq:private";
  static final String STORAGE = "storage:bookmarks";
  static final String EVENT = "http://jabber.org/protocol/pubsub#event";
  /** More bookmarks than this are not read (a client's list, not a directory). */
  static final int MAX = 500;

  /** One room bookmark. */
  record Bookmark(String room, String name, String nick, boolean autojoin, String password) {}

  /** Room passwords longer than this are not taken from a bookmark (the node's join takes no more). */
  static final int MAX_PASSWORD_CHARS = 256;

  /** XEP-0402 (true) or XEP-0048 private storage (false). */
  private final boolean pep;
  private final Map<String, Bookmark> all = new LinkedHashMap<>();
  /** What private storage held besides conferences (URLs), written back unchanged. */
  private final List<Element> others = new ArrayList<>();
  /** Private storage's conferences as read (with what Parley does not report, such as passwords), by room. */
  private final Map<String, Element> stored = new LinkedHashMap<>();

  Bookmarks(boolean pep) {
    this.pep = pep;
  }

  boolean pep() {
    return pep;
  }

  /** Reads the bookmarks on the server now (none yet is an empty list); {@link #event} reports them. */
  Future<Void> fetch(XmppClient c) {
    Element iq = pep
        ? Stanzas.iq("get", null, Element.builder("pubsub", PUBSUB).child(Element.builder("items", PUBSUB).attribute("node", NS).build()).build())
        : Stanzas.iq("get", null, Element.builder("query", PRIVATE).child(Element.builder("storage", STORAGE).build()).build());
    return c.request(iq)
        .recover(e -> e instanceof XmppClientException x && "item-not-found".equals(x.condition())
            ? Future.succeededFuture(null) : Future.failedFuture(e))
        .map(result -> {
          all.clear();
          others.clear();
          stored.clear();
          if (result != null) {
            load(result);
          }
          return null;
        });
  }

  private void load(Element result) {
    if (pep) {
      Element pubsub = result.child("pubsub", PUBSUB);
      Element items = pubsub == null ? null : pubsub.child("items", PUBSUB);
      for (Element item : items == null ? List.<Element>of() : items.children("item", PUBSUB)) {
        addConference(item.attribute("id"), item.child("conference", NS));
      }
      return;
    }
    Element query = result.child("query", PRIVATE);
    loadStorage(query == null ? null : query.child("storage", STORAGE));
  }

  /** XEP-0048's document: its conferences, and what else it holds (kept to be written back). */
  private void loadStorage(Element storage) {
    for (Element child : storage == null ? List.<Element>of() : storage.children()) {
      if (child.is("conference", STORAGE)) {
        addConference(child.attribute("jid"), child);
        if (child.attribute("jid") != null) {
          stored.put(child.attribute("jid").toLowerCase(Locale.ROOT), child);
        }
      } else {
        others.add(child);
      }
    }
  }

  /** A {@code conference} of either form (XEP-0402's item, XEP-0048's element): the same attributes and children. */
  private void addConference(String room, Element conference) {
    if (conference != null) {
      add(room, conference.attribute("name"), conference.childText("nick"),
          "true".equals(conference.attribute("autojoin")) || "1".equals(conference.attribute("autojoin")),
          conference.childText("password"));
    }
  }

  private void add(String room, String name, String nick, boolean autojoin, String password) {
    if (room == null || room.isEmpty() || room.length() > 3071 || room.indexOf('@') < 1 || room.indexOf('/') >= 0) {
      return;
    }
    String key = room.toLowerCase(Locale.ROOT);
    if (all.size() >= MAX && !all.containsKey(key)) {
      return;
    }
    all.put(key, new Bookmark(key, name == null || name.length() > 1024 ? null : name,
        nick == null || nick.isEmpty() || nick.length() > Fields.MAX_NICK_CHARS ? null : nick, autojoin,
        password == null || password.isEmpty() || password.length() > MAX_PASSWORD_CHARS || password.indexOf('\u0000') >= 0
            ? null : password));
  }

  /** The bookmarks node of a PEP notification (XEP-0163) for this form of bookmarks, or null when the message is none. */
  Element notification(Element message) {
    Element event = message.child("event", EVENT);
    if (event == null) {
      return null;
    }
    for (String kind : new String[] {"items", "purge"}) {
      Element e = event.child(kind, EVENT);
      if (e != null && (pep ? NS : STORAGE).equals(e.attribute("node"))) {
        return e;
      }
    }
    return null;
  }

  /**
   * Applies a notification of another client's change (from {@link #notification}): XEP-0402 items
   * added or replaced, retracted (removed) or purged; or XEP-0048's whole document again. Answers the
   * rooms whose bookmarks are gone.
   */
  JsonArray apply(Element change) {
    java.util.Set<String> before = new java.util.LinkedHashSet<>(all.keySet());
    if ("purge".equals(change.name())) {
      all.clear();
      stored.clear();
    } else if (pep) {
      for (Element item : change.children("item", EVENT)) {
        addConference(item.attribute("id"), item.child("conference", NS));
      }
      for (Element retract : change.children("retract", EVENT)) {
        if (retract.attribute("id") != null) {
          all.remove(retract.attribute("id").toLowerCase(Locale.ROOT));
        }
      }
    } else {
      Element item = change.child("item", EVENT);
      Element storage = item == null ? null : item.child("storage", STORAGE);
      if (storage == null) {
        return new JsonArray();
      }
      all.clear();
      others.clear();
      stored.clear();
      loadStorage(storage);
    }
    JsonArray removed = new JsonArray();
    before.stream().filter(room -> !all.containsKey(room)).forEach(removed::add);
    return removed;
  }

  /** The {@code bookmarks} event: every bookmark now, and the rooms whose bookmarks are {@code removed}. */
  BookmarksChanged event(JsonArray removed) {
    return new BookmarksChanged(all.values().stream().map(b -> new BookmarksChanged.Room(b.room(), b.name(), b.nick(),
        b.autojoin(), b.password())).toList(), pep, removed.stream().map(String::valueOf).toList());
  }

  /** Adds or replaces the bookmark of {@code b.room()}. */
  Future<Void> set(XmppClient c, Bookmark b) {
    all.put(b.room(), b);
    stored.remove(b.room());
    if (!pep) {
      return writeStorage(c);
    }
    Element.Builder conference = Element.builder("conference", NS).attribute("autojoin", String.valueOf(b.autojoin()))
        .attribute("name", b.name());
    if (b.nick() != null) {
      conference.textChild("nick", b.nick());
    }
    if (b.password() != null) {
      conference.textChild("password", b.password());
    }
    Element publish = Element.builder("publish", PUBSUB).attribute("node", NS)
        .child(Element.builder("item", PUBSUB).attribute("id", b.room()).child(conference.build()).build()).build();
    // XEP-0402 4: the node keeps every item, for the account alone.
    Element options = Element.builder("publish-options", PUBSUB).child(Element.builder("x", Ns.DATA).attribute("type", "submit")
        .child(field("FORM_TYPE", "http://jabber.org/protocol/pubsub#publish-options", "hidden"))
        .child(field("pubsub#persist_items", "true", null))
        .child(field("pubsub#max_items", "max", null))
        .child(field("pubsub#send_last_published_item", "never", null))
        .child(field("pubsub#access_model", "whitelist", null)).build()).build();
    return c.request(Stanzas.iq("set", null, Element.builder("pubsub", PUBSUB).child(publish).child(options).build())).mapEmpty();
  }

  /** Removes the bookmark of {@code room}, if there is one. */
  Future<Void> remove(XmppClient c, String room) {
    if (all.remove(room.toLowerCase(Locale.ROOT)) == null) {
      return Future.succeededFuture();
    }
    if (!pep) {
      return writeStorage(c);
    }
    return c.request(Stanzas.iq("set", null, Element.builder("pubsub", PUBSUB)
        .child(Element.builder("retract", PUBSUB).attribute("node", NS).attribute("notify", "true")
            .child(Element.builder("item", PUBSUB).attribute("id", room.toLowerCase(Locale.ROOT)).build()).build()).build()))
        .mapEmpty();
  }

  /** XEP-0048 private storage is one document: written whole, with what else it held. */
  private Future<Void> writeStorage(XmppClient c) {
    Element.Builder storage = Element.builder("storage", STORAGE);
    for (Bookmark b : all.values()) {
      if (stored.containsKey(b.room())) {
        // Not changed by Parley: written back as it was read.
        storage.child(stored.get(b.room()));
        continue;
      }
      Element.Builder conference = Element.builder("conference", STORAGE).attribute("jid", b.room())
          .attribute("autojoin", String.valueOf(b.autojoin())).attribute("name", b.name());
      if (b.nick() != null) {
        conference.textChild("nick", b.nick());
      }
      if (b.password() != null) {
        conference.textChild("password", b.password());
      }
      storage.child(conference.build());
    }
    others.forEach(storage::child);
    return c.request(Stanzas.iq("set", null, Element.builder("query", PRIVATE).child(storage.build()).build())).mapEmpty();
  }

  private static Element field(String var, String value, String type) {
    return Element.builder("field", Ns.DATA).attribute("var", var).attribute("type", type)
        .child(Element.builder("value", Ns.DATA).text(value).build()).build();
  }
}
