package parley.msn.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts an MSNP byte stream into {@link MsnLine}s: CRLF-terminated lines of bounded length, and for
 * a payload command the byte count its last parameter names (bounded too). A line that is not
 * MSNP, or too long, ends the stream with one {@link MsnSyntaxException}; nothing after it is read.
 */
public final class MsnFramer implements Handler<Buffer> {
  /** Longest command line accepted (MSNP lines are short; a list entry with a long name is under 1 KB). */
  public static final int MAX_LINE_BYTES = 4096;
  /** Largest payload accepted (a switchboard message is at most 1664 bytes; profile and notifications more). */
  public static final int MAX_PAYLOAD_BYTES = 65_536;

  private final RecordParser parser;
  private final Consumer<MsnLine> onLine;
  private final Consumer<MsnSyntaxException> onError;
  private final java.util.Set<String> payloadCommands;
  /** The payload command whose bytes are being read, or null while reading lines. */
  private String pendingCommand;
  private List<String> pendingParams;
  private boolean failed;

  /** Payload commands a server sends ({@code QRY} from a server is a plain answer). */
  public static final java.util.Set<String> FROM_SERVER = java.util.Set.of("MSG", "NOT");
  /** Payload commands a client sends. */
  public static final java.util.Set<String> FROM_CLIENT = java.util.Set.of("MSG", "QRY");

  /** {@code payloadCommands}: {@link #FROM_SERVER} for a client reading its server, {@link #FROM_CLIENT} for a server. */
  public MsnFramer(java.util.Set<String> payloadCommands, Consumer<MsnLine> onLine, Consumer<MsnSyntaxException> onError) {
    this.payloadCommands = payloadCommands;
    this.onLine = onLine;
    this.onError = onError;
    this.parser = RecordParser.newDelimited("\r\n", this::record);
    parser.maxRecordSize(MAX_LINE_BYTES);
    parser.exceptionHandler(e -> fail(new MsnSyntaxException("a line longer than " + MAX_LINE_BYTES + " bytes")));
  }

  @Override
  public void handle(Buffer data) {
    if (failed) {
      return;
    }
    try {
      parser.handle(data);
    } catch (MsnSyntaxException e) {
      fail(e);
    } catch (IllegalStateException e) {
      fail(new MsnSyntaxException("a line longer than " + MAX_LINE_BYTES + " bytes"));
    }
  }

  private void record(Buffer record) {
    if (failed) {
      return;
    }
    if (pendingCommand != null) {
      MsnLine line = new MsnLine(pendingCommand, pendingParams, record);
      pendingCommand = null;
      pendingParams = null;
      parser.delimitedMode("\r\n");
      onLine.accept(line);
      return;
    }
    MsnLine line = parse(record.toString(StandardCharsets.UTF_8));
    if (payloadCommands.contains(line.command())) {
      int length = payloadLength(line);
      if (length > 0) {
        pendingCommand = line.command();
        pendingParams = line.params();
        parser.fixedSizeMode(length);
        return;
      }
      line = new MsnLine(line.command(), line.params(), Buffer.buffer());
    }
    onLine.accept(line);
  }

  private void fail(MsnSyntaxException e) {
    if (!failed) {
      failed = true;
      onError.accept(e);
    }
  }

  /** One command line (without its CRLF) as a line; {@link MsnSyntaxException} when it is not MSNP. */
  public static MsnLine parse(String text) {
    if (text.isEmpty()) {
      throw new MsnSyntaxException("an empty line");
    }
    String[] parts = text.split(" ", -1);
    String command = parts[0];
    if (command.length() != 3 || !command.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      throw new MsnSyntaxException("a line that is not an MSNP command: \"" + shorten(text) + "\"");
    }
    List<String> params = new ArrayList<>(parts.length - 1);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        throw new MsnSyntaxException("a line with an empty parameter: \"" + shorten(text) + "\"");
      }
      params.add(parts[i]);
    }
    return new MsnLine(command, params, null);
  }

  private static int payloadLength(MsnLine line) {
    String last = line.params().isEmpty() ? null : line.params().get(line.params().size() - 1);
    int length;
    try {
      length = Integer.parseInt(last);
    } catch (NumberFormatException e) {
      throw new MsnSyntaxException("a " + line.command() + " without its byte count");
    }
    if (length < 0 || length > MAX_PAYLOAD_BYTES) {
      throw new MsnSyntaxException("a " + line.command() + " of " + length + " bytes (at most " + MAX_PAYLOAD_BYTES + ")");
    }
    return length;
  }

  private static String shorten(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
