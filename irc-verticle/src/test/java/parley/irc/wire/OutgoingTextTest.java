package parley.irc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutgoingTextTest {

  @Test
  void aShortTextIsOneLine() {
    OutgoingText.Pieces p = OutgoingText.split("hello", "alice", "bob", 5);
    assertEquals(List.of("hello"), p.lines());
    assertFalse(p.action());
  }

  @Test
  void lineBreaksSplitAndEmptyLinesAreDropped() {
    assertEquals(List.of("one", "two", "three"), OutgoingText.split("one\r\ntwo\n\n  \rthree", "a", "b", 5).lines());
  }

  @Test
  void meIsAnAction() {
    OutgoingText.Pieces p = OutgoingText.split("/me waves", "alice", "#chan", 5);
    assertTrue(p.action());
    assertEquals(List.of("waves"), p.lines());
  }

  @Test
  void longLinesSplitAtSpacesWithinTheByteBudget() {
    String word = "abcdefghi ";
    String text = word.repeat(100).trim(); // 999 bytes
    List<String> lines = OutgoingText.split(text, "alice", "bob", 5).lines();
    int budget = OutgoingText.budget("alice", "bob", false);
    assertTrue(lines.size() >= 3);
    for (String line : lines) {
      assertTrue(OutgoingText.utf8(line) <= budget, line.length() + " > " + budget);
      assertFalse(line.startsWith(" ") || line.endsWith(" "));
    }
    assertEquals(text, String.join(" ", lines));
  }

  @Test
  void multiByteCharactersAreNeverCut() {
    String text = "\ud83d\ude00".repeat(300); // 1200 bytes of 4-byte characters, no spaces
    List<String> lines = OutgoingText.split(text, "alice", "bob", 5).lines();
    assertEquals(text, String.join("", lines));
    for (String line : lines) {
      assertFalse(Character.isHighSurrogate(line.charAt(line.length() - 1)));
    }
  }

  @Test
  void whatIrcCannotCarryIsRefusedInWords() {
    OutgoingText.Refused nul = assertThrows(OutgoingText.Refused.class, () -> OutgoingText.split("a\u0000b", "a", "b", 5));
    assertEquals("IRC cannot carry the NUL character; the message was not sent.", nul.getMessage());
    assertThrows(OutgoingText.Refused.class, () -> OutgoingText.split("\u0001VERSION\u0001", "a", "b", 5));
    OutgoingText.Refused tooLong = assertThrows(OutgoingText.Refused.class,
        () -> OutgoingText.split("x".repeat(3000), "a", "b", 5));
    assertTrue(tooLong.getMessage().startsWith("IRC carries at most 5 lines"), tooLong.getMessage());
    assertThrows(OutgoingText.Refused.class, () -> OutgoingText.split("\n\n", "a", "b", 5));
  }
}
