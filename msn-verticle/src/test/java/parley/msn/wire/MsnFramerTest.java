package parley.msn.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level fixtures of MSNP framing, from the protocol documentation's examples. */
class MsnFramerTest {
  private final List<MsnLine> lines = new ArrayList<>();
  private final List<MsnSyntaxException> errors = new ArrayList<>();
  private final MsnFramer framer = new MsnFramer(MsnFramer.FROM_SERVER, lines::add, errors::add);

  private void feed(String text) {
    framer.handle(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void commandLinesSplitAnywhereComeOutWhole() {
    String stream = "VER 1 MSNP8 CVR0\r\nUSR 3 TWN S lc=1033,id=507,tw=40,fs=1\r\nXFR 3 NS 207.46.106.145:1863 0 207.46.104.20:1863\r\n";
    for (int i = 0; i < stream.length(); i++) {
      feed(stream.substring(i, i + 1));
    }
    assertEquals(3, lines.size());
    assertEquals("VER", lines.get(0).command());
    assertEquals(List.of("1", "MSNP8", "CVR0"), lines.get(0).params());
    assertEquals(1, lines.get(0).trId());
    assertEquals("207.46.106.145:1863", lines.get(2).param(2));
    assertTrue(errors.isEmpty());
  }

  @Test
  void aMsgReadsExactlyItsByteCountThenLinesAgain() {
    String payload = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHällo ✓\r\n";
    int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    feed("MSG bob@hotmail.com Bob%20B " + bytes + "\r\n" + payload.substring(0, 30));
    feed(payload.substring(30) + "BYE bob@hotmail.com\r\n");
    assertEquals(2, lines.size());
    MsnLine msg = lines.get(0);
    assertEquals("MSG", msg.command());
    assertEquals(-1, msg.trId(), "a MSG from a peer carries no transaction id");
    Mime mime = Mime.parse(msg.payload());
    assertEquals("text/plain", mime.contentType());
    assertEquals("Hällo ✓\r\n", mime.body());
    assertEquals("FN=Arial; EF=; CO=0; CS=0; PF=22", mime.header("x-mms-im-format"));
    assertEquals("BYE", lines.get(1).command());
  }

  @Test
  void errorNumbersAreLinesWithTheTransactionId() {
    feed("911 4\r\n217 9\r\n");
    assertTrue(lines.get(0).isError());
    assertEquals(911, lines.get(0).errorCode());
    assertEquals(4, lines.get(0).trId());
    assertEquals(217, lines.get(1).errorCode());
  }

  @Test
  void aServersQryIsAPlainAnswerButAClientsCarriesItsDigest() {
    feed("QRY 1049\r\n");
    assertNull(lines.get(0).payload());
    List<MsnLine> server = new ArrayList<>();
    MsnFramer reading = new MsnFramer(MsnFramer.FROM_CLIENT, server::add, errors::add);
    reading.handle(Buffer.buffer("QRY 1049 msmsgs@msnmsgr.com 32\r\n8f2f5a91b72102cd28355e9fc9000d6ePNG\r\n"));
    assertEquals("8f2f5a91b72102cd28355e9fc9000d6e", server.get(0).payload().toString());
    assertEquals("PNG", server.get(1).command());
  }

  @Test
  void garbageEndsTheStreamOnceAndNothingAfterIsRead() {
    feed("\u0000\u0001\u0002\r\nVER 1 MSNP8\r\n");
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).getMessage().contains("not an MSNP command"), errors.get(0).getMessage());
    assertTrue(lines.isEmpty());
  }

  @Test
  void anOverlongLineIsRefused() {
    feed("LST " + "a".repeat(MsnFramer.MAX_LINE_BYTES + 10));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).getMessage().contains("longer than"), errors.get(0).getMessage());
  }

  @Test
  void aPayloadAboveTheBoundOrWithoutItsCountIsRefused() {
    feed("MSG bob@hotmail.com Bob " + (MsnFramer.MAX_PAYLOAD_BYTES + 1) + "\r\n");
    assertEquals(1, errors.size());
    List<MsnSyntaxException> more = new ArrayList<>();
    new MsnFramer(MsnFramer.FROM_SERVER, lines::add, more::add).handle(Buffer.buffer("MSG bob@hotmail.com Bob x\r\n"));
    assertTrue(more.get(0).getMessage().contains("byte count"), more.get(0).getMessage());
  }

  @Test
  void encodingPutsTheByteCountOfAPayload() {
    MsnLine typing = new MsnLine("MSG", List.of("5", "U", "10"), Buffer.buffer("0123456789"));
    assertEquals("MSG 5 U 10\r\n0123456789", typing.encode().toString());
  }
}
