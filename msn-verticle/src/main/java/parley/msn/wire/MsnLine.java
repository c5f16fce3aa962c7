package parley.msn.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One MSNP command: a three-letter command (or a three-digit error number), its space-separated
 * parameters, and for a payload command ({@code MSG}, {@code NOT}, {@code QRY}) the bytes after the
 * line, whose count is the line's last parameter.
 */
public record MsnLine(String command, List<String> params, Buffer payload) {

  public MsnLine {
    params = List.copyOf(params);
  }

  public static MsnLine of(String command, String... params) {
    return new MsnLine(command, List.of(params), null);
  }

  /** Parameter {@code i}, or null when the line has fewer. */
  public String param(int i) {
    return i < params.size() ? params.get(i) : null;
  }

  /** A three-digit error answer ({@code 911 3}). */
  public boolean isError() {
    return command.length() == 3 && Character.isDigit(command.charAt(0));
  }

  public int errorCode() {
    return Integer.parseInt(command);
  }

  /** The first parameter as a transaction id, or -1 when it is not a number. */
  public long trId() {
    String first = param(0);
    if (first == null || first.isEmpty() || first.length() > 10) {
      return -1;
    }
    for (int i = 0; i < first.length(); i++) {
      if (!Character.isDigit(first.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(first);
  }

  /** The line as sent: command, parameters, CRLF, then the payload if any. */
  public Buffer encode() {
    StringBuilder b = new StringBuilder(command);
    for (String p : params) {
      b.append(' ').append(p);
    }
    b.append("\r\n");
    Buffer out = Buffer.buffer(b.toString().getBytes(StandardCharsets.UTF_8));
    return payload == null ? out : out.appendBuffer(payload);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(command);
    for (String p : params) {
      b.append(' ').append(p);
    }
    if (payload != null) {
      b.append(" <").append(payload.length()).append(" bytes>");
    }
    return b.toString();
  }
}
