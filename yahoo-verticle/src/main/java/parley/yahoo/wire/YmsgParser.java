package parley.yahoo.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a TCP stream into YMSG packets however the reads split it. A header without the magic
 * "YMSG", or announcing a payload above {@code maxPayload}, stops the parser with a
 * {@link YmsgException} before anything more is buffered.
 */
public final class YmsgParser implements Handler<Buffer> {
  private final int maxPayload;
  private final Handler<YmsgPacket> onPacket;
  private final Handler<YmsgException> onError;
  private Buffer pending = Buffer.buffer();
  private boolean failed;

  public YmsgParser(int maxPayload, Handler<YmsgPacket> onPacket, Handler<YmsgException> onError) {
    this.maxPayload = Math.min(maxPayload, YmsgPacket.MAX_PAYLOAD);
    this.onPacket = onPacket;
    this.onError = onError;
  }

  @Override
  public void handle(Buffer data) {
    if (failed) {
      return;
    }
    pending.appendBuffer(data);
    try {
      while (!failed && pending.length() >= YmsgPacket.HEADER_BYTES) {
        YmsgPacket packet = next();
        if (packet == null) {
          return;
        }
        onPacket.handle(packet);
      }
    } catch (YmsgException e) {
      failed = true;
      pending = Buffer.buffer();
      onError.handle(e);
    }
  }

  /** The next whole packet, or null when more bytes are needed. */
  private YmsgPacket next() {
    for (int i = 0; i < 4; i++) {
      if (pending.getByte(i) != YmsgPacket.MAGIC[i]) {
        throw new YmsgException("the data does not start with a YMSG header");
      }
    }
    int version = pending.getUnsignedShort(4);
    int length = pending.getUnsignedShort(8);
    if (length > maxPayload) {
      throw new YmsgException("a packet of " + length + " bytes is larger than the " + maxPayload + " Parley accepts");
    }
    if (pending.length() < YmsgPacket.HEADER_BYTES + length) {
      return null;
    }
    int service = pending.getUnsignedShort(10);
    long status = pending.getUnsignedInt(12);
    long session = pending.getUnsignedInt(16);
    Buffer payload = pending.getBuffer(YmsgPacket.HEADER_BYTES, YmsgPacket.HEADER_BYTES + length);
    pending = pending.getBuffer(YmsgPacket.HEADER_BYTES + length, pending.length());
    return new YmsgPacket(version, service, status, session, YmsgPacket.decodeFields(payload));
  }
}
