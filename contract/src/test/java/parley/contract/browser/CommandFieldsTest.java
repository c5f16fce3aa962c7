package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** The text rule of every field a page gives: what XML can carry, refused in words naming the field and the character. */
class CommandFieldsTest {

  private static ParleyException refused(Runnable read) {
    return assertThrows(ParleyException.class, read::run);
  }

  @Test
  void textWithCharactersXmlCannotCarryIsRefusedWithTheFieldAndTheCharacter() {
    ParleyException vt = refused(() -> CommandFields.string(new JsonObject().put("text", "line one\u000Bline two"), "text", 100));
    assertEquals(FailureCode.INVALID_FIELD, vt.code());
    assertEquals("The message contains a character that cannot be sent (U+000B at position 9).", vt.getMessage());

    ParleyException nul = refused(() -> CommandFields.optionalString(new JsonObject().put("status", "\u0000"), "status", 100));
    assertEquals("The status contains a character that cannot be sent (U+0000 at position 1).", nul.getMessage());
    assertTrue(refused(() -> CommandFields.optionalString(new JsonObject().put("name", "Bob\u0001"), "name", 100))
        .getMessage().startsWith("The contact name contains"));
    assertTrue(refused(() -> CommandFields.optionalString(new JsonObject().put("group", "\uFFFF"), "group", 100))
        .getMessage().startsWith("The group contains a character that cannot be sent (U+FFFF"));
    // A lone surrogate half, either one, after a proper pair (which counts as one character).
    assertEquals("The message contains a character that cannot be sent (U+D83D at position 3).",
        refused(() -> CommandFields.string(new JsonObject().put("text", "\uD83D\uDE00a\uD83D"), "text", 100)).getMessage());
    assertTrue(refused(() -> CommandFields.string(new JsonObject().put("text", "\uDE00"), "text", 100)).getMessage()
        .contains("U+DE00"));
    assertEquals(FailureCode.INVALID_FIELD,
        refused(() -> CommandFields.string(new JsonObject().put("username", "ali\u0000ce"), "username", 64)).code());
  }

  @Test
  void textXmlCanCarryIsKept() {
    String text = "tab\there\r\nnew line, emoji \uD83D\uDE00, private use \uE000, last \uFFFD, Ä";
    assertEquals(text, CommandFields.string(new JsonObject().put("text", text), "text", 100));
  }

  @Test
  void aMissingWrongOrTooLongFieldIsRefusedByName() {
    assertEquals("accountId is required.", refused(() -> CommandFields.string(new JsonObject(), "accountId", 64)).getMessage());
    assertEquals("accountId is required.",
        refused(() -> CommandFields.string(new JsonObject().put("accountId", " "), "accountId", 64)).getMessage());
    assertEquals("accountId must be text.",
        refused(() -> CommandFields.string(new JsonObject().put("accountId", 7), "accountId", 64)).getMessage());
    assertEquals("accountId is longer than 64 characters.",
        refused(() -> CommandFields.string(new JsonObject().put("accountId", "a".repeat(65)), "accountId", 64)).getMessage());
  }
}
