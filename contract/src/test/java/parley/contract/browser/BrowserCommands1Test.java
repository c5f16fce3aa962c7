package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.roundTrips;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * The typed browser commands of accounts, presence, 1:1 chats and their history read the JSON the
 * page sends (as docs/bus-contract.md shows it) and write it back byte for byte, and refuse bad input
 * with the code and sentence the page has always been shown.
 */
class BrowserCommands1Test {

  private static void fails(FailureCode code, String text, Function<JsonObject, ?> fromJson, String json) {
    ParleyException e = assertThrows(ParleyException.class, () -> fromJson.apply(new JsonObject(json)));
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  private static void invalid(String text, Function<JsonObject, ?> fromJson, String json) {
    fails(FailureCode.INVALID_FIELD, text, fromJson, json);
  }

  @Test
  void attach() {
    roundTrips("{\"type\":\"attach\"}", Attach::fromJson, Attach::toJson);
    roundTrips("{\"type\":\"attach\",\"since\":41,\"stream\":\"s-1\"}", Attach::fromJson, Attach::toJson);
    invalid("since must be a whole number.", Attach::fromJson, "{\"since\":1.5}");
    invalid("stream must be text.", Attach::fromJson, "{\"since\":1,\"stream\":7}");
  }

  @Test
  void accountAddHidesThePassword() {
    roundTrips("{\"type\":\"account.add\",\"network\":\"irc\",\"login\":\"alice\",\"password\":\"s3cret\","
        + "\"host\":\"irc.example.org\",\"port\":6697,\"tls\":\"if-offered\"}", AccountAdd::fromJson, AccountAdd::toJson);
    roundTrips("{\"type\":\"account.add\",\"login\":\"alice@example.org\",\"password\":\"s3cret\"}",
        AccountAdd::fromJson, AccountAdd::toJson);
    // The page's empty inputs: no host, no port.
    AccountAdd blank = AccountAdd.fromJson(new JsonObject(
        "{\"login\":\"a@b.org\",\"password\":\"hunter2\",\"host\":\"  \",\"port\":\"\"}"));
    assertNull(blank.host());
    assertNull(blank.port());
    assertNull(blank.tls());
    assertFalse(blank.toString().contains("hunter2"), blank.toString());
    assertTrue(blank.toString().contains("a@b.org"), blank.toString());
    invalid("login is required.", AccountAdd::fromJson, "{\"password\":\"x\"}");
    invalid("password is required.", AccountAdd::fromJson, "{\"login\":\"a@b.org\"}");
    invalid("port must be a port number from 1 to 65535.", AccountAdd::fromJson,
        "{\"login\":\"a@b.org\",\"password\":\"x\",\"port\":70000}");
    invalid("tls must be one of if-offered, required.", AccountAdd::fromJson,
        "{\"login\":\"a@b.org\",\"password\":\"x\",\"tls\":\"never\"}");
    invalid("password is longer than 288 characters.", AccountAdd::fromJson,
        "{\"login\":\"a@b.org\",\"password\":\"" + "p".repeat(289) + "\"}");
  }

  @Test
  void accountUpdateTellsKeptFromCleared() {
    roundTrips("{\"type\":\"account.update\",\"accountId\":\"a1\",\"login\":\"bob@example.org\",\"password\":\"new\","
        + "\"host\":null,\"port\":5223,\"tls\":\"required\"}", AccountUpdate::fromJson, AccountUpdate::toJson);
    roundTrips("{\"type\":\"account.update\",\"accountId\":\"a1\"}", AccountUpdate::fromJson, AccountUpdate::toJson);
    AccountUpdate kept = AccountUpdate.fromJson(new JsonObject("{\"accountId\":\"a1\",\"password\":\"\"}"));
    assertEquals(new AccountUpdate("a1", null, null, false, null, false, null, null), kept);
    AccountUpdate cleared = AccountUpdate.fromJson(new JsonObject(
        "{\"accountId\":\"a1\",\"host\":\"\",\"port\":\"\",\"password\":\"hunter2\"}"));
    assertTrue(cleared.setsHost() && cleared.setsPort());
    assertNull(cleared.host());
    assertFalse(cleared.toString().contains("hunter2"), cleared.toString());
    invalid("accountId is required.", AccountUpdate::fromJson, "{}");
    invalid("login is required.", AccountUpdate::fromJson, "{\"accountId\":\"a1\",\"login\":\"\"}");
    invalid("tls is required.", AccountUpdate::fromJson, "{\"accountId\":\"a1\",\"tls\":null}");
    invalid("port must be a port number from 1 to 65535.", AccountUpdate::fromJson, "{\"accountId\":\"a1\",\"port\":0}");
  }

  @Test
  void accountRemoveConnectDisconnect() {
    roundTrips("{\"type\":\"account.remove\",\"accountId\":\"a1\"}", AccountRemove::fromJson, AccountRemove::toJson);
    roundTrips("{\"type\":\"account.connect\",\"accountId\":\"a1\"}", AccountConnect::fromJson, AccountConnect::toJson);
    roundTrips("{\"type\":\"account.disconnect\",\"accountId\":\"a1\"}", AccountDisconnect::fromJson,
        AccountDisconnect::toJson);
    invalid("accountId is required.", AccountRemove::fromJson, "{\"accountId\":\" \"}");
    invalid("accountId must be text.", AccountConnect::fromJson, "{\"accountId\":5}");
    invalid("accountId is longer than 64 characters.", AccountDisconnect::fromJson,
        "{\"accountId\":\"" + "a".repeat(65) + "\"}");
  }

  @Test
  void presenceSet() {
    roundTrips("{\"type\":\"presence.set\",\"show\":\"away\",\"status\":\"lunch\"}", PresenceSet::fromJson, PresenceSet::toJson);
    assertEquals(new PresenceSet("dnd", ""), PresenceSet.fromJson(new JsonObject("{\"show\":\"dnd\"}")));
    invalid("show is required.", PresenceSet::fromJson, "{}");
    invalid("show must be one of available, away, chat, dnd, xa.", PresenceSet::fromJson, "{\"show\":\"offline\"}");
    invalid("status is longer than 500 characters.", PresenceSet::fromJson,
        "{\"show\":\"away\",\"status\":\"" + "s".repeat(501) + "\"}");
  }

  @Test
  void messageSend() {
    roundTrips("{\"type\":\"message.send\",\"accountId\":\"a1\",\"to\":\"bob@example.org\",\"text\":\"hi\",\"clientId\":\"c-1_x\"}",
        MessageSend::fromJson, MessageSend::toJson);
    roundTrips("{\"type\":\"message.send\",\"accountId\":\"a1\",\"to\":\"bob\",\"text\":\"hi\"}",
        MessageSend::fromJson, MessageSend::toJson);
    String base = "{\"accountId\":\"a1\",\"to\":\"bob@example.org\",";
    fails(FailureCode.TEXT_TOO_LONG, "The message is 10001 characters long; the limit is 10000.", MessageSend::fromJson,
        base + "\"text\":\"" + "x".repeat(10_001) + "\"}");
    invalid("The message is empty.", MessageSend::fromJson, base + "\"text\":\"  \"}");
    invalid("text is required.", MessageSend::fromJson, base + "\"clientId\":\"c1\"}");
    invalid("text must be text.", MessageSend::fromJson, base + "\"text\":3}");
    invalid("to is required.", MessageSend::fromJson, "{\"accountId\":\"a1\",\"text\":\"hi\"}");
    invalid("The client message id must be 1 to 64 letters, digits, '-' or '_'.", MessageSend::fromJson,
        base + "\"text\":\"hi\",\"clientId\":\"a b\"}");
    ParleyException nul = assertThrows(ParleyException.class,
        () -> MessageSend.fromJson(new JsonObject().put("accountId", "a1").put("to", "b@c.org").put("text", "a\u0000b")));
    assertEquals(FailureCode.INVALID_FIELD, nul.code());
    assertTrue(nul.getMessage().startsWith("The message "), nul.getMessage());
  }

  @Test
  void typingSend() {
    roundTrips("{\"type\":\"typing.send\",\"accountId\":\"a1\",\"to\":\"bob@example.org\",\"state\":\"composing\"}",
        TypingSend::fromJson, TypingSend::toJson);
    invalid("state must be one of active, composing, paused.", TypingSend::fromJson,
        "{\"accountId\":\"a1\",\"to\":\"b@c.org\",\"state\":\"gone\"}");
    invalid("state is required.", TypingSend::fromJson, "{\"accountId\":\"a1\",\"to\":\"b@c.org\"}");
  }

  @Test
  void contactAddTrimsNameAndGroup() {
    roundTrips("{\"type\":\"contact.add\",\"accountId\":\"a1\",\"jid\":\"bob@example.org\",\"name\":\"Bob\",\"group\":\"Work\"}",
        ContactAdd::fromJson, ContactAdd::toJson);
    assertEquals(new ContactAdd("a1", "b@c.org", "Bob", null), ContactAdd.fromJson(new JsonObject(
        "{\"accountId\":\"a1\",\"jid\":\"b@c.org\",\"name\":\" Bob \",\"group\":\" \"}")));
    invalid("jid is required.", ContactAdd::fromJson, "{\"accountId\":\"a1\"}");
    invalid("name is longer than 200 characters.", ContactAdd::fromJson,
        "{\"accountId\":\"a1\",\"jid\":\"b@c.org\",\"name\":\"" + "n".repeat(201) + "\"}");
  }

  @Test
  void contactRemoveBlockUnblockAndChatRead() {
    roundTrips("{\"type\":\"contact.remove\",\"accountId\":\"a1\",\"jid\":\"b@c.org\"}", ContactRemove::fromJson, ContactRemove::toJson);
    roundTrips("{\"type\":\"contact.block\",\"accountId\":\"a1\",\"jid\":\"spam@c.org\"}", ContactBlock::fromJson, ContactBlock::toJson);
    roundTrips("{\"type\":\"contact.unblock\",\"accountId\":\"a1\",\"jid\":\"spam@c.org\"}", ContactUnblock::fromJson,
        ContactUnblock::toJson);
    roundTrips("{\"type\":\"chat.read\",\"accountId\":\"a1\",\"peer\":\"b@c.org\"}", ChatRead::fromJson, ChatRead::toJson);
    invalid("jid is required.", ContactRemove::fromJson, "{\"accountId\":\"a1\",\"jid\":\"\"}");
    invalid("jid must be text.", ContactBlock::fromJson, "{\"accountId\":\"a1\",\"jid\":[]}");
    invalid("jid is longer than 3071 characters.", ContactUnblock::fromJson,
        "{\"accountId\":\"a1\",\"jid\":\"" + "j".repeat(3072) + "\"}");
    invalid("peer is required.", ChatRead::fromJson, "{\"accountId\":\"a1\"}");
    invalid("accountId is required.", ChatRead::fromJson, "{\"peer\":\"b@c.org\"}");
  }

  @Test
  void subscriptionAnswer() {
    roundTrips("{\"type\":\"subscription.answer\",\"accountId\":\"a1\",\"jid\":\"b@c.org\",\"approve\":false}",
        SubscriptionAnswer::fromJson, SubscriptionAnswer::toJson);
    invalid("approve must be true or false.", SubscriptionAnswer::fromJson,
        "{\"accountId\":\"a1\",\"jid\":\"b@c.org\",\"approve\":\"yes\"}");
  }

  @Test
  void messageCorrectAndRetract() {
    roundTrips("{\"type\":\"message.correct\",\"accountId\":\"a1\",\"messageId\":42,\"text\":\"fixed\"}",
        MessageCorrect::fromJson, MessageCorrect::toJson);
    roundTrips("{\"type\":\"message.retract\",\"accountId\":\"a1\",\"messageId\":42}", MessageRetract::fromJson,
        MessageRetract::toJson);
    invalid("messageId must be the id of a message you sent.", MessageCorrect::fromJson,
        "{\"accountId\":\"a1\",\"messageId\":0,\"text\":\"x\"}");
    invalid("messageId must be the id of a message you sent.", MessageRetract::fromJson, "{\"accountId\":\"a1\"}");
    invalid("messageId must be a whole number.", MessageRetract::fromJson, "{\"accountId\":\"a1\",\"messageId\":\"7\"}");
    invalid("The message is empty.", MessageCorrect::fromJson, "{\"accountId\":\"a1\",\"messageId\":3,\"text\":\"\"}");
  }

  @Test
  void historyGetAsksOnePositionAtATime() {
    roundTrips("{\"type\":\"history.get\",\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"before\":90,\"limit\":20}",
        HistoryGet::fromJson, HistoryGet::toJson);
    roundTrips("{\"type\":\"history.get\",\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"around\":7}",
        HistoryGet::fromJson, HistoryGet::toJson);
    invalid("Ask for history before, after or around a message, one at a time.", HistoryGet::fromJson,
        "{\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"before\":9,\"after\":3}");
    invalid("limit must be a whole number.", HistoryGet::fromJson, "{\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"limit\":\"all\"}");
  }

  @Test
  void historyArchive() {
    roundTrips("{\"type\":\"history.archive\",\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"before\":\"1f3c\",\"limit\":30}",
        HistoryArchive::fromJson, HistoryArchive::toJson);
    roundTrips("{\"type\":\"history.archive\",\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"beforeTs\":1700000000000}",
        HistoryArchive::fromJson, HistoryArchive::toJson);
    assertNull(HistoryArchive.fromJson(new JsonObject("{\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"before\":\"\"}")).before());
    invalid("before is longer than 200 characters.", HistoryArchive::fromJson,
        "{\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"before\":\"" + "b".repeat(201) + "\"}");
    invalid("beforeTs must be a whole number.", HistoryArchive::fromJson,
        "{\"accountId\":\"a1\",\"peer\":\"b@c.org\",\"beforeTs\":true}");
  }
}
