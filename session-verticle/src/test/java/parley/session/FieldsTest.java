package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.browser.CommandFields;
import parley.contract.testing.TestNetworks;
import parley.contract.ParleyException;

/** The session's address rules: XMPP addresses by RFC 7622 (the text rule is CommandFieldsTest's). */
class FieldsTest {

  private static ParleyException refused(Runnable read) {
    return assertThrows(ParleyException.class, read::run);
  }

  private static String xmpp(String address) {
    // Read as a command record reads it (CommandFields), then checked by the network's rule.
    String read = CommandFields.string(new JsonObject().put("to", address), "to", 3071);
    return Fields.address("to", read, TestNetworks.of(TestNetworks.XMPP).contact());
  }

  private static ParleyException badJid(String address) {
    ParleyException e = refused(() -> xmpp(address));
    assertEquals(FailureCode.INVALID_JID, e.code(), e.getMessage());
    return e;
  }

  @Test
  void anAddressWithACharacterXmlCannotCarryIsRefusedAsText() {
    assertEquals(FailureCode.INVALID_FIELD, refused(() -> xmpp("bob@example.org\u0000")).code());
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
