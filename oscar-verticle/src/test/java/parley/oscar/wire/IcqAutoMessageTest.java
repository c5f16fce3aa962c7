package parley.oscar.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static parley.oscar.wire.Bytes.hex;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IcqAutoMessageTest {
  /** The SNAC(04,0B) data of the example in iserverd's OSCAR documentation: an "occupied" answer. */
  private static final String DOCUMENTED_ANSWER = "F3 3A C1 0C 70 18 00 00 00 02 07 36 32 31 38 38 39 35 00 03"
      + " 1B 00 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 00 07 00"
      + " 0E 00 07 00 00 00 00 00 00 00 00 00 00 00 00 00"
      + " E9 03 00 00 00 00 1B 00 55 73 65 72 20 69 73 20 63 75 72 72 65 6E 74 6C 79 20 4F 63 63 75 70 69 65 64 00";

  @Test
  void readsTheDocumentedAnswer() {
    IcqAutoMessage.Answer answer = IcqAutoMessage.Answer.read(new Reader(hex(DOCUMENTED_ANSWER)));
    assertEquals("6218895", answer.screenName());
    assertEquals(IcqAutoMessage.TYPE_OCCUPIED, answer.body().type());
    assertEquals("User is currently Occupied", answer.body().text().toString(StandardCharsets.US_ASCII));
    assertEquals("f3 3a c1 0c 70 18 00 00", hex(answer.cookie()));
  }

  @Test
  void anAnswerOfAnotherKindIsNotAnAutoMessage() {
    // Reason 1 (unsupported channel): nothing follows.
    assertNull(IcqAutoMessage.Answer.read(new Reader(hex("F3 3A C1 0C 70 18 00 00 00 02 03 62 6f 62 00 01"))));
  }

  @Test
  void aRequestAsksForTheTypeWithNoTextAndRoundTrips() {
    Buffer cookie = hex("01 02 03 04 05 06 07 08");
    Reader r = new Reader(IcqAutoMessage.request(cookie, "123456", IcqAutoMessage.TYPE_AWAY));
    assertEquals("01 02 03 04 05 06 07 08", hex(r.bytes(8, "cookie")));
    assertEquals(2, r.u16("channel"));
    assertEquals("123456", r.string08("to"));
    Tlv rendezvous = TlvBlock.readAll(r).get(IcqAutoMessage.TLV_RENDEZVOUS);
    assertEquals(IcqAutoMessage.TYPE_AWAY, IcqAutoMessage.requestedType(rendezvous.value()));

    IcqAutoMessage.Answer answer = new IcqAutoMessage.Answer(cookie, "123456",
        new IcqAutoMessage.Body(IcqAutoMessage.TYPE_AWAY, Buffer.buffer("gone fishing")));
    IcqAutoMessage.Answer back = IcqAutoMessage.Answer.read(new Reader(answer.encode()));
    assertEquals("gone fishing", back.body().text().toString());
    assertEquals(IcqAutoMessage.TYPE_AWAY, back.body().type());
  }
}
