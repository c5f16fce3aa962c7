package parley.xmpp;

import java.util.Base64;
import java.util.Locale;
import parley.xmpp.client.Stanzas;
import parley.xmpp.stream.Element;

/**
 * Avatars by PEP (XEP-0084 User Avatar): the metadata a contact's server notifies (Parley asks
 * for it with {@code +notify} in its entity capabilities), the request for the image it names,
 * and what publishing the person's own avatar sends. The image is checked as a vCard photo is
 * ({@link Avatars#checked}).
 */
final class PepAvatars {
  static final String METADATA = "urn:xmpp:avatar:metadata";
  static final String DATA = "urn:xmpp:avatar:data";
  /** XEP-0163: the feature that asks contacts' servers to send their avatar metadata. */
  static final String NOTIFY = METADATA + "+notify";
  static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  static final String EVENT = "http://jabber.org/protocol/pubsub#event";

  private PepAvatars() {}

  /** The metadata items of a PEP notification, or null when the message is none. */
  static Element metadataItems(Element message) {
    Element event = message.child("event", EVENT);
    Element items = event == null ? null : event.child("items", EVENT);
    return items != null && METADATA.equals(items.attribute("node")) ? items : null;
  }

  /**
   * The hash of the avatar the metadata announces (lower-case SHA-1 hex), "" when it says there is
   * none now, or null when it names no image Parley can take: only an image served by PEP itself
   * (no {@code url}) of a type Parley shows and of at most {@code maxBytes} bytes.
   */
  static String announcedHash(Element items, int maxBytes) {
    Element item = items.child("item", EVENT);
    Element metadata = item == null ? null : item.child("metadata", METADATA);
    if (metadata == null) {
      // An empty notification or a retraction: nothing to go by (XEP-0084 4.2 uses an empty metadata).
      return items.child("retract", EVENT) != null ? "" : null;
    }
    if (metadata.children("info", METADATA).isEmpty()) {
      return "";
    }
    for (Element info : metadata.children("info", METADATA)) {
      String id = info.attribute("id") == null ? "" : info.attribute("id").trim().toLowerCase(Locale.ROOT);
      String type = info.attribute("type");
      long bytes = parseBytes(info.attribute("bytes"));
      if (info.attribute("url") == null && id.matches("[0-9a-f]{40}") && bytes > 0 && bytes <= maxBytes
          && ("image/png".equals(type) || "image/jpeg".equals(type) || "image/gif".equals(type) || "image/webp".equals(type))) {
        return id;
      }
    }
    return null;
  }

  private static long parseBytes(String bytes) {
    try {
      return bytes == null ? -1 : Long.parseLong(bytes.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** XEP-0084 4.3: the data item {@code hash} of {@code bareJid}'s avatar. */
  static Element dataGet(String bareJid, String hash) {
    return Stanzas.iq("get", bareJid, Element.builder("pubsub", PUBSUB)
        .child(Element.builder("items", PUBSUB).attribute("node", DATA)
            .child(Element.builder("item", PUBSUB).attribute("id", hash).build()).build()).build());
  }

  /** The image of a data result, checked against {@code hash} and {@code maxBytes}. */
  static Avatars.Image image(Element dataResult, String hash, int maxBytes) throws Avatars.Refused {
    Element pubsub = dataResult.child("pubsub", PUBSUB);
    Element items = pubsub == null ? null : pubsub.child("items", PUBSUB);
    if (items != null) {
      for (Element item : items.children("item", PUBSUB)) {
        Element data = item.child("data", DATA);
        if (hash.equalsIgnoreCase(item.attribute("id")) && data != null && data.text() != null && !data.text().isBlank()) {
          return Avatars.checked(data.text(), hash, maxBytes);
        }
      }
    }
    throw new Avatars.Refused("the avatar's data item " + hash + " was not returned");
  }

  /** XEP-0084 4.1: the image, as the item named by its hash, to the account's own PEP data node. */
  static Element publishData(Avatars.Image image) {
    return publish(DATA, image.hash(), Element.builder("data", DATA)
        .text(Base64.getEncoder().encodeToString(image.data())).build());
  }

  /** XEP-0084 4.2: then the metadata that tells the contacts of it. */
  static Element publishMetadata(Avatars.Image image) {
    return publish(METADATA, image.hash(), Element.builder("metadata", METADATA)
        .child(Element.builder("info", METADATA).attribute("bytes", String.valueOf(image.data().length))
            .attribute("id", image.hash()).attribute("type", image.type()).build()).build());
  }

  private static Element publish(String node, String id, Element payload) {
    return Stanzas.iq("set", null, Element.builder("pubsub", PUBSUB)
        .child(Element.builder("publish", PUBSUB).attribute("node", node)
            .child(Element.builder("item", PUBSUB).attribute("id", id).child(payload).build()).build()).build());
  }
}
