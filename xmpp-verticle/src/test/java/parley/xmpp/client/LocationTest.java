package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** XEP-0198 {@code location}: what the client reads of it, and what it ignores (then the usual endpoint). */
class LocationTest {

  @Test
  void hostPortIpv6AndHostAlone() {
    assertEquals(new Location("xmpp2.example.org", 5223), Location.parse("xmpp2.example.org:5223", 5222));
    assertEquals(new Location("192.0.2.7", 9222), Location.parse(" 192.0.2.7:9222 ", 5222));
    assertEquals(new Location("2001:41d0:1:a49b::1", 9222), Location.parse("[2001:41d0:1:a49b::1]:9222", 5222));
    assertEquals(new Location("2001:db8::1", 5222), Location.parse("[2001:db8::1]", 5222));
    assertEquals(new Location("xmpp2.example.org", 5222), Location.parse("xmpp2.example.org", 5222));
    assertEquals("[2001:db8::1]:5222", Location.parse("[2001:db8::1]", 5222).toString());
  }

  @Test
  void whatCannotBeReadIsIgnored() {
    for (String bad : new String[] {null, "", "  ", "host:", "host:0", "host:65536", "host:port", "2001:db8::1",
        "[2001:db8::1", "[]:5222", "[2001:db8::1]x", "user@host:5222", "http://host:80", ":5222"}) {
      assertNull(Location.parse(bad, 5222), bad);
    }
  }
}
