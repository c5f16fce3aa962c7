package parley.irc.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cuts the server's byte stream into lines (LF, with or without CR) on the Vert.x record parser,
 * holding at most {@link #MAX_LINE_BYTES} of an unfinished line: a longer one is reported to
 * {@code tooLong} once and nothing after it is read (the connection cannot be trusted to be in step).
 * Text is UTF-8; a line that is not valid UTF-8 is read as Latin-1, as older IRC clients write.
 */
public final class LineFramer implements Handler<Buffer> {
  /** IRCv3 message tags may take 8191 bytes (with '@' and the space), the rest of the line 512 (with CR LF). */
  public static final int MAX_LINE_BYTES = 8191 + 512;

  private final RecordParser parser;
  private boolean broken;

  public LineFramer(Handler<String> lines, Handler<Integer> tooLong) {
    parser = RecordParser.newDelimited("\n", record -> {
      if (!broken) {
        lines.handle(decode(record));
      }
    });
    parser.maxRecordSize(MAX_LINE_BYTES);
    parser.exceptionHandler(e -> {
      if (!broken) {
        broken = true;
        tooLong.handle(MAX_LINE_BYTES);
      }
    });
  }

  @Override
  public void handle(Buffer bytes) {
    if (!broken) {
      parser.handle(bytes);
    }
  }

  static String decode(Buffer record) {
    byte[] bytes = record.getBytes();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
  }
}
