package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.ContactRemoved;
import parley.contract.node.ContactUpdated;
import parley.contract.node.Roster;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.stream.Element;

class ContactBookTest {
  static Element presence(String from, String type, String show, String status, Integer priority) {
    Element.Builder p = Element.builder("presence", Ns.CLIENT).attribute("from", from).attribute("type", type);
    if (show != null) {
      p.textChild("show", show);
    }
    if (status != null) {
      p.textChild("status", status);
    }
    if (priority != null) {
      p.textChild("priority", priority.toString());
    }
    return p.build();
  }

  static ContactPresence json(String jid, boolean available, String show, String status) {
    return new ContactPresence(jid, available, show, status);
  }

  @Test
  void aContactShowsItsBestResource() {
    ContactBook book = new ContactBook();
    String bob = "bob@example.org";
    assertEquals(json(bob, true, "away", "lunch"), book.presence(presence(bob + "/phone", null, "away", "lunch", 5)));
    // Lower priority: the phone stays the one shown.
    assertEquals(json(bob, true, "away", "lunch"), book.presence(presence(bob + "/pc", null, null, "", 0)));
    // The phone goes: the pc is left.
    assertEquals(json(bob, true, "available", ""), book.presence(presence(bob + "/phone", "unavailable", null, null, null)));
    // Equal priorities: the more available show wins.
    assertEquals(json(bob, true, "chat", "talk to me"), book.presence(presence(bob + "/tablet", null, "chat", "talk to me", 0)));
    book.presence(presence(bob + "/tablet", "unavailable", null, null, null));
    assertEquals(json(bob, false, "offline", "bye"), book.presence(presence(bob + "/pc", "unavailable", null, "bye", null)));
  }

  @Test
  void rosterLoadsAndPushesChangeIt() {
    ContactBook book = new ContactBook();
    Element roster = Stanzas.iq("result", null, Element.builder("query", Ns.ROSTER)
        .child(Element.builder("item", Ns.ROSTER).attribute("jid", "zed@example.org").attribute("subscription", "both").build())
        .child(Element.builder("item", Ns.ROSTER).attribute("jid", "amy@example.org").attribute("name", "Amy")
            .attribute("ask", "subscribe").textChild("group", "Work").textChild("group", "Friends").build())
        .build());
    book.load(roster);
    assertEquals(new Roster(List.of(new Contact("amy@example.org", "Amy", List.of("Work", "Friends"), "none"),
        new Contact("zed@example.org", null, List.of(), "both"))), book.roster());
    assertEquals(true, ContactBook.seesOrAsked(book.item("amy@example.org")));

    assertEquals(new ContactUpdated(new Contact("amy@example.org", null, List.of(), "to")),
        book.push(Element.builder("item", Ns.ROSTER).attribute("jid", "amy@example.org").attribute("subscription", "to").build()));
    assertEquals(new ContactRemoved("zed@example.org"), book.push(Element.builder("item", Ns.ROSTER)
        .attribute("jid", "zed@example.org").attribute("subscription", "remove").build()));
    // Removing what is not there changes nothing.
    assertNull(book.push(Element.builder("item", Ns.ROSTER).attribute("jid", "zed@example.org")
        .attribute("subscription", "remove").build()));
    assertEquals(1, book.roster().contacts().size());
  }
}
