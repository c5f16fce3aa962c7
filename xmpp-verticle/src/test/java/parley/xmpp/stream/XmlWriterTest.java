package parley.xmpp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class XmlWriterTest {
  static Element message(String body, String to) {
    return Element.builder("message", "jabber:client").attribute("to", to).attribute("type", "chat")
        .attribute("id", null)
        .textChild("body", body)
        .child(Element.builder("active", "http://jabber.org/protocol/chatstates").build())
        .build();
  }

  @Test
  void writesNamespacesOnlyWhereTheyChange() {
    assertEquals("<message to='bob@localhost' type='chat'><body>hi</body>"
        + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        XmlWriter.stanza(message("hi", "bob@localhost")).toString());
  }

  @Test
  void escapesTextAndAttributes() {
    String nasty = "a<b>&c 'd' \"e\" ]]> tab\there\r\nnew";
    Element e = message(nasty, "o'brien&\"co\"@localhost");
    assertEquals("<message to='o&apos;brien&amp;&quot;co&quot;@localhost' type='chat'><body>"
        + "a&lt;b&gt;&amp;c 'd' \"e\" ]]&gt; tab\there&#13;\nnew</body>"
        + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>", XmlWriter.stanza(e).toString());
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws Exception {
    Element sent = Element.builder("message", "jabber:client").attribute("to", "bob@localhost")
        .attribute("xml:lang", "en").attribute("note", "line\none\ttab\rcr <&>")
        .textChild("body", "a<b>&c 'd' \"e\" ]]> tab\there\r\nnew 😀 日本")
        .build();
    XmlStreamParserTest.Recorder r = new XmlStreamParserTest.Recorder();
    XmlStreamParser parser = new XmlStreamParser(r);
    Buffer all = Buffer.buffer().appendBuffer(XmlWriter.streamOpen("localhost", "en")).appendBuffer(XmlWriter.stanza(sent))
        .appendBuffer(XmlWriter.streamClose());
    parser.feed(all);
    assertEquals("localhost", r.headers.get(0).attributes().get("to"));
    assertEquals(sent, r.elements.get(0));
    assertEquals("close", r.events.get(r.events.size() - 1));
  }

  @Test
  void refusesCharactersXmlCannotCarry() {
    for (String bad : new String[] {"nul\u0000", "escape\u001B[31m", "\uD800 alone", "low \uDC00", "\uFFFE", "\uFFFF"}) {
      InvalidXmlCharacterException e = assertThrows(InvalidXmlCharacterException.class,
          () -> XmlWriter.stanza(message(bad, "bob@localhost")), bad);
      assertEquals(true, e.getMessage().startsWith("The text contains a character XMPP cannot carry (U+"), e.getMessage());
      assertThrows(InvalidXmlCharacterException.class, () -> XmlWriter.stanza(message("ok", bad)));
    }
    assertEquals("The text contains a character XMPP cannot carry (U+0001 at position 3).", XmlChars.problem("ab\u0001"));
    assertNull(XmlChars.problem("tab\t, newline\n, return\r, 😀, \uE000, \uFFFD"));
  }
}
