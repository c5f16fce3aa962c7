package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import parley.contract.Presence;

class TypingStateTest {

  @Test
  void oneForEachStateTheContractNames() {
    assertEquals(Presence.TYPING_STATES,
        Arrays.stream(TypingState.values()).map(TypingState::value).collect(Collectors.toSet()));
    for (String name : Presence.TYPING_STATES) {
      assertEquals(name, TypingState.of(name).value());
    }
  }

  @Test
  void otherNamesAreNone() {
    for (String name : Set.of("gone", "inactive", "COMPOSING", "")) {
      assertNull(TypingState.of(name), name);
    }
    assertNull(TypingState.of(null));
  }
}
