package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import parley.xmpp.stream.Element;

/** XEP-0359 ids: what Parley sends, and how a message delivered again is recognised. */
class StanzasTest {
  private static final String ME = "alice@example.org";

  @Test
  void aMessageWithAnIdCarriesItAsOriginId() {
    Element m = Stanzas.message("m-1", "bob@example.org", "hi", "active");
    assertEquals("m-1", m.attribute("id"));
    assertEquals("m-1", m.child("origin-id", Ns.SID).attribute("id"));
    assertNull(Stanzas.message(null, "bob@example.org", null, "composing").child("origin-id", Ns.SID));
  }

  @Test
  void theKeyIsOurServersStanzaIdThenTheOriginIdThenTheId() {
    Element.Builder m = Element.builder("message", Ns.CLIENT).attribute("from", "bob@example.org/phone")
        .attribute("id", "x1");
    assertEquals("i bob@example.org x1", Stanzas.messageKey(m.build(), ME));

    m.child(Element.builder("origin-id", Ns.SID).attribute("id", "o1").build());
    assertEquals("o bob@example.org o1", Stanzas.messageKey(m.build(), ME));

    // Another server's stanza-id says nothing about ours.
    m.child(Element.builder("stanza-id", Ns.SID).attribute("by", "bob@example.org").attribute("id", "theirs").build());
    assertEquals("o bob@example.org o1", Stanzas.messageKey(m.build(), ME));

    m.child(Element.builder("stanza-id", Ns.SID).attribute("by", ME).attribute("id", "s1").build());
    assertEquals("s s1", Stanzas.messageKey(m.build(), ME));
  }

  @Test
  void aMessageWithNoIdHasNoKey() {
    assertNull(Stanzas.messageKey(Element.builder("message", Ns.CLIENT).attribute("from", "bob@example.org").build(), ME));
  }
}
