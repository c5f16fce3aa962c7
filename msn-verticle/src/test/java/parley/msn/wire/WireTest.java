package parley.msn.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names, digests and MIME bodies as the MSNP documentation shows them. */
class WireTest {

  @Test
  void friendlyNamesAreUrlEncodedUtf8AndAPlusStaysAPlus() {
    assertEquals("Alice%20Sm%C3%B6rg%C3%A5sbord%2525", Names.encode("Alice Smörgåsbord%25"));
    assertEquals("Alice Smörgåsbord%25", Names.decode("Alice%20Sm%C3%B6rg%C3%A5sbord%2525"));
    assertEquals("a+b", Names.decode("a+b"));
    assertEquals("50% off", Names.decode("50% off"), "a bad escape is kept as it came");
  }

  @Test
  void msnAddressesAreEmailAddresses() {
    assertTrue(Names.email("alice@hotmail.com"));
    assertTrue(Names.email("a.b-c@mail.example.org"));
    assertFalse(Names.email("alice"));
    assertFalse(Names.email("alice@localhost"));
    assertFalse(Names.email("al ice@hotmail.com"));
    assertFalse(Names.email("alice@hotmail.com\r\nOUT"));
  }

  @Test
  void theChallengeAnswerMatchesTheDocumentedExample() {
    // CHL 0 15570131571988941333 -> QRY 1049 msmsgs@msnmsgr.com 32 / 8f2f5a91b72102cd28355e9fc9000d6e
    assertEquals("8f2f5a91b72102cd28355e9fc9000d6e", Digests.challenge("15570131571988941333"));
    assertEquals(Digests.md5Hex("1013928519.693957190password"), Digests.md5Login("1013928519.693957190", "password"));
    assertEquals("900150983cd24fb0d6963f7d28e17f72", Digests.md5Hex("abc"));
  }

  @Test
  void textAndTypingBodies() {
    Mime text = Mime.parse(Mime.text("hej ✓"));
    assertEquals("text/plain", text.contentType());
    assertEquals("text/plain; charset=UTF-8", text.header("Content-Type"));
    assertEquals(Mime.FORMAT, text.header("X-MMS-IM-Format"));
    assertEquals("hej ✓", text.body());
    Mime typing = Mime.parse(Mime.typing("alice@hotmail.com"));
    assertEquals("text/x-msmsgscontrol", typing.contentType());
    assertEquals("alice@hotmail.com", typing.header("TypingUser"));
  }
}
