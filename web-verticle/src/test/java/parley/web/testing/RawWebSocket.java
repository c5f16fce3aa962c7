package parley.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client on a plain {@link Socket}: the handshake and masked text frames written by
 * hand, and nothing read after the handshake unless asked. For tests of what the server does
 * with a handshake it should refuse, and with a reader that stops reading.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final OutputStream out;
  /** The status line and headers of the server's answer to the handshake. */
  public final String responseHead;

  private RawWebSocket(Socket socket, String responseHead) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.responseHead = responseHead;
  }

  /**
   * Sends the handshake for {@code path} with the given extra headers and reads the answer's
   * head. {@code receiveBuffer} bytes (0: the system's default) bounds what the kernel takes in
   * for us while we do not read.
   */
  public static RawWebSocket open(int port, String path, Map<String, String> headers, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return new RawWebSocket(socket, readHead(socket.getInputStream()));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The HTTP status of the handshake answer (101 when the upgrade was accepted). */
  public int status() {
    String[] parts = responseHead.split(" ", 3);
    return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
  }

  /** Writes one masked text frame, as a browser would; fails once the server has closed the connection. */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server may have reset
    }
  }
}
