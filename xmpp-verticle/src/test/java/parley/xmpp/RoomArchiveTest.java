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

  /** Whether a room keeps an archive is asked of it (its disco#info) once per connection; a failed question is asked again. */
  @Test
  void whetherARoomKeepsAnArchiveIsAskedOncePerConnection() {
    RoomArchive archive = new RoomArchive();
    RoomJid other = new RoomJid("other", "conference.example.org");
    java.util.List<RoomJid> asked = new java.util.ArrayList<>();
    java.util.function.Function<RoomJid, io.vertx.core.Future<Element>> disco = room -> {
      asked.add(room);
      Element.Builder query = Element.builder("query", Ns.DISCO_INFO);
      if (room.equals(ROOM)) {
        query.child(Element.builder("feature", Ns.DISCO_INFO).attribute("var", Ns.MAM).build());
      }
      return io.vertx.core.Future.succeededFuture(Element.builder("iq", Ns.CLIENT).attribute("type", "result")
          .child(query.build()).build());
    };
    assertTrue(archive.keepsArchive(ROOM, disco).result());
    assertTrue(archive.keepsArchive(ROOM, disco).result());
    assertFalse(archive.keepsArchive(other, disco).result());
    assertFalse(archive.keepsArchive(other, disco).result());
    assertEquals(List.of(ROOM, other), asked);

    RoomJid slow = new RoomJid("slow", "conference.example.org");
    assertTrue(archive.keepsArchive(slow, room -> io.vertx.core.Future.failedFuture("no answer")).failed());
    assertFalse(archive.keepsArchive(slow, disco).result());
    archive.newConnection();
    assertTrue(archive.keepsArchive(ROOM, disco).result());
    assertEquals(List.of(ROOM, other, slow, ROOM), asked, "a failed question, and each room on a new connection, asked again");
  }
}
