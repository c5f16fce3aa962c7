package parley.xmpp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import parley.contract.Presence;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.ContactRemoved;
import parley.contract.node.ContactUpdated;
import parley.contract.node.NodeEventBody;
import parley.contract.node.Roster;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.stream.Element;

/**
 * One account's roster and its contacts' presences, as the server told them, in the contract's
 * JSON: contacts {@code {"jid", "name", "groups", "subscription"}}, presences
 * {@code {"jid", "available", "show", "status"}} of a contact's best resource.
 */
final class ContactBook {
  private static final List<String> SHOW_ORDER = List.of(Presence.CHAT, Presence.AVAILABLE, Presence.AWAY, Presence.XA,
      Presence.DND);

  /** Roster items by bare JID, sorted as the full roster goes out. */
  private final Map<String, Element> items = new TreeMap<>();
  /** Presences by bare JID, then resource; allocated on the first presence. */
  private Map<String, Map<String, Element>> presences;

  /** Replaces the roster with a roster result. */
  void load(Element rosterResult) {
    items.clear();
    Element query = rosterResult.child("query", Ns.ROSTER);
    if (query != null) {
      for (Element item : query.children("item", Ns.ROSTER)) {
        String jid = item.attribute("jid");
        if (jid != null && !"remove".equals(item.attribute("subscription"))) {
          items.put(jid, item);
        }
      }
    }
  }

  Element item(String jid) {
    return items.get(jid);
  }

  /** Applies one pushed item; returns the event body, or null if nothing changed. */
  NodeEventBody push(Element item) {
    String jid = item.attribute("jid");
    if (jid == null) {
      return null;
    }
    if ("remove".equals(item.attribute("subscription"))) {
      return items.remove(jid) == null ? null : new ContactRemoved(jid);
    }
    items.put(jid, item);
    return new ContactUpdated(contact(item));
  }

  Roster roster() {
    return new Roster(items.values().stream().map(ContactBook::contact).toList());
  }

  static Contact contact(Element item) {
    List<String> groups = new ArrayList<>();
    for (Element group : item.children("group", Ns.ROSTER)) {
      groups.add(group.text());
    }
    String subscription = item.attribute("subscription");
    return new Contact(item.attribute("jid"), item.attribute("name"), groups,
        subscription == null ? Contact.NO_SUBSCRIPTION : subscription);
  }

  /** Whether we see their presence or have asked to. */
  static boolean seesOrAsked(Element item) {
    String subscription = item.attribute("subscription");
    return "to".equals(subscription) || "both".equals(subscription) || "subscribe".equals(item.attribute("ask"));
  }

  /** Records an available or unavailable presence; returns the contact's presence event body. */
  ContactPresence presence(Element presence) {
    String from = presence.attribute("from");
    String bare = Stanzas.bare(from);
    String resource = from.length() > bare.length() ? from.substring(bare.length() + 1) : "";
    if (presences == null) {
      presences = new HashMap<>();
    }
    Map<String, Element> resources = presences.computeIfAbsent(bare, k -> new HashMap<>(2));
    resources.put(resource, presence);
    Element best = best(resources);
    if ("unavailable".equals(presence.attribute("type"))) {
      // Kept only while it is the latest word: the best of the others, or this one if none is left.
      resources.remove(resource);
      if (resources.isEmpty()) {
        presences.remove(bare);
        best = presence;
      } else {
        best = best(resources);
      }
    }
    return json(bare, best);
  }

  /** The current presence of each contact that is online (the others are offline), for a resync. */
  List<ContactPresence> presences() {
    List<ContactPresence> list = new ArrayList<>();
    if (presences != null) {
      presences.forEach((bare, resources) -> {
        Element best = best(resources);
        if (best != null) {
          list.add(json(bare, best));
        }
      });
    }
    return list;
  }

  private static Element best(Map<String, Element> resources) {
    Element best = null;
    for (Element p : resources.values()) {
      if (p.attribute("type") == null && (best == null || better(p, best))) {
        best = p;
      }
    }
    return best;
  }

  private static boolean better(Element a, Element b) {
    int pa = priority(a);
    int pb = priority(b);
    if (pa != pb) {
      return pa > pb;
    }
    return SHOW_ORDER.indexOf(show(a)) < SHOW_ORDER.indexOf(show(b));
  }

  private static int priority(Element p) {
    try {
      String text = p.childText("priority");
      return text == null ? 0 : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String show(Element p) {
    String show = p.childText("show");
    show = show == null ? "" : show.trim();
    return switch (show) {
      case Presence.CHAT, Presence.AWAY, Presence.XA, Presence.DND -> show;
      default -> Presence.AVAILABLE;
    };
  }

  private static ContactPresence json(String jid, Element presence) {
    boolean available = presence != null && presence.attribute("type") == null;
    String status = presence == null || presence.childText("status") == null ? "" : presence.childText("status");
    return new ContactPresence(jid, available, available ? show(presence) : Presence.OFFLINE, status);
  }
}
