package parley.contract;

/** Bounds every part of Parley enforces the same way. */
public final class Limits {
  private Limits() {}

  /** Longest chat message text, in UTF-16 chars. */
  public static final int MAX_TEXT_CHARS = 10_000;

  /** Longest status text. */
  public static final int MAX_STATUS_CHARS = 500;

  /** Longest Parley username. */
  public static final int MAX_USERNAME_CHARS = 64;

  /** Shortest Parley password. */
  public static final int MIN_PASSWORD_CHARS = 8;

  /** Longest password of any kind (bcrypt reads at most 72 bytes, longer ones are refused). */
  public static final int MAX_PASSWORD_CHARS = 72;

  /** Most history messages one request returns. */
  public static final int MAX_HISTORY_PAGE = 200;

  /**
   * Largest picture the person may set as their own avatar, in bytes: its base64 in one command
   * stays within a 64 KiB WebSocket frame.
   */
  public static final int MAX_OWN_AVATAR_BYTES = 32 * 1024;

  /** Longest search text, in UTF-16 chars. */
  public static final int MAX_SEARCH_CHARS = 200;

  /** Most words one search looks for (each a prefix, from 3 characters on). */
  public static final int MAX_SEARCH_WORDS = 8;

  /** Most results one search returns; the page asks for more with {@code before}. */
  public static final int MAX_SEARCH_RESULTS = 50;

  /** Messages per page of an export, between the web verticle and the session. */
  public static final int EXPORT_PAGE = 200;

  /** Most messages of one page of a person's timeline (every network's messages together). */
  public static final int MAX_PERSON_PAGE = 200;
  /** Most conversations one {@code chats.recent} page returns; the page asks for more with {@code before}. */
  public static final int MAX_RECENT_CHATS = 100;
}
