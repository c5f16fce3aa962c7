package parley.xmpp.stream;

import java.util.Map;

/**
 * The server's {@code <stream:stream>} opening tag: its attributes by name as written
 * ({@code id}, {@code from}, {@code version}, {@code xml:lang}).
 */
public record StreamHeader(String namespace, Map<String, String> attributes) {
  public StreamHeader {
    attributes = Map.copyOf(attributes);
  }

  /** The stream id the server chose (needed later for resumption and logging), or null. */
  public String id() {
    return attributes.get("id");
  }

  public String from() {
    return attributes.get("from");
  }

  public String version() {
    return attributes.get("version");
  }
}
