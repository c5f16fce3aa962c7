package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import parley.xmpp.stream.Element;

class AvatarsTest {
  @Test
  void theTypeComesFromTheImagesOwnBytes() {
    assertEquals("image/png", Avatars.imageType(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}));
    assertEquals("image/jpeg", Avatars.imageType(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
    assertEquals("image/gif", Avatars.imageType("GIF89a...".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("image/webp", Avatars.imageType("RIFF....WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)));
    assertNull(Avatars.imageType("<svg onload=alert(1)>".getBytes(StandardCharsets.US_ASCII)));
    assertNull(Avatars.imageType(new byte[] {(byte) 0x89, 'P'}));
  }

  @Test
  void onlyASha1HashIsTakenFromAPresence() {
    assertEquals("0123456789abcdef0123456789abcdef01234567",
        Avatars.announcedHash(presence("0123456789ABCDEF0123456789abcdef01234567")));
    assertEquals("", Avatars.announcedHash(presence("")));
    assertNull(Avatars.announcedHash(presence("../../etc")));
    assertNull(Avatars.announcedHash(Element.builder("presence", "jabber:client").build()));
  }

  private static Element presence(String hash) {
    Element.Builder photo = Element.builder("photo", Avatars.VCARD_UPDATE);
    if (!hash.isEmpty()) {
      photo.text(hash);
    }
    return Element.builder("presence", "jabber:client")
        .child(Element.builder("x", Avatars.VCARD_UPDATE).child(photo.build()).build()).build();
  }
}
