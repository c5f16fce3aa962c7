package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.xmpp.stream.Element;

class CapsTest {

  @Test
  void theVerificationStringIsXep0115s() {
    // XEP-0115 5.2, the simple example.
    assertEquals("QgayPKawpkPSDYmwT/WM94uAlu0=", Caps.ver("client/pc//Exodus 0.9.1", List.of(
        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info",
        "http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#items")));
  }

  @Test
  void presenceCarriesTheCapsOfWhatDiscoAnswersWithTheAvatarNotification() {
    Element c = Caps.added(Stanzas.presence(null, null)).child("c", Caps.NS);
    assertEquals(Caps.VER, c.attribute("ver"));
    assertEquals("sha-1", c.attribute("hash"));
    Element info = Caps.discoInfo(c.attribute("node") + "#" + c.attribute("ver"));
    assertEquals(Caps.NODE + "#" + Caps.VER, info.attribute("node"));
    assertTrue(info.children("feature", Ns.DISCO_INFO).stream()
        .anyMatch(f -> "urn:xmpp:avatar:metadata+notify".equals(f.attribute("var"))));
  }
}
