package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.testing.TestNetworks;
import parley.contract.ParleyException;

/** The session's input rules: text XML can carry, and XMPP addresses by RFC 7622. */
class FieldsTest {

  private static ParleyException refused(Runnable read) {
    return assertThrows(ParleyException.class, read::run);
  }

  private static String xmpp(String address) {
    return Fields.address(new JsonObject().put("to", address), "to", TestNetworks.of(TestNetworks.XMPP).contact());
  }

  private static ParleyException badJid(String address) {
    ParleyException e = refused(() -> xmpp(address));
    assertEquals(FailureCode.INVALID_JID, e.code(), e.getMessage());
    return e;
  }

  @Test
  void textWithCharactersXmlCannotCarryIsRefusedWithTheFieldAndTheCharacter() {
    ParleyException vt = refused(() -> Fields.string(new JsonObject().put("text", "line one\u000Bline two"), "text", 100));
    assertEquals(FailureCode.INVALID_FIELD, vt.code());
    assertEquals("The message contains a character that cannot be sent (U+000B at position 9).", vt.getMessage());

    ParleyException nul = refused(() -> Fields.optionalString(new JsonObject().put("status", "\u0000"), "status", 100));
    assertEquals("The status contains a character that cannot be sent (U+0000 at position 1).", nul.getMessage());
    assertTrue(refused(() -> Fields.optionalString(new JsonObject().put("name", "Bob\u0001"), "name", 100))
        .getMessage().startsWith("The contact name contains"));
    assertTrue(refused(() -> Fields.optionalString(new JsonObject().put("group", "\uFFFF"), "group", 100))
        .getMessage().startsWith("The group contains a character that cannot be sent (U+FFFF"));
    // A lone surrogate half, either one, after a proper pair (which counts as one character).
    assertEquals("The message contains a character that cannot be sent (U+D83D at position 3).",
        refused(() -> Fields.string(new JsonObject().put("text", "\uD83D\uDE00a\uD83D"), "text", 100)).getMessage());
    assertTrue(refused(() -> Fields.string(new JsonObject().put("text", "\uDE00"), "text", 100)).getMessage().contains("U+DE00"));
    assertEquals(FailureCode.INVALID_FIELD,
        refused(() -> Fields.string(new JsonObject().put("username", "ali\u0000ce"), "username", 64)).code());
    assertEquals(FailureCode.INVALID_FIELD, refused(() -> xmpp("bob@example.org\u0000")).code());
  }

  @Test
  void textXmlCanCarryIsKept() {
    String text = "tab\there\r\nnew line, emoji \uD83D\uDE00, private use \uE000, last \uFFFD, Ä";
    assertEquals(text, Fields.string(new JsonObject().put("text", text), "text", 100));
  }

  @Test
  void xmppAddressesFollowRfc7622AndDnsRules() {
    assertEquals("bob@example.org", xmpp(" Bob@Example.org "));
    assertEquals("carol@localhost", xmpp("carol@localhost/phone"), "a resource is dropped");
    assertEquals("x@127.0.0.1", xmpp("x@127.0.0.1"));
    assertEquals("x@a-b.example", xmpp("x@a-b.example"));

    assertTrue(badJid("x@localhost:5222").getMessage().contains("port"));
    assertTrue(badJid("x@-bad-.com").getMessage().contains("hyphen"));
    assertTrue(badJid("x@" + "a".repeat(300) + ".com").getMessage().contains("63"));
    assertTrue(badJid("x@" + ("a".repeat(60) + ".").repeat(5) + "com").getMessage().contains("253"));
    assertTrue(badJid("x@a..b").getMessage().contains("empty"));
    assertTrue(badJid("x@exa_mple.org").getMessage().contains("_"));
    assertTrue(badJid("example.org").getMessage().contains("name@example.org"));
    assertTrue(badJid("@example.org").getMessage().contains("before the @"));
    assertTrue(badJid("not a jid").getMessage().contains("not a valid XMPP address"));
    assertTrue(badJid("a\"b@example.org").getMessage().contains("cannot contain"));
  }
}
