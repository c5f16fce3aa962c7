package parley.xmpp.client;

import java.util.HashSet;
import java.util.Set;
import parley.xmpp.stream.Element;

/** Builders of the stanzas Parley sends, and readers of what it receives. */
public final class Stanzas {
  private Stanzas() {}

  /**
   * A chat message; {@code chatState} (XEP-0085) may be null, {@code body} too (a typing
   * notification). With an id, it is also the XEP-0359 origin-id, so that a message sent again
   * after a reconnect can be recognised as the same. A text with an id asks for a delivery
   * receipt (XEP-0184) and chat markers (XEP-0333), which name it by that id.
   */
  public static Element message(String id, String to, String body, String chatState) {
    Element.Builder m = Element.builder("message", Ns.CLIENT).attribute("to", to).attribute("type", "chat")
        .attribute("id", id);
    if (body != null) {
      m.textChild("body", body);
    }
    if (chatState != null) {
      m.child(Element.builder(chatState, Ns.CHAT_STATES).build());
    }
    if (id != null) {
      m.child(Element.builder("origin-id", Ns.SID).attribute("id", id).build());
    }
    if (id != null && body != null) {
      m.child(Element.builder("request", Ns.RECEIPTS).build());
      m.child(Element.builder("markable", Ns.MARKERS).build());
    }
    return m.build();
  }

  /** The message with a XEP-0066 out-of-band link to a file, so that other clients show it as one. */
  public static Element withOob(Element message, String url) {
    Element.Builder m = Element.builder(message.name(), message.namespace());
    message.attributes().forEach(m::attribute);
    message.children().forEach(m::child);
    return m.child(Element.builder("x", Ns.OOB).textChild("url", url).build()).build();
  }

  /** XEP-0308: {@code body} replaces our message {@code replacesId} (its id, as it was sent). */
  public static Element correction(String id, String to, String body, String replacesId) {
    return Element.builder("message", Ns.CLIENT).attribute("to", to).attribute("type", "chat").attribute("id", id)
        .textChild("body", body)
        .child(Element.builder("replace", Ns.CORRECT).attribute("id", replacesId).build())
        .child(Element.builder("origin-id", Ns.SID).attribute("id", id).build())
        .build();
  }

  /**
   * XEP-0424: takes back our message {@code retractId}; with a text for clients that do not know
   * retractions (XEP-0428 fallback) and a hint that the server keeps it in its archive.
   */
  public static Element retraction(String id, String to, String retractId) {
    return Element.builder("message", Ns.CLIENT).attribute("to", to).attribute("type", "chat").attribute("id", id)
        .child(Element.builder("retract", Ns.RETRACT).attribute("id", retractId).build())
        .child(Element.builder("fallback", "urn:xmpp:fallback:0").attribute("for", Ns.RETRACT).build())
        .textChild("body", "This person attempted to retract a previous message, but it's unsupported by your client.")
        .child(Element.builder("store", Ns.HINTS).build())
        .child(Element.builder("origin-id", Ns.SID).attribute("id", id).build())
        .build();
  }

  /** XEP-0184: we got their message {@code id}; to their full JID, as it came. */
  public static Element receipt(String to, String id) {
    return Element.builder("message", Ns.CLIENT).attribute("to", to).attribute("type", "chat")
        .child(Element.builder("received", Ns.RECEIPTS).attribute("id", id).build()).build();
  }

  /** XEP-0333: the person has seen their messages up to {@code id}. */
  public static Element displayed(String to, String id) {
    return Element.builder("message", Ns.CLIENT).attribute("to", to).attribute("type", "chat")
        .child(Element.builder("displayed", Ns.MARKERS).attribute("id", id).build()).build();
  }

  /** XEP-0030: what {@code to} (our server's domain) offers. */
  public static Element discoInfo(String to) {
    return iq("get", to, Element.builder("query", Ns.DISCO_INFO).build());
  }

  /** The features a disco#info result names. */
  public static Set<String> features(Element discoResult) {
    Element query = discoResult.child("query", Ns.DISCO_INFO);
    Set<String> features = new HashSet<>();
    if (query != null) {
      for (Element f : query.children("feature", Ns.DISCO_INFO)) {
        if (f.attribute("var") != null) {
          features.add(f.attribute("var"));
        }
      }
    }
    return features;
  }

  /** XEP-0280: copies of what the account's other clients send and receive, to this one too. */
  public static Element enableCarbons() {
    return iq("set", null, Element.builder("enable", Ns.CARBONS).build());
  }

  /**
   * What makes a received message the same as one seen before, or null if nothing does: the
   * XEP-0359 stanza-id our own server stamped ({@code by} our bare JID), else the sender's
   * origin-id, else the sender's stanza id attribute.
   */
  public static String messageKey(Element message, String ownBareJid) {
    for (Element sid : message.children("stanza-id", Ns.SID)) {
      if (sid.attribute("id") != null && ownBareJid.equalsIgnoreCase(sid.attribute("by"))) {
        return "s " + sid.attribute("id");
      }
    }
    String from = bare(message.attribute("from"));
    Element origin = message.child("origin-id", Ns.SID);
    if (origin != null && origin.attribute("id") != null) {
      return "o " + from + " " + origin.attribute("id");
    }
    String id = message.attribute("id");
    return id == null || id.isEmpty() ? null : "i " + from + " " + id;
  }

