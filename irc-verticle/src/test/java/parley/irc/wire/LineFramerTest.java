package parley.irc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {
  private final List<String> lines = new ArrayList<>();
  private final List<Integer> tooLong = new ArrayList<>();
  private final LineFramer framer = new LineFramer(lines::add, tooLong::add);

  @Test
  void cutsLinesAcrossChunksWithOrWithoutCr() {
    framer.handle(Buffer.buffer("PING :a\r\nPRIV"));
    framer.handle(Buffer.buffer("MSG x :y\nNOTICE"));
    assertEquals(List.of("PING :a", "PRIVMSG x :y"), lines);
    framer.handle(Buffer.buffer(" z :w\r\n"));
    assertEquals("NOTICE z :w", lines.get(2));
  }

  @Test
  void readsUtf8AndFallsBackToLatin1() {
    framer.handle(Buffer.buffer("caf\u00e9 \u263a\r\n".getBytes(StandardCharsets.UTF_8)));
    framer.handle(Buffer.buffer(new byte[] {'c', 'a', 'f', (byte) 0xe9, '\r', '\n'}));
    assertEquals(List.of("caf\u00e9 \u263a", "caf\u00e9"), lines);
  }

  @Test
  void anEndlessLineIsRefusedOnceAndNothingAfterItIsRead() {
    framer.handle(Buffer.buffer("PING :ok\r\n"));
    byte[] chunk = new byte[4096];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 1000; i++) { // 4 MB without a line end: never held whole
      framer.handle(Buffer.buffer(chunk));
    }
    framer.handle(Buffer.buffer("\r\nPING :late\r\n"));
    assertEquals(List.of("PING :ok"), lines);
    assertEquals(List.of(LineFramer.MAX_LINE_BYTES), tooLong);
  }

  @Test
  void aLineOfTheLargestAllowedSizePasses() {
    String tags = "@" + "t".repeat(8189) + " ";
    String rest = "PRIVMSG a :" + "y".repeat(510 - "PRIVMSG a :".length());
    framer.handle(Buffer.buffer(tags + rest + "\r\n"));
    assertEquals(1, lines.size());
    assertEquals(List.of(), tooLong);
  }
}
