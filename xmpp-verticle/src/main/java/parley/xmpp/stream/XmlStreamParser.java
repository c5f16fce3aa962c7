package parley.xmpp.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import parley.xmpp.stream.XmlStreamException.Kind;

/**
 * Reads the server's side of an XMPP stream from the socket's buffers as they come, on Aalto-XML's
 * non-blocking parser: the stream header, each top-level element (stanza, features, SASL and
 * stream errors) as one {@link Element}, and the stream's end.
 *
 * <p>Safe against a misbehaving server: a stanza longer than {@code maxStanzaBytes} (give or take
 * one tag), elements nested deeper than {@code maxDepth}, a DTD, entity, comment or processing
 * instruction, and bytes that are not well-formed UTF-8 XML all fail with an
 * {@link XmlStreamException}; nothing is buffered beyond the limit. Memory follows the stanza:
 * the element under construction is dropped once delivered.
 *
 * <p>Not thread-safe: one parser per connection, used on its event loop.
 */
public final class XmlStreamParser {
  public static final int DEFAULT_MAX_STANZA_BYTES = 256 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 32;
  /** Input goes to Aalto in slices, so that one event's text, and the checks between, stay small. */
  private static final int SLICE = 8192;
  private static final byte[] NOTHING = new byte[0];
  private static final AsyncXMLInputFactory FACTORY = factory();

  /** What the parser reports, in stream order. */
  public interface Handler {
    void streamOpened(StreamHeader header);

    void element(Element element);

    void streamClosed();
  }

  private final int maxStanzaBytes;
  private final int maxDepth;
  private final Handler handler;

  private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
  /** Bytes given to the current reader. */
  private long fed;
  /** Where the unfinished top-level part (a stanza, the header, the gap between) began. */
  private long mark;
  private long stanzaStart;
  /** 0 before the stream header, 1 between stanzas, 2 and more inside one. */
  private int depth;
  /** The open elements of the stanza being read, innermost last. */
  private final ArrayDeque<Element.Builder> open = new ArrayDeque<>();
  /** Prolog check across buffers: whether the last byte before the first tag was '<'. */
  private boolean prologLt;
  private boolean prologDone;
  private boolean ended;
  private XmlStreamException failure;
  /** Changed by {@link #restart()}, so that a restart from within the handler stops the current feed. */
  private int generation;
  /** While the handler runs: its exceptions are its own, not a sign of bad input. */
  private boolean inHandler;

  public XmlStreamParser(Handler handler) {
    this(handler, DEFAULT_MAX_STANZA_BYTES, DEFAULT_MAX_DEPTH);
  }

  public XmlStreamParser(Handler handler, int maxStanzaBytes, int maxDepth) {
    this.handler = handler;
    this.maxStanzaBytes = maxStanzaBytes;
    this.maxDepth = maxDepth;
    restart();
  }

  /**
   * Expects a new stream from the next byte on: after STARTTLS and after SASL success (RFC 6120
   * 5.4.3.3, 6.4.6). May be called from the handler; the rest of the buffer being fed is then
   * dropped, which is safe because the server sends nothing more until the client opens the new stream.
   */
  public void restart() {
    reader = FACTORY.createAsyncForByteArray();
    fed = 0;
    mark = 0;
    stanzaStart = 0;
    depth = 0;
    open.clear();
    prologLt = false;
    prologDone = false;
    ended = false;
    failure = null;
    generation++;
  }

  /** Whether the server closed its stream ({@code </stream:stream>}); later bytes are ignored. */
  public boolean ended() {
    return ended;
  }

  public void feed(Buffer buffer) throws XmlStreamException {
    byte[] bytes = buffer.getBytes();
    feed(bytes, 0, bytes.length);
  }

  public void feed(byte[] bytes, int offset, int length) throws XmlStreamException {
    if (failure != null) {
      throw failure;
    }
    try {
      int gen = generation;
      for (int at = offset, end = offset + length; at < end && !ended && gen == generation; at += SLICE) {
        feedSlice(bytes, at, Math.min(SLICE, end - at), gen);
      }
    } catch (XmlStreamException e) {
      failure = e;
      throw e;
    }
  }

