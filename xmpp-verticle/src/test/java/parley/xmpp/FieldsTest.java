package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

class FieldsTest {

  private static BareJid read(Object value) {
    return Fields.bareJid(new JsonObject().put("to", value), "to");
  }

  @Test
  void anAddressBecomesItsTwoPartsWithoutTheResource() {
    assertEquals(new BareJid("alice", "example.org"), read(" alice@example.org/phone "));
    assertEquals("alice@example.org", read("alice@example.org").toString());
  }

  @Test
  void notAnAddressIsInvalidJidInWords() {
    for (Object bad : new Object[] {null, 42, " ", "example.org", "alice@exa mple.org", "a@b@c", "@example.org"}) {
      ParleyException e = assertThrows(ParleyException.class, () -> read(bad), String.valueOf(bad));
      assertEquals(FailureCode.INVALID_JID, e.code(), String.valueOf(bad));
    }
  }
}
