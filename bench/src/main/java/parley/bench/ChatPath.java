package parley.bench;

/**
 * A way for the benchmark's users to chat: through Parley as browsers, or directly over XMPP.
 * Each arriving message's text goes to the {@link Arrivals} the path was built with.
 */
interface ChatPath extends AutoCloseable {
  String name();

  int users();

  /** Sends {@code text} from user {@code from} to user {@code to} without waiting for an answer. */
  void send(int from, int to, String text) throws Exception;

  /** Commands the path's server refused so far (zero for a healthy run). */
  default long refused() {
    return 0;
  }

  /** The refusals so far, counted by their words. */
  default java.util.Map<String, Long> refusedByReason() {
    return java.util.Map.of();
  }

  @Override
  void close();

  /** Receives message texts as they arrive, on whatever thread delivered them. */
  interface Arrivals {
    void arrived(String text);
  }
}
