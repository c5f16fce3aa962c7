package parley.oscar;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.oscar.wire.ImData;

/**
 * Message text between Parley (plain text) and AIM (HTML-ish text in ASCII, ISO-8859-1 or
 * UTF-16BE). Incoming HTML becomes plain text: tags go, entities are decoded; outgoing text is
 * escaped, so that what a person typed is what the other side sees.
 */
final class MessageText {
  private MessageText() {}

  private static final Pattern LINE_BREAK = Pattern.compile("(?i)<br\\s*/?>|</p\\s*>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

  /** The plain text of an incoming message. */
  static String plain(ImData data) {
    return htmlToPlain(decode(data));
  }

  static String decode(ImData data) {
    Charset charset = switch (data.charset()) {
      case ImData.UTF16BE -> StandardCharsets.UTF_16BE;
      case ImData.LATIN1 -> StandardCharsets.ISO_8859_1;
      // ASCII, and anything unknown: bytes over 0x7F read as Latin-1 rather than lost.
      default -> StandardCharsets.ISO_8859_1;
    };
    return data.text().toString(charset);
  }

  /** Text without a charset tag (ICQ's own messages): UTF-8 when it is valid UTF-8, else Latin-1. */
  static String legacyText(Buffer bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.getBytes())).toString();
    } catch (CharacterCodingException e) {
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static String htmlToPlain(String html) {
    String text = LINE_BREAK.matcher(html).replaceAll("\n");
    text = TAG.matcher(text).replaceAll("");
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  private static String entity(String name, String whole) {
    try {
      if (name.startsWith("#x") || name.startsWith("#X")) {
        return codePoint(Integer.parseInt(name.substring(2), 16), whole);
      }
      if (name.startsWith("#")) {
        return codePoint(Integer.parseInt(name.substring(1)), whole);
      }
    } catch (NumberFormatException e) {
      return whole;
    }
    return switch (name.toLowerCase()) {
      case "lt" -> "<";
      case "gt" -> ">";
      case "amp" -> "&";
      case "quot" -> "\"";
      case "apos" -> "'";
      case "nbsp" -> " ";
      default -> whole;
    };
  }

  private static String codePoint(int cp, String whole) {
    return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : whole;
  }

  /** Outgoing: escaped HTML in the narrowest charset that holds the text. */
  static ImData encode(String plain) {
    String html = "<HTML><BODY>" + escape(plain) + "</BODY></HTML>";
    if (html.chars().allMatch(c -> c < 0x80)) {
      return new ImData(ImData.ASCII, Buffer.buffer(html.getBytes(StandardCharsets.US_ASCII)));
    }
    if (html.chars().allMatch(c -> c <= 0xFF)) {
      return new ImData(ImData.LATIN1, Buffer.buffer(html.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return new ImData(ImData.UTF16BE, Buffer.buffer(html.getBytes(StandardCharsets.UTF_16BE)));
  }

  static String escape(String plain) {
    StringBuilder out = new StringBuilder(plain.length() + 16);
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\n' -> out.append("<BR>");
        case '\r' -> { }
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
