package parley.xmpp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import parley.xmpp.client.Stanzas;
import parley.xmpp.stream.Element;

/**
 * Contacts' avatars by vCard-temp (XEP-0153 / XEP-0054): the photo hash a presence announces, the
 * vCard request, and the check of the photo it returns. Only a small PNG, JPEG, GIF or WebP image
 * whose SHA-1 is the announced hash is accepted; the type comes from the image's own first bytes.
 */
final class Avatars {
  static final String VCARD = "vcard-temp";
  static final String VCARD_UPDATE = "vcard-temp:x:update";
  /** The default bound on an avatar's image, in bytes. */
  static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private Avatars() {}

  /**
   * The photo hash of a presence (lower-case SHA-1 hex), "" when it says there is no photo, or null
   * when it says nothing about one (or something that is no SHA-1).
   */
  static String announcedHash(Element presence) {
    Element x = presence.child("x", VCARD_UPDATE);
    Element photo = x == null ? null : x.child("photo", VCARD_UPDATE);
    if (photo == null) {
      return null;
    }
    String hash = photo.text() == null ? "" : photo.text().trim().toLowerCase(java.util.Locale.ROOT);
    return hash.isEmpty() || hash.matches("[0-9a-f]{40}") ? hash : null;
  }

  /** XEP-0054: the vCard of {@code bareJid}, or the account's own when null. */
  static Element vcardGet(String bareJid) {
    return Stanzas.iq("get", bareJid, Element.builder("vCard", VCARD).build());
  }

  /** A checked image. */
  record Image(String hash, String type, byte[] data) {}

  /** Why a vCard's photo was not accepted, in words. */
  static final class Refused extends Exception {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /** The photo of a vCard result, checked against {@code hash} and {@code maxBytes}. */
  static Image photo(Element vcardResult, String hash, int maxBytes) throws Refused {
    Element vcard = vcardResult.child("vCard", VCARD);
    Element photo = vcard == null ? null : vcard.child("PHOTO", VCARD);
    String binval = photo == null ? null : photo.childText("BINVAL");
    if (binval == null || binval.isBlank()) {
      throw new Refused("the vCard has no photo");
    }
    return checked(binval, hash, maxBytes);
  }

  /**
   * An image sent in base64 (a vCard's photo, a XEP-0084 data item), checked: at most
   * {@code maxBytes}, a PNG, JPEG, GIF or WebP by its first bytes, and with the SHA-1 {@code hash}
   * (when not null or empty).
   */
  static Image checked(String binval, String hash, int maxBytes) throws Refused {
    // Base64 takes 4 characters for 3 bytes: refuse a long text before decoding it.
    if (binval.length() > (maxBytes / 3 + 2) * 4 + binval.length() / 60 + 64) {
      throw new Refused("the photo is larger than " + maxBytes + " bytes");
    }
    byte[] data;
    try {
      data = Base64.getMimeDecoder().decode(binval.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new Refused("the photo is not valid base64");
    }
    if (data.length > maxBytes) {
      throw new Refused("the photo has " + data.length + " bytes, more than the " + maxBytes + " allowed");
    }
    String type = imageType(data);
    if (type == null) {
      throw new Refused("the photo is not a PNG, JPEG, GIF or WebP image");
    }
    String actual = sha1(data);
    if (hash != null && !hash.isEmpty() && !hash.equals(actual)) {
      throw new Refused("the photo's SHA-1 " + actual + " is not the hash " + hash + " that was announced");
    }
    return new Image(actual, type, data);
  }

  /** The image type its first bytes say, or null when it is none of those accepted. */
  static String imageType(byte[] d) {
    if (startsWith(d, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(d, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(d, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(d, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (startsWith(d, 0, 'R', 'I', 'F', 'F') && startsWith(d, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    return null;
  }

  private static boolean startsWith(byte[] d, int at, int... magic) {
    if (d.length < at + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((d[at + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  static String sha1(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same presence announcing our own photo's hash (XEP-0153), as every presence must once we set one. */
  static Element withPhotoHash(Element presence, String hash) {
    Element.Builder p = Element.builder(presence.name(), presence.namespace());
    presence.attributes().forEach(p::attribute);
    presence.children().forEach(p::child);
    return p.child(Element.builder("x", VCARD_UPDATE)
        .child(Element.builder("photo", VCARD_UPDATE).text(hash).build()).build()).build();
  }

  /**
   * XEP-0054: our vCard set again with {@code image} as its PHOTO; the other fields of {@code current}
   * (the vCard we had, or null) are kept.
   */
  static Element vcardSet(Element current, Image image) {
    Element.Builder vcard = Element.builder("vCard", VCARD);
    if (current != null) {
      for (Element field : current.children()) {
        if (!field.is("PHOTO", VCARD)) {
          vcard.child(field);
        }
      }
    }
    vcard.child(Element.builder("PHOTO", VCARD).textChild("TYPE", image.type())
        .textChild("BINVAL", Base64.getEncoder().encodeToString(image.data())).build());
    return Stanzas.iq("set", null, vcard.build());
  }

  /** The image the person chose for their own avatar, checked as a contact's would be. */
  static Image own(byte[] data, int maxBytes) throws Refused {
    if (data.length == 0 || data.length > maxBytes) {
      throw new Refused("The picture has " + data.length + " bytes; at most " + maxBytes + " are allowed.");
    }
    String type = imageType(data);
    if (type == null) {
      throw new Refused("The picture is not a PNG, JPEG, GIF or WebP image.");
    }
    return new Image(sha1(data), type, data);
  }
}
