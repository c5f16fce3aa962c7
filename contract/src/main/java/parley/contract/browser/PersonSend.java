package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.Limits;

/**
 * {@code person.send}: {@code text} to the person, through {@code via} (one of its contacts) when the
 * page picked one, else null (the session picks the one last active); {@code clientId} as in message.send.
 */
public record PersonSend(String personId, String text, String clientId, PersonContact via) {
  public String type() {
    return BrowserCommand.PERSON_SEND;
  }

  public JsonObject toJson() {
    JsonObject json = via == null ? new JsonObject() : via.toJson();
    return CommandFields.putIf(json.put("personId", personId).put("text", text), BrowserCommand.CLIENT_ID, clientId);
  }

  /** A picked contact needs both accountId and jid; either alone is refused. */
  public static PersonSend fromJson(JsonObject json) {
    String personId = CommandFields.string(json, "personId", 64);
    PersonContact via = json.getValue("accountId") != null || json.getValue("jid") != null
        ? PersonContact.fromJson(json) : null;
    String clientId = CommandFields.optionalClientId(json);
    // The sentences of message.send, which carries it.
    if (json.getValue("text") instanceof String s && s.length() > Limits.MAX_TEXT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception(
          "The message is " + s.length() + " characters long; the limit is " + Limits.MAX_TEXT_CHARS + ".");
    }
    if (json.getValue("text") instanceof String s && s.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("The message is empty.");
    }
    String text = CommandFields.string(json, "text", Limits.MAX_TEXT_CHARS);
    return new PersonSend(personId, text, clientId, via);
  }

  /** Without the text: what the user writes stays out of logs. */
  @Override
  public String toString() {
    return "PersonSend[personId=" + personId + ", text=" + text.length() + " chars, clientId=" + clientId + ", via=" + via + "]";
  }
}
