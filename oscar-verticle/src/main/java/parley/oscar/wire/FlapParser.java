package parley.oscar.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a TCP byte stream into FLAP frames, however the reads split them. A frame that does not
 * start with the marker or names an unknown channel is reported once; after that the stream is out
 * of step and the parser ignores everything (the connection must be dropped).
 */
public final class FlapParser implements Handler<Buffer> {
  private final Handler<Flap> frames;
  private final Handler<WireException> malformed;
  private Buffer pending = Buffer.buffer();
  private boolean broken;

  public FlapParser(Handler<Flap> frames, Handler<WireException> malformed) {
    this.frames = frames;
    this.malformed = malformed;
  }

  @Override
  public void handle(Buffer chunk) {
    if (broken) {
      return;
    }
    pending.appendBuffer(chunk);
    int pos = 0;
    while (pending.length() - pos >= Flap.HEADER_LENGTH) {
      int marker = pending.getUnsignedByte(pos);
      int channel = pending.getUnsignedByte(pos + 1);
      if (marker != Flap.MARKER || channel < Flap.SIGNON || channel > Flap.KEEPALIVE) {
        broken = true;
        pending = Buffer.buffer();
        malformed.handle(new WireException(marker != Flap.MARKER
            ? "a frame did not start with the FLAP marker 0x2A (got 0x" + Integer.toHexString(marker) + ")"
            : "a frame named the unknown FLAP channel " + channel));
        return;
      }
      int length = pending.getUnsignedShort(pos + 4);
      int frameEnd = pos + Flap.HEADER_LENGTH + length;
      if (frameEnd > pending.length()) {
        break;
      }
      Flap flap = new Flap(channel, pending.getUnsignedShort(pos + 2), pending.getBuffer(pos + Flap.HEADER_LENGTH, frameEnd));
      pos = frameEnd;
      frames.handle(flap);
      if (broken) {
        return;
      }
    }
    pending = pending.getBuffer(pos, pending.length());
  }

  /** Stops parsing, for example after a frame whose contents were malformed. */
  public void stop() {
    broken = true;
    pending = Buffer.buffer();
  }
}
