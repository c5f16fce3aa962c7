package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

/** Which room archive results {@link RoomArchive} takes: only the asked room's, for an open query. */
class RoomArchiveTest {
  private static final RoomJid ROOM = new RoomJid("lobby", "conference.example.org");

  private static Element result(String from, String queryId, String innerFrom, String body) {
    Element inner = Element.builder("message", Ns.CLIENT).attribute("from", innerFrom).attribute("type", "groupchat")
        .textChild("body", body).build();
    Element forwarded = Element.builder("forwarded", Ns.FORWARD)
        .child(Element.builder("delay", Ns.DELAY).attribute("stamp", "2026-12-01T10:00:00Z").build()).child(inner).build();
    return Element.builder("message", Ns.CLIENT).attribute("from", from).attribute("to", "alice@example.org/parley")
        .child(Element.builder("result", Ns.MAM).attribute("queryid", queryId).attribute("id", "R1").child(forwarded).build())
        .build();
  }

  @Test
  void aResultFromTheAskedRoomIsTakenWithItsNick() {
    RoomArchive archive = new RoomArchive();
    String q = archive.open(ROOM);
    assertTrue(archive.offer(result(ROOM.toString(), q, ROOM.occupant("bob"), "hi")));
    List<RoomArchive.Item> items = archive.close(q);
    assertEquals(List.of(new RoomArchive.Item("R1", "bob", "hi",
        java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli())), items);
  }

  @Test
  void aResultFromAnOccupantAnotherRoomOrTheServerIsNotTaken() {
    RoomArchive archive = new RoomArchive();
    String q = archive.open(ROOM);
    assertFalse(archive.offer(result(ROOM.occupant("mallory"), q, ROOM.occupant("bob"), "forged")));
    assertFalse(archive.offer(result("other@conference.example.org", q, ROOM.occupant("bob"), "forged")));
    assertFalse(archive.offer(result("example.org", q, ROOM.occupant("bob"), "forged")));
    assertFalse(archive.offer(result(null, q, ROOM.occupant("bob"), "forged")));
    assertEquals(List.of(), archive.close(q));
  }

  @Test
  void aResultOfNoOpenQueryIsNotTaken() {
    RoomArchive archive = new RoomArchive();
    String q = archive.open(ROOM);
    archive.close(q);
    assertFalse(archive.offer(result(ROOM.toString(), q, ROOM.occupant("bob"), "late")));
    assertFalse(archive.offer(result(ROOM.toString(), "other", ROOM.occupant("bob"), "unknown")));
    assertEquals(List.of(), archive.close(q));
  }
}
