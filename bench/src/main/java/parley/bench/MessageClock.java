package parley.bench;

/**
 * Stamps a message text with the sender's {@link System#nanoTime()} (sender and receiver run in
 * this JVM) and pads it to the wanted size; on arrival, reads the stamp back.
 */
final class MessageClock {
  private static final String PREFIX = "bench:";

  private MessageClock() {}

  static String stamp(long nanos, int size) {
    StringBuilder text = new StringBuilder(size).append(PREFIX).append(nanos).append(' ');
    while (text.length() < size) {
      text.append('x');
    }
    return text.toString();
  }

  /** The stamp of a text from {@link #stamp}, or -1 for any other text. */
  static long sentAt(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return -1;
    }
    int end = text.indexOf(' ', PREFIX.length());
    try {
      return Long.parseLong(text.substring(PREFIX.length(), end < 0 ? text.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
