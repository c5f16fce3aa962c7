package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

class CarbonsTest {
  private static final String ALICE = "alice@example.org";

  private static Element inner(String from, String to, Element... extra) {
    Element.Builder m = Element.builder("message", Ns.CLIENT).attribute("from", from).attribute("to", to)
        .attribute("type", "chat").textChild("body", "hi");
    for (Element e : extra) {
      m.child(e);
    }
    return m.build();
  }

  private static Element carbon(String from, String direction, Element inner) {
    return Element.builder("message", Ns.CLIENT).attribute("from", from).attribute("to", ALICE + "/parley")
        .child(Element.builder(direction, Ns.CARBONS)
            .child(Element.builder("forwarded", Ns.FORWARD).child(inner).build()).build())
        .build();
  }

  @Test
  void aSentCarbonFromTheAccountItselfIsUnwrapped() {
    Element copied = inner(ALICE + "/phone", "bob@example.org");
    Carbons.Carbon c = Carbons.unwrap(carbon(ALICE, "sent", copied), ALICE);
    assertTrue(c.sent());
    assertEquals(copied, c.message());
    Carbons.Carbon r = Carbons.unwrap(carbon("Alice@Example.org", "received", inner("bob@example.org/x", ALICE + "/phone")), ALICE);
    assertFalse(r.sent());
  }

  @Test
  void aCarbonFromAnyoneElseOrOfSomeoneElsesMessageIsRefused() {
    Element copied = inner(ALICE + "/phone", "bob@example.org");
    assertTrue(Carbons.claimed(carbon("mallory@example.org", "sent", copied)));
    assertNull(Carbons.unwrap(carbon("mallory@example.org", "sent", copied), ALICE));
    // Only the bare JID: a full JID of the account is one of its clients, not its server.
    assertNull(Carbons.unwrap(carbon(ALICE + "/evil", "sent", copied), ALICE));
    assertNull(Carbons.unwrap(carbon(ALICE, "sent", inner("carol@example.org/x", "bob@example.org")), ALICE));
    assertNull(Carbons.unwrap(carbon(ALICE, "received", inner("bob@example.org/x", "carol@example.org")), ALICE));
    assertNull(Carbons.unwrap(Element.builder("message", Ns.CLIENT).attribute("from", ALICE)
        .child(Element.builder("sent", Ns.CARBONS).build()).build(), ALICE));
  }

  @Test
  void privateMessagesAreNotCopied() {
    assertTrue(Carbons.isPrivate(inner(ALICE, "bob@example.org", Element.builder("private", Ns.CARBONS).build())));
    assertTrue(Carbons.isPrivate(inner(ALICE, "bob@example.org", Element.builder("no-copy", Ns.HINTS).build())));
    assertFalse(Carbons.isPrivate(inner(ALICE, "bob@example.org")));
  }

  @Test
  void receiptsAndMarkersSayDeliveredOrRead() {
    Element receipt = Element.builder("message", Ns.CLIENT)
        .child(Element.builder("received", Ns.RECEIPTS).attribute("id", "parley-7").build()).build();
    assertEquals(new Receipts.Ack("parley-7", "delivered"), Receipts.of(receipt));
    Element displayed = Element.builder("message", Ns.CLIENT)
        .child(Element.builder("displayed", Ns.MARKERS).attribute("id", "parley-8").build()).build();
    assertEquals(new Receipts.Ack("parley-8", "read"), Receipts.of(displayed));
    assertNull(Receipts.of(inner("bob@example.org", ALICE)));

    Element asking = Element.builder("message", Ns.CLIENT).attribute("id", "b1").textChild("body", "x")
        .child(Element.builder("request", Ns.RECEIPTS).build())
        .child(Element.builder("markable", Ns.MARKERS).build()).build();
    assertTrue(Receipts.asksForReceipt(asking));
    assertEquals("b1", Receipts.markerId(asking));
    assertFalse(Receipts.asksForReceipt(asking.withAttribute("id", null)));
    assertNull(Receipts.markerId(asking.withAttribute("id", "x".repeat(Receipts.MAX_ID_CHARS + 1))));
  }
}
