package parley.xmpp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A tiny DNS server on loopback UDP that answers SRV queries from a fixed table, and every other
 * name with "no such name". Enough for the node's SRV lookup; nothing else.
 */
final class SrvDnsServer implements AutoCloseable {
  record Srv(int priority, int weight, int port, String target) {}

  private final DatagramSocket socket;
  private final Map<String, List<Srv>> records;
  private final Thread thread;

  SrvDnsServer(Map<String, List<Srv>> records) {
    this.records = records;
    try {
      socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::serve, "srv-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code 127.0.0.1:port}, for the node's {@code dnsServer} setting. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      try {
        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
        socket.receive(query);
        byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
        socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
      } catch (IOException | RuntimeException closedOrBad) {
        // Closed at the end of the test, or a query this server does not understand.
      }
    }
  }

  private byte[] answer(ByteBuffer q) {
    short id = q.getShort();
    q.position(12);
    StringBuilder name = new StringBuilder();
    for (int len = q.get() & 0xff; len > 0; len = q.get() & 0xff) {
      byte[] label = new byte[len];
      q.get(label);
      name.append(name.length() == 0 ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
    }
    int type = q.getShort() & 0xffff;
    q.getShort();
    int questionEnd = q.position();
    List<Srv> found = type == 33 ? records.get(name.toString()) : null;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort(id).putShort((short) (found == null ? 0x8183 : 0x8180)).putShort((short) 1)
        .putShort((short) (found == null ? 0 : found.size())).putShort((short) 0).putShort((short) 0);
    out.writeBytes(header.array());
    out.write(q.array(), 12, questionEnd - 12);
    if (found != null) {
      for (Srv srv : found) {
        byte[] target = encode(srv.target());
        ByteBuffer rr = ByteBuffer.allocate(2 + 2 + 2 + 4 + 2 + 6 + target.length);
        rr.putShort((short) 0xC00C).putShort((short) 33).putShort((short) 1).putInt(60)
            .putShort((short) (6 + target.length)).putShort((short) srv.priority()).putShort((short) srv.weight())
            .putShort((short) srv.port()).put(target);
        out.writeBytes(rr.array());
      }
    }
    return out.toByteArray();
  }

  private static byte[] encode(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.write(0);
    return out.toByteArray();
  }

  @Override
  public void close() {
    socket.close();
  }
}
