package parley.xmpp.stream;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Writes outgoing XML: stanzas from {@link Element}s, and the stream's opening and closing tags.
 * Text and attribute values are escaped; a character XML 1.0 cannot carry is refused with
 * {@link InvalidXmlCharacterException}, so nothing the server would close the stream for goes out.
 */
public final class XmlWriter {
  public static final String STREAMS_NS = "http://etherx.jabber.org/streams";
  public static final String CLIENT_NS = "jabber:client";

  private XmlWriter() {}

  /** The client's stream header (RFC 6120 4.7), preceded by the XML declaration. */
  public static Buffer streamOpen(String to, String lang) {
    StringBuilder out = new StringBuilder(200);
    out.append("<?xml version='1.0'?><stream:stream xmlns='").append(CLIENT_NS)
        .append("' xmlns:stream='").append(STREAMS_NS).append("' version='1.0'");
    attribute(out, "to", to);
    if (lang != null) {
      attribute(out, "xml:lang", lang);
    }
    out.append('>');
    return Buffer.buffer(out.toString());
  }

  public static Buffer streamClose() {
    return Buffer.buffer("</stream:stream>");
  }

  /** A top-level element of the client stream (whose default namespace is {@code jabber:client}). */
  public static Buffer stanza(Element element) {
    return Buffer.buffer(toXml(element, CLIENT_NS));
  }

  /** The element as XML, declaring its namespace where it differs from {@code parentNamespace}. */
  public static String toXml(Element element, String parentNamespace) {
    StringBuilder out = new StringBuilder(128);
    write(out, element, parentNamespace);
    return out.toString();
  }

  private static void write(StringBuilder out, Element e, String parentNamespace) {
    out.append('<').append(e.name());
    if (!e.namespace().equals(parentNamespace)) {
      attribute(out, "xmlns", e.namespace());
    }
    for (Map.Entry<String, String> a : e.attributes().entrySet()) {
      attribute(out, a.getKey(), a.getValue());
    }
    if (e.children().isEmpty() && e.text().isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>');
    escape(out, e.text(), false);
    for (Element child : e.children()) {
      write(out, child, e.namespace());
    }
    out.append("</").append(e.name()).append('>');
  }

  private static void attribute(StringBuilder out, String key, String value) {
    out.append(' ').append(key).append("='");
    escape(out, value, true);
    out.append('\'');
  }

  /** Appends {@code s} escaped for element text or a single-quoted attribute value. */
  static void escape(StringBuilder out, String s, boolean attribute) {
    String problem = XmlChars.problem(s);
    if (problem != null) {
      throw new InvalidXmlCharacterException(problem);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\'' -> out.append(attribute ? "&apos;" : "'");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        // Kept as written: a raw CR or tab in an attribute would be normalised to a space by the reader.
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        default -> out.append(c);
      }
    }
  }
}
