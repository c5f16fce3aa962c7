package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

/** Which archive results {@link Archive} trusts. */
class ArchiveTest {
  private static final String ALICE = "alice@example.org";

  private static Element result(String from, String queryId, String innerFrom, String body) {
    Element inner = Element.builder("message", Ns.CLIENT).attribute("from", innerFrom).attribute("to", ALICE)
        .attribute("type", "chat").textChild("body", body).build();
    Element forwarded = Element.builder("forwarded", Ns.FORWARD)
        .child(Element.builder("delay", Ns.DELAY).attribute("stamp", "2026-12-01T10:00:00Z").build()).child(inner).build();
    return Element.builder("message", Ns.CLIENT).attribute("from", from).attribute("to", ALICE + "/parley")
        .child(Element.builder("result", Ns.MAM).attribute("queryid", queryId).attribute("id", "A1").child(forwarded).build())
        .build();
  }

  @Test
  void aResultFromTheOwnArchiveIsCollected() {
    Archive archive = new Archive(ALICE);
    String q = archive.open(null);
    assertTrue(archive.offer(result(ALICE, q, "bob@example.org/phone", "hi")));
    assertTrue(archive.offer(result(null, q, "bob@example.org/phone", "from the server")));
    List<Archive.Item> items = archive.close(q);
    assertEquals(2, items.size());
    assertEquals("bob@example.org", items.get(0).peer());
    assertEquals(java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), items.get(0).ts());
  }

  @Test
  void aResultFromAContactIsIgnored() {
    Archive archive = new Archive(ALICE);
    String q = archive.open(null);
    assertTrue(archive.offer(result("mallory@example.org/x", q, "bob@example.org/phone", "forged")),
        "never taken for a live message");
    assertTrue(archive.offer(result("example.org", q, "bob@example.org/phone", "forged")));
    assertEquals(List.of(), archive.close(q));
  }

  @Test
  void aResultOfNoOpenQueryIsIgnored() {
    Archive archive = new Archive(ALICE);
    String q = archive.open(null);
    archive.close(q);
    assertTrue(archive.offer(result(ALICE, q, "bob@example.org", "late")));
    assertTrue(archive.offer(result(ALICE, "other", "bob@example.org", "unknown")));
    assertEquals(List.of(), archive.close(q));
    assertFalse(archive.offer(Element.builder("message", Ns.CLIENT).textChild("body", "plain").build()));
  }

  @Test
  void whatTheAccountSentNamesThePeer() {
    Archive archive = new Archive(ALICE);
    String q = archive.open(null);
    Element inner = Element.builder("message", Ns.CLIENT).attribute("from", ALICE + "/phone").attribute("to", "bob@example.org")
        .textChild("body", "mine").build();
    archive.offer(Element.builder("message", Ns.CLIENT).child(Element.builder("result", Ns.MAM).attribute("queryid", q)
        .attribute("id", "A2").child(Element.builder("forwarded", Ns.FORWARD).child(inner).build()).build()).build());
    Archive.Item item = archive.close(q).get(0);
    assertTrue(item.outgoing());
    assertEquals("bob@example.org", item.peer());
  }
}
