package parley.xmpp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.xmpp.stream.XmlStreamException.Kind;

/** The stream parser on byte-level fixtures of what Prosody and ejabberd send, split every way. */
class XmlStreamParserTest {
  static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

  /** Prosody's first answer: header and features with STARTTLS and SCRAM. */
  static final String PROSODY_FEATURES = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
      + " xmlns:stream='http://etherx.jabber.org/streams' id='9f3c2a71-4f0e-4d1c-b2a6-3b1d3c5e7a10' from='localhost'"
      + " version='1.0' xml:lang='en'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
      + "</starttls><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1-PLUS</mechanism>"
      + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>";

  /** SASL after the header: a SCRAM challenge and the success. */
  static final String SASL_EXCHANGE = "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
      + "cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==</challenge>"
      + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9</success>";

  /** ejabberd's header (double quotes, other attribute order), a roster, a delayed message, presence, a ping, a keep-alive. */
  static final String EJABBERD_SESSION = "<?xml version=\"1.0\"?>\n<stream:stream xmlns:stream=\"http://etherx.jabber.org/streams\""
      + " xmlns=\"jabber:client\" xml:lang=\"en\" version=\"1.0\" id=\"1470637817\" from=\"localhost\">"
      + "<iq xml:lang=\"en\" to=\"alice@localhost/parley-1\" from=\"alice@localhost\" type=\"result\" id=\"r1\">"
      + "<query xmlns=\"jabber:iq:roster\"><item subscription=\"both\" name=\"Bob Bänziger\" jid=\"bob@localhost\">"
      + "<group>Friends</group><group>日本の友達</group></item>"
      + "<item subscription=\"none\" ask=\"subscribe\" jid=\"carol@localhost\"/></query></iq>\n"
      + "<message xml:lang=\"en\" to=\"alice@localhost\" from=\"bob@localhost/phone\" type=\"chat\" id=\"m-1\">"
      + "<body>Hello &amp; welcome &lt;3 — ünïcødé 😀 &#x1F600;&gt;</body>"
      + "<delay xmlns=\"urn:xmpp:delay\" from=\"localhost\" stamp=\"2026-12-05T10:00:00.123Z\">Offline Storage</delay>"
      + "<active xmlns=\"http://jabber.org/protocol/chatstates\"/></message>"
      + "<presence to=\"alice@localhost/parley-1\" from=\"bob@localhost/phone\"><show>away</show><status>Out — back at 3</status>"
      + "<priority>5</priority><c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"https://x\" ver=\"q/w+e=\"/>"
      + "</presence> \n <iq from=\"localhost\" to=\"alice@localhost/parley-1\" id=\"s2c1\" type=\"get\">"
      + "<ping xmlns=\"urn:xmpp:ping\"/></iq>"
      + "<presence type=\"subscribe\" to=\"alice@localhost\" from=\"dave@localhost\"/>";

  /** A stream error mid-session, then the stream's end. */
  static final String STREAM_ERROR = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
      + " xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>"
      + "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
      + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error>"
      + "</stream:stream>";

  static final List<String> FIXTURES = List.of(PROSODY_FEATURES, PROSODY_FEATURES + SASL_EXCHANGE, EJABBERD_SESSION,
      STREAM_ERROR);

  /** Records what the parser reports, as text. */
  static final class Recorder implements XmlStreamParser.Handler {
    final List<String> events = new ArrayList<>();
    final List<Element> elements = new ArrayList<>();
    final List<StreamHeader> headers = new ArrayList<>();

    @Override
    public void streamOpened(StreamHeader header) {
      headers.add(header);
      events.add("open " + header);
    }

    @Override
    public void element(Element element) {
      elements.add(element);
      events.add(element.toString());
    }

    @Override
    public void streamClosed() {
      events.add("close");
    }
  }

