package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import parley.oscar.wire.ImData;

class MessageTextTest {
  @Test
  void htmlBecomesPlainText() {
    assertEquals("Hello & welcome\n<b>not bold</b>",
        MessageText.htmlToPlain("<HTML><BODY><FONT COLOR=\"#000\">Hello &amp; <B>welcome</B></FONT><BR>"
            + "&lt;b&gt;not bold&lt;/b&gt;</BODY></HTML>"));
  }

  @Test
  void numericAndNamedEntitiesAreDecodedAndUnknownOnesKept() {
    assertEquals("é ✓ \" ' &bogus; &#0;", MessageText.htmlToPlain("&#233; &#x2713; &quot; &apos; &bogus; &#0;"));
  }

  @Test
  void scriptTagsDoNotSurviveAsMarkup() {
    assertEquals("alert(1)", MessageText.htmlToPlain("<script>alert(1)</script>"));
  }

  @Test
  void outgoingTextIsEscapedInTheNarrowestCharset() {
    ImData ascii = MessageText.encode("a<b> & \"c\"\nd");
    assertEquals(ImData.ASCII, ascii.charset());
    assertEquals("<HTML><BODY>a&lt;b&gt; &amp; &quot;c&quot;<BR>d</BODY></HTML>", ascii.text().toString(StandardCharsets.US_ASCII));
    assertEquals(ImData.LATIN1, MessageText.encode("café").charset());
    ImData unicode = MessageText.encode("Привет ✓");
    assertEquals(ImData.UTF16BE, unicode.charset());
    assertEquals("Привет ✓", MessageText.plain(unicode));
  }

  @Test
  void incomingCharsetsAreDecoded() {
    assertEquals("Grüße", MessageText.plain(new ImData(ImData.LATIN1, Buffer.buffer("Grüße".getBytes(StandardCharsets.ISO_8859_1)))));
    assertEquals("日本", MessageText.plain(new ImData(ImData.UTF16BE, Buffer.buffer("日本".getBytes(StandardCharsets.UTF_16BE)))));
  }
}