  private void feedSlice(byte[] bytes, int offset, int length, int gen) throws XmlStreamException {
    if (!prologDone) {
      checkProlog(bytes, offset, length);
    }
    try {
      reader.getInputFeeder().feedInput(bytes, offset, length);
      fed += length;
      int event;
      while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
        handle(event);
        if (ended || gen != generation) {
          return;
        }
      }
      // Let go of the caller's array: an idle connection keeps no input buffer.
      reader.getInputFeeder().feedInput(NOTHING, 0, 0);
    } catch (RuntimeException e) {
      if (inHandler) {
        inHandler = false;
        throw e;
      }
      throw new XmlStreamException(Kind.MALFORMED,
          "The IM server sent data that is not a valid XMPP stream.", String.valueOf(e.getMessage()));
    } catch (XMLStreamException e) {
      throw new XmlStreamException(Kind.MALFORMED,
          "The IM server sent data that is not a valid XMPP stream.", String.valueOf(e.getMessage()));
    }
    if (fed - mark > maxStanzaBytes) {
      throw tooLarge();
    }
  }

  /** A DOCTYPE (with or without entity declarations) or a comment can only start with "<!" before the first tag. */
  private void checkProlog(byte[] bytes, int offset, int length) throws XmlStreamException {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (prologLt) {
        if (b == '!') {
          throw restricted("a document type declaration");
        }
        if (b != '?') {
          prologDone = true;
          return;
        }
      }
      prologLt = b == '<';
    }
  }

  private void handle(int event) throws XMLStreamException, XmlStreamException {
    long at = reader.getLocation().getCharacterOffset();
    if (at - mark > maxStanzaBytes) {
      throw tooLarge();
    }
    switch (event) {
      case XMLStreamConstants.START_ELEMENT -> startElement(at);
      case XMLStreamConstants.END_ELEMENT -> endElement(at);
      case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
        if (depth >= 2) {
          open.getLast().text(reader.getText());
        } else {
          // Whitespace between stanzas (keep-alives): nothing to keep.
          mark = at;
        }
      }
      case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
          throw restricted("a document type declaration");
      case XMLStreamConstants.ENTITY_REFERENCE -> throw restricted("an entity reference");
      case XMLStreamConstants.COMMENT -> throw restricted("a comment");
      case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("a processing instruction");
      default -> {
        // START_DOCUMENT (the XML declaration), END_DOCUMENT: nothing to do.
      }
    }
  }

  private void startElement(long at) throws XmlStreamException {
    depth++;
    if (depth > maxDepth) {
      throw new XmlStreamException(Kind.TOO_DEEP, "The IM server sent elements nested too deeply.",
          "depth " + depth + " > " + maxDepth);
    }
    String namespace = nonNull(reader.getNamespaceURI());
    if (depth == 1) {
      if (!reader.getLocalName().equals("stream") || !namespace.equals(XmlWriter.STREAMS_NS)) {
        throw new XmlStreamException(Kind.NOT_A_STREAM, "The IM server did not open an XMPP stream.",
            "first element <" + reader.getLocalName() + " xmlns='" + namespace + "'>");
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < reader.getAttributeCount(); i++) {
        attributes.put(attributeKey(reader, i), reader.getAttributeValue(i));
      }
      mark = at;
      StreamHeader header = new StreamHeader(nonNull(reader.getNamespaceURI("")), attributes);
      inHandler = true;
      handler.streamOpened(header);
      inHandler = false;
      return;
    }
    if (depth == 2) {
      stanzaStart = at;
      mark = at;
    }
    Element.Builder builder = Element.builder(reader.getLocalName(), namespace);
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      builder.attribute(attributeKey(reader, i), reader.getAttributeValue(i));
    }
    open.addLast(builder);
  }

  private void endElement(long at) throws XmlStreamException {
    depth--;
    if (depth == 0) {
      ended = true;
      inHandler = true;
      handler.streamClosed();
      inHandler = false;
      return;
    }
    Element element = open.removeLast().build();
    if (depth >= 2) {
      open.getLast().child(element);
      return;
    }
    if (at - stanzaStart > maxStanzaBytes) {
      throw tooLarge();
    }
    mark = at;
    inHandler = true;
    handler.element(element);
    inHandler = false;
  }

  private XmlStreamException tooLarge() {
    return new XmlStreamException(Kind.TOO_LARGE,
        "The IM server sent a stanza larger than " + maxStanzaBytes / 1024 + " KiB.",
        "more than " + maxStanzaBytes + " bytes without the end of a stanza");
  }

  private static XmlStreamException restricted(String what) {
    return new XmlStreamException(Kind.RESTRICTED_XML, "The IM server sent " + what + ", which XMPP forbids.", what);
  }

  private static String attributeKey(XMLStreamReader reader, int i) {
    String prefix = reader.getAttributePrefix(i);
    String local = reader.getAttributeLocalName(i);
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static AsyncXMLInputFactory factory() {
    InputFactoryImpl factory = new InputFactoryImpl();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // An undeclared entity then comes as an event, refused above, instead of an obscure error.
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    return factory;
  }
}