  /** Our own presence: {@code show} one of away, chat, dnd, xa, or null for plainly available. */
  public static Element presence(String show, String status) {
    Element.Builder p = Element.builder("presence", Ns.CLIENT);
    if (show != null) {
      p.textChild("show", show);
    }
    if (status != null && !status.isEmpty()) {
      p.textChild("status", status);
    }
    return p.build();
  }

  /** A directed presence of a type (subscribe, subscribed, unsubscribe, unsubscribed). */
  public static Element subscription(String type, String to) {
    return Element.builder("presence", Ns.CLIENT).attribute("type", type).attribute("to", to).build();
  }

  public static Element rosterGet() {
    return iq("get", null, Element.builder("query", Ns.ROSTER).build());
  }

  /** Adds or updates a roster item (RFC 6121 2.3); a null group means none. */
  public static Element rosterSet(String jid, String name, String group) {
    Element.Builder item = Element.builder("item", Ns.ROSTER).attribute("jid", jid).attribute("name", name);
    if (group != null && !group.isBlank()) {
      item.textChild("group", group);
    }
    return iq("set", null, Element.builder("query", Ns.ROSTER).child(item.build()).build());
  }

  public static Element rosterRemove(String jid) {
    return iq("set", null, Element.builder("query", Ns.ROSTER)
        .child(Element.builder("item", Ns.ROSTER).attribute("jid", jid).attribute("subscription", "remove").build())
        .build());
  }

  public static Element ping(String to) {
    return iq("get", to, Element.builder("ping", Ns.PING).build());
  }

  /** XEP-0191: the account's blocklist. */
  public static Element blocklistGet() {
    return iq("get", null, Element.builder("blocklist", Ns.BLOCKING).build());
  }

  /** XEP-0191: blocks ({@code block}) or unblocks one JID. */
  public static Element blocking(boolean block, String jid) {
    return iq("set", null, Element.builder(block ? "block" : "unblock", Ns.BLOCKING)
        .child(Element.builder("item", Ns.BLOCKING).attribute("jid", jid).build()).build());
  }

  /** Whether a disco#info result lists the feature. */
  public static boolean hasFeature(Element discoResult, String feature) {
    return discoResult != null && features(discoResult).contains(feature);
  }

  /**
   * A XEP-0313 query of the account's own archive (no {@code to}): messages with {@code with} (or all
   * when null), sent up to {@code end} (ISO-8601, or null), one RSM page of {@code max}: after the
   * archive id {@code after}, or before {@code before} ("" for the last page), whichever is not null.
   */
  public static Element archiveQuery(String queryId, String with, String end, String after, String before, int max) {
    Element.Builder form = Element.builder("x", Ns.DATA).attribute("type", "submit")
        .child(Element.builder("field", Ns.DATA).attribute("var", "FORM_TYPE").attribute("type", "hidden")
            .child(Element.builder("value", Ns.DATA).text(Ns.MAM).build()).build());
    if (with != null) {
      form.child(Element.builder("field", Ns.DATA).attribute("var", "with")
          .child(Element.builder("value", Ns.DATA).text(with).build()).build());
    }
    if (end != null) {
      form.child(Element.builder("field", Ns.DATA).attribute("var", "end")
          .child(Element.builder("value", Ns.DATA).text(end).build()).build());
    }
    Element.Builder set = Element.builder("set", Ns.RSM).child(Element.builder("max", Ns.RSM).text(String.valueOf(max)).build());
    if (after != null) {
      set.child(Element.builder("after", Ns.RSM).text(after).build());
    } else if (before != null) {
      Element.Builder b = Element.builder("before", Ns.RSM);
      if (!before.isEmpty()) {
        b.text(before);
      }
      set.child(b.build());
    }
    return iq("set", null, Element.builder("query", Ns.MAM).attribute("queryid", queryId)
        .child(form.build()).child(set.build()).build());
  }

  /** An iq without id: {@link XmppClient#request} gives it one. */
  public static Element iq(String type, String to, Element payload) {
    return Element.builder("iq", Ns.CLIENT).attribute("type", type).attribute("to", to).child(payload).build();
  }

  /** The bare part of a JID ({@code alice@example.org/phone} → {@code alice@example.org}). */
  public static String bare(String jid) {
    if (jid == null) {
      return null;
    }
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }

  /** The defined condition of an error stanza or element ({@code item-not-found}), or null. */
  public static String errorCondition(Element stanzaOrError, String namespace) {
    Element error = stanzaOrError.name().equals("error") ? stanzaOrError : stanzaOrError.child("error", Ns.CLIENT);
    if (error == null) {
      return null;
    }
    for (Element c : error.children()) {
      if (c.namespace().equals(namespace) && !c.name().equals("text")) {
        return c.name();
      }
    }
    return null;
  }
}