  static Recorder parseWhole(String fixture) throws XmlStreamException {
    Recorder r = new Recorder();
    new XmlStreamParser(r).feed(utf8(fixture), 0, utf8(fixture).length);
    return r;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void prosodyFeaturesAreReadAsOneElement() throws Exception {
    Recorder r = parseWhole(PROSODY_FEATURES + SASL_EXCHANGE);
    StreamHeader header = r.headers.get(0);
    assertEquals("9f3c2a71-4f0e-4d1c-b2a6-3b1d3c5e7a10", header.id());
    assertEquals("localhost", header.from());
    assertEquals("1.0", header.version());
    assertEquals("en", header.attributes().get("xml:lang"));
    assertEquals("jabber:client", header.namespace());
    assertEquals(3, r.elements.size());
    Element features = r.elements.get(0);
    assertTrue(features.is("features", XmlWriter.STREAMS_NS));
    assertNotNull(features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls").child("required"));
    List<String> mechanisms = features.child("mechanisms", SASL).children("mechanism", SASL).stream()
        .map(Element::text).toList();
    assertEquals(List.of("SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "PLAIN"), mechanisms);
    assertTrue(r.elements.get(1).is("challenge", SASL));
    assertTrue(r.elements.get(1).text().startsWith("cj1meWtv"));
    assertTrue(r.elements.get(2).is("success", SASL));
  }

  @Test
  void ejabberdSessionKeepsTextAttributesAndNamespaces() throws Exception {
    Recorder r = parseWhole(EJABBERD_SESSION);
    assertEquals("1470637817", r.headers.get(0).id());
    assertEquals(5, r.elements.size());
    Element roster = r.elements.get(0).child("query", "jabber:iq:roster");
    Element bob = roster.children().get(0);
    assertEquals("Bob Bänziger", bob.attribute("name"));
    assertEquals(List.of("Friends", "日本の友達"), bob.children("group", "jabber:iq:roster").stream().map(Element::text).toList());
    assertEquals("subscribe", roster.children().get(1).attribute("ask"));
    Element message = r.elements.get(1);
    assertTrue(message.is("message", "jabber:client"));
    assertEquals("en", message.attribute("xml:lang"));
    assertEquals("Hello & welcome <3 — ünïcødé 😀 😀>", message.childText("body"));
    assertEquals("2026-12-05T10:00:00.123Z", message.child("delay", "urn:xmpp:delay").attribute("stamp"));
    assertNotNull(message.child("active", "http://jabber.org/protocol/chatstates"));
    Element presence = r.elements.get(2);
    assertEquals("away", presence.childText("show"));
    assertEquals("Out — back at 3", presence.childText("status"));
    assertEquals("q/w+e=", presence.child("c", "http://jabber.org/protocol/caps").attribute("ver"));
    assertNotNull(r.elements.get(3).child("ping", "urn:xmpp:ping"));
    assertEquals("subscribe", r.elements.get(4).attribute("type"));
  }

  @Test
  void streamErrorIsAnElementThenTheStreamEnds() throws Exception {
    Recorder r = parseWhole(STREAM_ERROR);
    Element error = r.elements.get(0);
    assertTrue(error.is("error", XmlWriter.STREAMS_NS));
    assertNotNull(error.child("conflict", "urn:ietf:params:xml:ns:xmpp-streams"));
    assertEquals("Replaced by new connection", error.child("text", "urn:ietf:params:xml:ns:xmpp-streams").text());
    assertEquals("close", r.events.get(r.events.size() - 1));
  }

  @Test
  void everySplitInTwoGivesTheSameEvents() throws Exception {
    for (String fixture : FIXTURES) {
      byte[] bytes = utf8(fixture);
      List<String> expected = parseWhole(fixture).events;
      for (int split = 1; split < bytes.length; split++) {
        Recorder r = new Recorder();
        XmlStreamParser parser = new XmlStreamParser(r);
        parser.feed(Arrays.copyOfRange(bytes, 0, split), 0, split);
        parser.feed(Arrays.copyOfRange(bytes, split, bytes.length), 0, bytes.length - split);
        assertEquals(expected, r.events, "split at byte " + split);
      }
    }
  }

  @Test
  void byteByByteGivesTheSameEvents() throws Exception {
    for (String fixture : FIXTURES) {
      byte[] bytes = utf8(fixture);
      Recorder r = new Recorder();
      XmlStreamParser parser = new XmlStreamParser(r);
      for (byte b : bytes) {
        parser.feed(new byte[] {b}, 0, 1);
      }
      assertEquals(parseWhole(fixture).events, r.events);
    }
  }

  @Test
  void multiByteCharactersSplitAcrossBuffers() throws Exception {
    String text = "é日😀";
    String stanza = "<message><body>" + text + "</body></message>";
    byte[] head = utf8(PROSODY_FEATURES);
    byte[] body = utf8(stanza);
    int at = stanza.indexOf("<body>") + "<body>".length();
    // Each split falls inside a 2-, 3- and 4-byte sequence.
    for (int split : new int[] {at + 1, at + 3, at + 4, at + 6, at + 7, at + 8}) {
      Recorder r = new Recorder();
      XmlStreamParser parser = new XmlStreamParser(r);
      parser.feed(head, 0, head.length);
      parser.feed(Arrays.copyOfRange(body, 0, split), 0, split);
      parser.feed(Arrays.copyOfRange(body, split, body.length), 0, body.length - split);
      assertEquals(text, r.elements.get(1).childText("body"), "split at " + split);
    }
  }

  @Test
  void restartReadsANewStreamOnTheSameConnection() throws Exception {
    String first = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
        + " id='before' version='1.0'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"
        + "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    Recorder r = new Recorder();
    XmlStreamParser[] parser = new XmlStreamParser[1];
    parser[0] = new XmlStreamParser(new XmlStreamParser.Handler() {
      @Override
      public void streamOpened(StreamHeader header) {
        r.streamOpened(header);
      }

      @Override
      public void element(Element element) {
        r.element(element);
        if (element.name().equals("proceed") || element.name().equals("success")) {
          parser[0].restart();
        }
      }

      @Override
      public void streamClosed() {
        r.streamClosed();
      }
    });
    parser[0].feed(utf8(first), 0, utf8(first).length);
    String second = PROSODY_FEATURES.replace("9f3c2a71-4f0e-4d1c-b2a6-3b1d3c5e7a10", "after") + SASL_EXCHANGE;
    parser[0].feed(utf8(second), 0, utf8(second).length);
    String third = STREAM_ERROR;
    parser[0].feed(utf8(third), 0, utf8(third).length);
    assertEquals(List.of("before", "after", "s1"), r.headers.stream().map(StreamHeader::id).toList());
    assertEquals(List.of("features", "proceed", "features", "challenge", "success", "error"),
        r.elements.stream().map(Element::name).toList());
    assertEquals("close", r.events.get(r.events.size() - 1));
  }

  // ---- a misbehaving server ----

  static XmlStreamException failure(XmlStreamParser parser, String... pieces) {
    return assertThrows(XmlStreamException.class, () -> {
      for (String piece : pieces) {
        parser.feed(utf8(piece), 0, utf8(piece).length);
      }
    });
  }

  @Test
  void stanzaUpToTheLimitPassesAndLargerFails() throws Exception {
    int max = 4096;
    String open = "<message><body>";
    String close = "</body></message>";
    int fits = max - open.length() - close.length() - 16;
    Recorder r = new Recorder();
    XmlStreamParser parser = new XmlStreamParser(r, max, 32);
    parser.feed(utf8(PROSODY_FEATURES), 0, utf8(PROSODY_FEATURES).length);
    String ok = open + "x".repeat(fits) + close;
    parser.feed(utf8(ok), 0, utf8(ok).length);
    assertEquals(fits, r.elements.get(1).childText("body").length());
    // In one buffer and in pieces.
    XmlStreamException e = failure(parser, open + "x".repeat(max) + close);
    assertSame(Kind.TOO_LARGE, e.kind());
    assertEquals("The IM server sent a stanza larger than 4 KiB.", e.getMessage());
    XmlStreamParser pieces = new XmlStreamParser(new Recorder(), max, 32);
    String[] many = new String[max / 100 + 3];
    many[0] = PROSODY_FEATURES + open;
    Arrays.fill(many, 1, many.length, "y".repeat(100));
    assertSame(Kind.TOO_LARGE, failure(pieces, many).kind());
  }

  @Test
  void defaultLimitRefusesAnOversizedStanza() throws Exception {
    XmlStreamParser parser = new XmlStreamParser(new Recorder());
    String big = PROSODY_FEATURES + "<message><body>" + "z".repeat(XmlStreamParser.DEFAULT_MAX_STANZA_BYTES) + "</body></message>";
    assertSame(Kind.TOO_LARGE, failure(parser, big).kind());
  }

  @Test
  void endlessElementFailsOnceItPassesTheLimit() throws Exception {
    int max = 64 * 1024;
    for (String start : new String[] {"<message><body>", "<message to='", "<message", "<"}) {
      XmlStreamParser parser = new XmlStreamParser(new Recorder(), max, 32);
      parser.feed(utf8(PROSODY_FEATURES + start), 0, utf8(PROSODY_FEATURES + start).length);
      byte[] chunk = utf8("a".repeat(1000));
      long sent = 0;
      XmlStreamException failed = null;
      while (failed == null && sent < 10L * max) {
        try {
          parser.feed(chunk, 0, chunk.length);
          sent += chunk.length;
        } catch (XmlStreamException e) {
          failed = e;
        }
      }
      assertNotNull(failed, start + ": never failed");
      assertSame(Kind.TOO_LARGE, failed.kind());
      assertTrue(sent <= max + chunk.length, start + ": failed only after " + sent + " bytes");
      // A failed parser stays failed.
      assertSame(failed, assertThrows(XmlStreamException.class, () -> parser.feed(chunk, 0, 1)));
    }
  }

  @Test
  void doctypeAndEntitiesAreRefused() {
    String laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>"
        + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    XmlStreamException e = failure(new XmlStreamParser(new Recorder()), laughs);
    assertSame(Kind.RESTRICTED_XML, e.kind());
    assertEquals("The IM server sent a document type declaration, which XMPP forbids.", e.getMessage());
    // Split right between '<' and '!'.
    int lt = laughs.indexOf("<!");
    assertSame(Kind.RESTRICTED_XML,
        failure(new XmlStreamParser(new Recorder()), laughs.substring(0, lt + 1), laughs.substring(lt + 1)).kind());
    assertSame(Kind.RESTRICTED_XML, failure(new XmlStreamParser(new Recorder()),
        "<!DOCTYPE stream:stream SYSTEM 'file:///etc/passwd'><stream:stream/>").kind());
    XmlStreamException entity = failure(new XmlStreamParser(new Recorder()),
        PROSODY_FEATURES, "<message><body>&xxe;</body></message>");
    assertSame(Kind.RESTRICTED_XML, entity.kind());
    assertEquals("The IM server sent an entity reference, which XMPP forbids.", entity.getMessage());
    // A declaration inside the stream is not even well-formed.
    XmlStreamException inside = failure(new XmlStreamParser(new Recorder()),
        PROSODY_FEATURES, "<!ENTITY x 'y'>");
    assertTrue(inside.kind() == Kind.MALFORMED || inside.kind() == Kind.RESTRICTED_XML, inside.kind().toString());
  }

  @Test
  void commentsAndProcessingInstructionsAreRefused() {
    assertSame(Kind.RESTRICTED_XML,
        failure(new XmlStreamParser(new Recorder()), PROSODY_FEATURES, "<!-- hi --><message/>").kind());
    assertSame(Kind.RESTRICTED_XML,
        failure(new XmlStreamParser(new Recorder()), PROSODY_FEATURES, "<?php echo 1 ?>").kind());
  }

  @Test
  void garbageFailsWithASentence() {
    XmlStreamException http = failure(new XmlStreamParser(new Recorder()), "HTTP/1.1 400 Bad Request\r\n\r\n");
    assertSame(Kind.MALFORMED, http.kind());
    assertEquals("The IM server sent data that is not a valid XMPP stream.", http.getMessage());
    assertNotNull(http.detail());
    XmlStreamParser binary = new XmlStreamParser(new Recorder());
    assertThrows(XmlStreamException.class, () -> {
      binary.feed(utf8(PROSODY_FEATURES), 0, utf8(PROSODY_FEATURES).length);
      binary.feed(new byte[] {'<', 'm', '>', (byte) 0xFF, (byte) 0xFE, 0, 1, 2}, 0, 8);
      binary.feed(utf8("</m>"), 0, 4);
    });
    assertSame(Kind.MALFORMED,
        failure(new XmlStreamParser(new Recorder()), PROSODY_FEATURES, "<message></presence>").kind());
  }

  @Test
  void somethingElseThanAStreamIsRefused() {
    XmlStreamException e = failure(new XmlStreamParser(new Recorder()), "<html><body>Welcome</body></html>");
    assertSame(Kind.NOT_A_STREAM, e.kind());
    assertEquals("The IM server did not open an XMPP stream.", e.getMessage());
  }

  @Test
  void nestingDeeperThanTheLimitFails() throws Exception {
    XmlStreamParser ok = new XmlStreamParser(new Recorder(), 65536, 10);
    String nine = PROSODY_FEATURES + "<a>".repeat(9) + "</a>".repeat(9);
    ok.feed(utf8(nine), 0, utf8(nine).length);
    XmlStreamException e = failure(new XmlStreamParser(new Recorder(), 65536, 10), PROSODY_FEATURES + "<a>".repeat(10));
    assertSame(Kind.TOO_DEEP, e.kind());
    assertEquals("The IM server sent elements nested too deeply.", e.getMessage());
  }
}
