package parley.msn.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The MIME body of a switchboard {@code MSG}: headers, a blank line, the body. Plain text is
 * {@code text/plain; charset=UTF-8} with an {@code X-MMS-IM-Format}; typing is
 * {@code text/x-msmsgscontrol} with a {@code TypingUser}.
 */
public record Mime(Map<String, String> headers, String body) {
  public static final String TEXT = "text/plain";
  public static final String CONTROL = "text/x-msmsgscontrol";
  /** The format Parley sends: the client default font, no effects, black. */
  public static final String FORMAT = "FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0";

  /** A text message. */
  public static Buffer text(String text) {
    return Buffer.buffer(("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: " + FORMAT
        + "\r\n\r\n" + text).getBytes(StandardCharsets.UTF_8));
  }

  /** A typing notification from {@code user}. */
  public static Buffer typing(String user) {
    return Buffer.buffer(("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + user
        + "\r\n\r\n\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a payload; header names are kept as sent and looked up without case. */
  public static Mime parse(Buffer payload) {
    String all = payload.toString(StandardCharsets.UTF_8);
    int end = all.indexOf("\r\n\r\n");
    String head = end < 0 ? all : all.substring(0, end);
    String body = end < 0 ? "" : all.substring(end + 4);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return new Mime(headers, body);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The content type without its parameters, in lower case ("" when absent). */
  public String contentType() {
    String type = header("Content-Type");
    if (type == null) {
      return "";
    }
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
