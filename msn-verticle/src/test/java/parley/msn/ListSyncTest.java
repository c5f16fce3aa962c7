package parley.msn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.msn.wire.MsnFramer;

/** Line-level fixtures of both list formats, as the protocol documentation shows them. */
class ListSyncTest {

  private static ListSync feed(int version, ContactList list, String syn, String... lines) {
    ListSync sync = new ListSync(version, list);
    for (String l : lines) {
      assertFalse(sync.done(), "complete before " + l);
      sync.line(MsnFramer.parse(l));
    }
    sync.answered(MsnFramer.parse(syn));
    return sync;
  }

  @Test
  void msnp8ListsWithBitsAndGroupIds() {
    ContactList list = new ContactList();
    ListSync sync = feed(8, list, "SYN 5 38 3 2",
        "LSG 0 Other%20Contacts 0", "LSG 1 Co-Workers 0",
        "LST bob@hotmail.com Bob%20%E2%9C%93 11 0,1",
        "LST carol@msn.com carol 8",
        "LST mallory@hotmail.com Mallory 4");
    assertTrue(sync.done());
    JsonArray roster = list.roster().toJson().getJsonArray("contacts");
    assertEquals(1, roster.size());
    assertEquals(new JsonObject().put("jid", "bob@hotmail.com").put("name", "Bob ✓")
        .put("groups", new JsonArray().add("Other Contacts").add("Co-Workers")).put("subscription", "both"), roster.getJsonObject(0));
    assertEquals(List.of("carol@msn.com"), list.unanswered(), "carol added us; mallory is blocked");
  }

  @Test
  void msnp8IsCompleteOnlyWhenEveryCountedLineCame() {
    ListSync sync = feed(8, new ContactList(), "SYN 5 38 2 1", "LSG 0 Other%20Contacts 0", "LST bob@hotmail.com Bob 3 0");
    assertFalse(sync.done());
    sync.line(MsnFramer.parse("LST carol@msn.com carol 8"));
    assertTrue(sync.done());
  }

  @Test
  void msnp7ListsOneByOneEndingWithTheReverseList() {
    ContactList list = new ContactList();
    ListSync sync = feed(7, list, "SYN 5 39",
        "LSG 5 39 1 2 0 Other%20Contacts 0", "LSG 5 39 2 2 1 Friends 0",
        "LST 5 FL 39 1 1 bob@hotmail.com Bob 1",
        "LST 5 AL 39 1 1 bob@hotmail.com Bob",
        "LST 5 BL 39 0 0");
    assertFalse(sync.done(), "the reverse list has not come yet");
    sync.line(MsnFramer.parse("LST 5 RL 39 1 2 bob@hotmail.com Bob"));
    assertFalse(sync.done());
    sync.line(MsnFramer.parse("LST 5 RL 39 2 2 dave@hotmail.com Dave"));
    assertTrue(sync.done());
    JsonObject bob = list.roster().toJson().getJsonArray("contacts").getJsonObject(0);
    assertEquals(new JsonArray().add("Friends"), bob.getJsonArray("groups"));
    assertEquals("both", bob.getString("subscription"));
    assertEquals(List.of("dave@hotmail.com"), list.unanswered());
  }
}
