package parley.contract;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Every failure Parley reports, on the bus ({@code message.fail(code, text)}) and inside events
 * ({@code "error": {"code": "IM_AUTH_FAILED", "text": "..."}}). The text is for people; the code is
 * for programs.
 */
public enum FailureCode {
  MALFORMED(400, "The request is not a JSON object with a known shape."),
  UNKNOWN_TYPE(401, "Unknown message type."),
  INVALID_FIELD(402, "A field is missing or invalid."),
  TEXT_TOO_LONG(403, "The text is too long."),
  INVALID_JID(404, "That is not a valid address."),
  NOT_SIGNED_IN(410, "Please sign in."),
  FORBIDDEN(411, "Not allowed."),
  USERNAME_TAKEN(412, "That username is taken."),
  BAD_CREDENTIALS(413, "Wrong username or password."),
  RATE_LIMITED(414, "Too many requests; slow down."),
  NO_SUCH_ACCOUNT(420, "No such IM account."),
  NOT_CONNECTED(421, "That IM account is not connected."),
  NO_PROTOCOL_NODE(422, "No server for that network is running right now."),
  NODE_DRAINING(423, "That server node is being drained and takes no new accounts."),
  NODE_LOST(424, "The Parley server holding the IM account stopped before it answered, so this may or may not have been"
      + " done; the account reconnects through another server."),
  NOT_SUPPORTED(425, "The account's network does not support that."),
  UNKNOWN_NETWORK(426, "No protocol node offers that network right now."),
  /** A message whose send was cut off by a stopped session process: {@link MessageStatus#UNSURE}. */
  SEND_UNSURE(427, "The Parley server sending this message stopped before the IM server answered, so it may or may not"
      + " have gone out. It is not sent again by itself: send it again if it did not arrive."),
  IM_AUTH_FAILED(430, "The IM server refused the username or password."),
  IM_UNREACHABLE(431, "The IM server could not be reached."),
  IM_TLS_FAILED(432, "A secure connection to the IM server could not be made."),
  IM_KICKED(433, "The IM server closed the connection."),
  IM_CONNECTION_LOST(434, "The connection to the IM server was lost."),
  IM_ERROR(435, "The IM server reported an error."),
  /** The server or the room keeps no message archive: no older messages to offer (unlike a timeout, IM_ERROR). */
  NO_ARCHIVE(436, "That chat keeps no message archive on its server, so there are no older messages to fetch."),
  QUOTA_EXCEEDED(440, "Your plan's allowance for this month is used up. Ask an admin for another plan, or wait for next month."),
  BALANCE_EXHAUSTED(441, "Your prepaid balance is used up. Ask an admin to top it up."),
  SUSPENDED(442, "Your account is suspended from sending. Ask an admin to resume it."),
  UNKNOWN_PLAN(443, "There is no plan of that name."),
  INVALID_AMOUNT(444, "That amount is not allowed."),
  NO_SUCH_USER(445, "No such user."),
  STORAGE_UNAVAILABLE(501, "The server cannot store messages right now; try again in a moment."),
  /** A new send refused while the session process is behind (its database writes or its event loop): nothing was stored or sent. */
  OVERLOADED(502, "Parley is overloaded right now, so this was not sent. Try again in a moment."),
  INTERNAL(500, "Something went wrong on the server.");

  private final int code;
  private final String defaultText;

  FailureCode(int code, String defaultText) {
    this.code = code;
    this.defaultText = defaultText;
  }

  public int code() {
    return code;
  }

  public String defaultText() {
    return defaultText;
  }

  public static FailureCode of(int code) {
    for (FailureCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return INTERNAL;
  }

  /** The failure as it appears inside an event. */
  public JsonObject toJson(String text) {
    return new JsonObject().put("code", name()).put("text", text == null ? defaultText : text);
  }

  public void fail(Message<?> message, String text) {
    message.fail(code, text == null ? defaultText : text);
  }

  public void fail(Message<?> message) {
    message.fail(code, defaultText);
  }

  /** A failed future that replies with this code when passed to {@link #replyTo}. */
  public ParleyException exception(String text) {
    return new ParleyException(this, text == null ? defaultText : text);
  }

  /** Replies to {@code message} with the failure {@code cause}, hiding anything that is not ours. */
  public static void replyTo(Message<?> message, Throwable cause) {
    if (cause instanceof ParleyException p) {
      p.code().fail(message, p.getMessage());
    } else if (cause instanceof io.vertx.core.eventbus.ReplyException r && r.failureCode() > 0) {
      FailureCode.of(r.failureCode()).fail(message, r.getMessage());
    } else {
      INTERNAL.fail(message);
    }
  }
}
