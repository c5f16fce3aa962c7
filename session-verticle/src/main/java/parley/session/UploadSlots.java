package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.browser.FileClaim;
import parley.contract.browser.FileSlot;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import parley.contract.FailureCode;
import parley.contract.Capability;
import parley.contract.node.UploadSlot;
import parley.contract.node.UploadSlotGranted;

/**
 * Upload slots on IM servers (XMPP: XEP-0363), kept here so that a browser never learns where Parley
 * PUTs its file, nor can name another place: the page gets a random slot id; the web verticle's upload
 * route claims the slot by that id (once, for the same user) and PUTs the bytes to the URL the node
 * returned. Slots are short-lived and few per user; they do not survive a shard handover (the page
 * asks again).
 */
final class UploadSlots {
  static final long TTL_MS = 5 * 60_000L;
  static final int MAX_OPEN_PER_USER = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  record Slot(String userId, String putUrl, JsonObject headers, String getUrl, long size, String contentType, long expiresAt) {}

  private final NodeLink nodes;
  private final long maxBytes;
  private final Map<String, Slot> slots = new HashMap<>();

  private final Networks networks;

  UploadSlots(NodeLink nodes, long maxBytes, Networks networks) {
    this.networks = networks;
    this.nodes = nodes;
    this.maxBytes = maxBytes;
  }

  /** {@code file.slot}: checks the size against Parley's limit, asks the node, answers {slotId, getUrl, maxBytes}. */
  Future<JsonObject> ask(UserSession user, FileSlot c) {
    AccountSession a = user.account(c.accountId());
    networks.require(a, Capability.FILES);
    String to = Fields.address("to", c.to(), networks.contact(a));
    long size = c.size();
    if (size > maxBytes) {
      return Future.failedFuture(FailureCode.INVALID_FIELD.exception("The file is " + size
          + " bytes; Parley sends files up to " + maxBytes + " bytes."));
    }
    long now = System.currentTimeMillis();
    slots.values().removeIf(s -> s.expiresAt() < now);
    if (slots.values().stream().filter(s -> s.userId().equals(user.userId)).count() >= MAX_OPEN_PER_USER) {
      return Future.failedFuture(FailureCode.RATE_LIMITED.exception(
          "Too many files are being sent at once; wait until one is done."));
    }
    UploadSlot request = new UploadSlot(c.filename(), size, c.contentType());
    return nodes.command(a, request).map(UploadSlotGranted::fromJson).map(granted -> {
      String id = newId();
      slots.put(id, new Slot(user.userId, granted.putUrl(), granted.headers(),
          granted.getUrl(), size, request.contentType(), System.currentTimeMillis() + TTL_MS));
      return new JsonObject().put("slotId", id).put("accountId", a.id()).put("to", to)
          .put("getUrl", granted.getUrl()).put("maxBytes", maxBytes);
    });
  }

  /**
   * {@code file.claim} (the web verticle's upload route only): the slot, once, for its own user:
   * {putUrl, headers, size, contentType, getUrl}.
   */
  JsonObject claim(String userId, FileClaim c) {
    String id = c.slotId();
    Slot slot = slots.get(id);
    if (slot == null || !slot.userId().equals(userId) || slot.expiresAt() < System.currentTimeMillis()) {
      throw FailureCode.INVALID_FIELD.exception("That upload slot is unknown or expired; send the file again.");
    }
    slots.remove(id);
    return new JsonObject().put("putUrl", slot.putUrl()).put("headers", slot.headers()).put("size", slot.size())
        .put("contentType", slot.contentType()).put("getUrl", slot.getUrl());
  }

  private static String newId() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
