package parley.yahoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The buddy list as key 87 of LIST gives it. */
class RosterTest {

  @Test
  void groupsAndBuddiesFromTheListFormat() {
    Roster roster = new Roster();
    roster.addList("Friends:Bob_Jones,carol\nWork:bob_jones,not an id,\n:orphan\nbroken line\n");
    assertEquals(2, roster.contacts().size());
    assertEquals(List.of("Friends", "Work"), roster.contact("bob_jones").groups());
    assertEquals("Bob_Jones", roster.contact("bob_jones").name());
    assertEquals("to", roster.contact("carol").subscription());
  }

  @Test
  void aListLongerThanAnyClientAllowedIsCut() {
    Roster roster = new Roster();
    StringBuilder list = new StringBuilder("Many:");
    for (int i = 0; i < Roster.MAX_BUDDIES + 10; i++) {
      list.append("buddy").append(i).append(',');
    }
    roster.addList(list.toString());
    assertEquals(Roster.MAX_BUDDIES, roster.contacts().size());
  }
}
