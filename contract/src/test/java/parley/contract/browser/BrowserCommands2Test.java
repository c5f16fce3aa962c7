package parley.contract.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.ParleyException;

/**
 * The room, file, avatar, history and person commands read the JSON the page sends (as
 * docs/bus-contract.md and webroot write it) and write the same back; a bad one is refused once, in
 * the words the session has always used.
 */
class BrowserCommands2Test {
  private static final String ACCOUNT = "0b6f1c3e-8f1e-4b7a-9d52-3f7c2a1e9b10";

  private static <T> void roundTrips(String fixture, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson) {
    assertEquals(new JsonObject(fixture), toJson.apply(fromJson.apply(new JsonObject(fixture))), fixture);
  }

  private static void fails(FailureCode code, String text, Runnable parse) {
    ParleyException e = assertThrows(ParleyException.class, parse::run);
    assertEquals(code, e.code());
    assertEquals(text, e.getMessage());
  }

  private static JsonObject account() {
    return new JsonObject().put("accountId", ACCOUNT);
  }

  @Test
  void roomJoinRoundTripsTrimsTheNickAndHidesThePassword() {
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"lobby@conference.example.org\",\"nick\":\"alice\",\"password\":\"secret\"}",
        RoomJoin::fromJson, RoomJoin::toJson);
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"#parley\",\"nick\":\"alice\"}", RoomJoin::fromJson, RoomJoin::toJson);
    assertEquals("alice", RoomJoin.fromJson(account().put("room", "#parley").put("nick", " alice ")).nick());
    assertNull(RoomJoin.fromJson(account().put("room", "#parley").put("nick", "alice").put("password", "")).password());
    assertEquals(BrowserCommand.ROOM_JOIN, new RoomJoin(ACCOUNT, "#parley", "alice", null).type());
    String shown = new RoomJoin(ACCOUNT, "#parley", "alice", "sesame").toString();
    assertFalse(shown.contains("sesame"), shown);
    assertTrue(shown.contains("#parley") && shown.contains("alice"), shown);
  }

  @Test
  void roomJoinRefusesInWords() {
    fails(FailureCode.INVALID_FIELD, "accountId is required.",
        () -> RoomJoin.fromJson(new JsonObject().put("room", "#parley").put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "accountId must be text.",
        () -> RoomJoin.fromJson(new JsonObject().put("accountId", 7).put("room", "#parley").put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "room is required.", () -> RoomJoin.fromJson(account().put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "room is longer than 3071 characters.",
        () -> RoomJoin.fromJson(account().put("room", "r".repeat(3072)).put("nick", "alice")));
    fails(FailureCode.INVALID_FIELD, "nick is required.", () -> RoomJoin.fromJson(account().put("room", "#parley").put("nick", " ")));
    fails(FailureCode.INVALID_FIELD, "nick is longer than 64 characters.",
        () -> RoomJoin.fromJson(account().put("room", "#parley").put("nick", "n".repeat(65))));
    fails(FailureCode.INVALID_FIELD, "password is longer than 256 characters.",
        () -> RoomJoin.fromJson(account().put("room", "#parley").put("nick", "alice").put("password", "p".repeat(257))));
    ParleyException nul = assertThrows(ParleyException.class,
        () -> RoomJoin.fromJson(account().put("room", "#parley").put("nick", "alice").put("password", "a\u0000b")));
    assertTrue(nul.getMessage().startsWith("The password"), nul.getMessage());
  }

  @Test
  void roomLeaveSubjectInviteDeclineRoundTripAndRefuse() {
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"#parley\"}", RoomLeave::fromJson, RoomLeave::toJson);
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"#parley\",\"subject\":\"Release day\"}",
        RoomSubject::fromJson, RoomSubject::toJson);
    assertEquals("", RoomSubject.fromJson(account().put("room", "#parley")).subject(), "no subject clears it");
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"#parley\",\"jid\":\"bob@example.org\",\"reason\":\"come\"}",
        RoomInvite::fromJson, RoomInvite::toJson);
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"room\":\"#parley\",\"jid\":\"bob@example.org\"}",
        RoomDecline::fromJson, RoomDecline::toJson);
    fails(FailureCode.INVALID_FIELD, "room is required.", () -> RoomLeave.fromJson(account()));
    fails(FailureCode.INVALID_FIELD, "subject is longer than 1000 characters.",
        () -> RoomSubject.fromJson(account().put("room", "#parley").put("subject", "s".repeat(1001))));
    fails(FailureCode.INVALID_FIELD, "jid is required.", () -> RoomInvite.fromJson(account().put("room", "#parley")));
    fails(FailureCode.INVALID_FIELD, "reason is longer than 500 characters.",
        () -> RoomDecline.fromJson(account().put("room", "#parley").put("jid", "bob@example.org").put("reason", "r".repeat(501))));
    fails(FailureCode.INVALID_FIELD, "accountId is longer than 64 characters.",
        () -> RoomInvite.fromJson(new JsonObject().put("accountId", "a".repeat(65)).put("room", "#parley").put("jid", "b@x")));
  }

  @Test
  void fileSlotAndClaimRoundTripAndRefuse() {
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"to\":\"bob@example.org\",\"filename\":\"a.png\",\"size\":1024,"
        + "\"contentType\":\"image/png\"}", FileSlot::fromJson, FileSlot::toJson);
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"to\":\"bob@example.org\",\"filename\":\"a.bin\",\"size\":1}",
        FileSlot::fromJson, FileSlot::toJson);
    assertNull(FileSlot.fromJson(account().put("to", "b@x").put("filename", "f").put("size", 1).put("contentType", " "))
        .contentType());
    roundTrips("{\"slotId\":\"abc123\"}", FileClaim::fromJson, FileClaim::toJson);
    JsonObject noSize = account().put("to", "b@x").put("filename", "f");
    fails(FailureCode.INVALID_FIELD, "size must be the file's size in bytes.", () -> FileSlot.fromJson(noSize));
    fails(FailureCode.INVALID_FIELD, "size must be the file's size in bytes.", () -> FileSlot.fromJson(noSize.copy().put("size", 0)));
    fails(FailureCode.INVALID_FIELD, "size must be a whole number.", () -> FileSlot.fromJson(noSize.copy().put("size", 1.5)));
    fails(FailureCode.INVALID_FIELD, "filename is longer than 200 characters.",
        () -> FileSlot.fromJson(account().put("to", "b@x").put("filename", "f".repeat(201)).put("size", 1)));
    fails(FailureCode.INVALID_FIELD, "to is required.", () -> FileSlot.fromJson(account().put("filename", "f").put("size", 1)));
    fails(FailureCode.INVALID_FIELD, "slotId is required.", () -> FileClaim.fromJson(new JsonObject()));
  }

  @Test
  void avatarGetAndSetRoundTripAndRefuseInWords() {
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"jid\":\"bob@example.org\"}", AvatarGet::fromJson, AvatarGet::toJson);
    String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"data\":\"" + png + "\"}", AvatarSet::fromJson, AvatarSet::toJson);
    String big = Base64.getEncoder().encodeToString(new byte[Limits.MAX_OWN_AVATAR_BYTES]);
    assertFalse(new AvatarSet(ACCOUNT, big).toString().contains(big.substring(0, 40)), "the picture stays out of logs");
    fails(FailureCode.INVALID_FIELD, "jid is required.", () -> AvatarGet.fromJson(account()));
    fails(FailureCode.INVALID_FIELD, "data is required.", () -> AvatarSet.fromJson(account()));
    fails(FailureCode.INVALID_FIELD, "The picture is not valid base64.", () -> AvatarSet.fromJson(account().put("data", "not base64!")));
    fails(FailureCode.INVALID_FIELD, "The picture is larger than 32 KiB.",
        () -> AvatarSet.fromJson(account().put("data", big + "AAAA")));
    assertEquals(big, AvatarSet.fromJson(account().put("data", big)).data(), "exactly the limit is taken");
  }

  @Test
  void chatsRecentAndPersonHistoryTakeOptionalWholeNumbers() {
    roundTrips("{}", ChatsRecent::fromJson, ChatsRecent::toJson);
    roundTrips("{\"before\":1700000000000,\"limit\":20}", ChatsRecent::fromJson, ChatsRecent::toJson);
    roundTrips("{\"personId\":\"p1\",\"before\":42,\"limit\":10}", PersonHistory::fromJson, PersonHistory::toJson);
    roundTrips("{\"personId\":\"p1\"}", PersonHistory::fromJson, PersonHistory::toJson);
    roundTrips("{}", PersonSuggestions::fromJson, PersonSuggestions::toJson);
    fails(FailureCode.INVALID_FIELD, "limit must be a whole number.", () -> ChatsRecent.fromJson(new JsonObject().put("limit", "ten")));
    fails(FailureCode.INVALID_FIELD, "before must be a whole number.", () -> ChatsRecent.fromJson(new JsonObject().put("before", 1.5)));
    fails(FailureCode.INVALID_FIELD, "personId is required.", () -> PersonHistory.fromJson(new JsonObject()));
  }

  @Test
  void personMergeSplitAndDismissNameContacts() {
    String two = "[{\"accountId\":\"" + ACCOUNT + "\",\"jid\":\"bob@example.org\"},{\"accountId\":\"" + ACCOUNT
        + "\",\"jid\":\"bob@work.example\"}]";
    roundTrips("{\"contacts\":" + two + "}", PersonMerge::fromJson, PersonMerge::toJson);
    roundTrips("{\"contacts\":" + two + "}", PersonDismiss::fromJson, PersonDismiss::toJson);
    assertEquals(List.of(new PersonContact(ACCOUNT, "bob@example.org"), new PersonContact(ACCOUNT, "bob@work.example")),
        PersonMerge.fromJson(new JsonObject("{\"contacts\":" + two + "}")).contacts());
    roundTrips("{\"personId\":\"p1\",\"accountId\":\"" + ACCOUNT + "\",\"jid\":\"bob@example.org\"}",
        PersonSplit::fromJson, PersonSplit::toJson);
    String mergeNone = "contacts must list the contacts to merge, each with accountId and jid.";
    fails(FailureCode.INVALID_FIELD, mergeNone, () -> PersonMerge.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, mergeNone, () -> PersonMerge.fromJson(new JsonObject().put("contacts", new JsonArray())));
    fails(FailureCode.INVALID_FIELD, "Each of contacts must have accountId and jid.",
        () -> PersonMerge.fromJson(new JsonObject().put("contacts", new JsonArray().add("bob"))));
    fails(FailureCode.INVALID_FIELD, "jid is required.",
        () -> PersonMerge.fromJson(new JsonObject().put("contacts", new JsonArray().add(account()))));
    fails(FailureCode.INVALID_FIELD, "A suggestion has at least two contacts.",
        () -> PersonDismiss.fromJson(new JsonObject().put("contacts", new JsonArray().add(account().put("jid", "b@x")))));
    fails(FailureCode.INVALID_FIELD, "personId is required.", () -> PersonSplit.fromJson(account().put("jid", "b@x")));
    fails(FailureCode.INVALID_FIELD, "jid is required.", () -> PersonSplit.fromJson(account().put("personId", "p1")));
  }

  @Test
  void personSendRoundTripsRefusesAsMessageSendAndHidesTheText() {
    roundTrips("{\"personId\":\"p1\",\"text\":\"hi\",\"clientId\":\"c-1\"}", PersonSend::fromJson, PersonSend::toJson);
    roundTrips("{\"personId\":\"p1\",\"text\":\"hi\",\"accountId\":\"" + ACCOUNT + "\",\"jid\":\"bob@example.org\"}",
        PersonSend::fromJson, PersonSend::toJson);
    assertNull(PersonSend.fromJson(new JsonObject().put("personId", "p1").put("text", "hi")).via());
    assertFalse(new PersonSend("p1", "my secret plan", null, null).toString().contains("secret"));
    JsonObject p1 = new JsonObject().put("personId", "p1");
    fails(FailureCode.INVALID_FIELD, "jid is required.", () -> PersonSend.fromJson(p1.copy().put("text", "hi").put("accountId", ACCOUNT)));
    fails(FailureCode.INVALID_FIELD, "accountId is required.", () -> PersonSend.fromJson(p1.copy().put("text", "hi").put("jid", "b@x")));
    fails(FailureCode.INVALID_FIELD, "The client message id must be 1 to 64 letters, digits, '-' or '_'.",
        () -> PersonSend.fromJson(p1.copy().put("text", "hi").put("clientId", "a b")));
    fails(FailureCode.TEXT_TOO_LONG, "The message is 10001 characters long; the limit is 10000.",
        () -> PersonSend.fromJson(p1.copy().put("text", "x".repeat(10_001))));
    fails(FailureCode.INVALID_FIELD, "The message is empty.", () -> PersonSend.fromJson(p1.copy().put("text", "  ")));
    fails(FailureCode.INVALID_FIELD, "text is required.", () -> PersonSend.fromJson(p1));
    fails(FailureCode.INVALID_FIELD, "text must be text.", () -> PersonSend.fromJson(p1.copy().put("text", 5)));
  }

  @Test
  void historySearchRoundTripsAndRefusesInWords() {
    roundTrips("{\"text\":\"meeting notes\",\"accountId\":\"" + ACCOUNT + "\",\"network\":\"xmpp\",\"peer\":\"bob@example.org\","
        + "\"from\":0,\"to\":1700000000000,\"before\":99,\"limit\":10}", HistorySearch::fromJson, HistorySearch::toJson);
    roundTrips("{\"text\":\"hello\"}", HistorySearch::fromJson, HistorySearch::toJson);
    roundTrips("{\"text\":\"hello\",\"network\":\"xmpp\",\"personId\":\"p1\"}", HistorySearch::fromJson, HistorySearch::toJson);
    HistorySearch any = HistorySearch.fromJson(new JsonObject(
        "{\"text\":\"Hello, hello world\",\"accountId\":\"\",\"network\":\"\",\"peer\":\"\",\"personId\":\"\"}"));
    assertNull(any.personId());
    assertNull(any.accountId());
    assertNull(any.network());
    assertNull(any.peer());
    assertEquals(List.of("Hello", "hello", "world"), any.words());
    fails(FailureCode.INVALID_FIELD, "Type at least one word to search for.", () -> HistorySearch.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, "Type at least one word to search for (letters or digits).",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "?!")));
    fails(FailureCode.INVALID_FIELD, "The search text is longer than 200 characters.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "w ".repeat(101))));
    fails(FailureCode.INVALID_FIELD, "Search for at most 8 words at a time.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "a b c d e f g h i")));
    fails(FailureCode.INVALID_FIELD, "A word to search for is longer than 64 characters.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "w".repeat(65))));
    fails(FailureCode.INVALID_FIELD, "To search one contact's messages, name its account (accountId) too.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("peer", "bob@example.org")));
    fails(FailureCode.INVALID_FIELD, "Search one person (personId) or one account (accountId), not both.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("personId", "p1").put("accountId", ACCOUNT)));
    fails(FailureCode.INVALID_FIELD, "personId must be text.",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("personId", 7)));
    fails(FailureCode.INVALID_FIELD, "from must be a time in milliseconds since 1970 (before the year 10000).",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("from", -1)));
    fails(FailureCode.INVALID_FIELD, "The search's start date (from) must be before its end date (to).",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("from", 5).put("to", 5)));
    fails(FailureCode.INVALID_FIELD, "before must be a message id (a positive number).",
        () -> HistorySearch.fromJson(new JsonObject().put("text", "hi").put("before", 0)));
  }

  @Test
  void searchLanguageIsOneOfTheStemmersOrNone() {
    roundTrips("{\"language\":\"german\"}", SearchLanguageSet::fromJson, SearchLanguageSet::toJson);
    assertNull(SearchLanguageSet.fromJson(new JsonObject().put("language", "none")).configOrNull());
    assertEquals("english", SearchLanguageSet.fromJson(new JsonObject().put("language", "english")).configOrNull());
    fails(FailureCode.INVALID_FIELD, "language is required.", () -> SearchLanguageSet.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, "language must be none or one of danish, dutch, english, finnish, french, german, hungarian,"
            + " italian, norwegian, portuguese, romanian, russian, spanish, swedish, turkish.",
        () -> SearchLanguageSet.fromJson(new JsonObject().put("language", "simple")));
  }

  @Test
  void historyExportNamesAPersonAChatOrAll() {
    roundTrips("{}", HistoryExport::fromJson, HistoryExport::toJson);
    roundTrips("{\"personId\":\"p1\",\"after\":7}", HistoryExport::fromJson, HistoryExport::toJson);
    roundTrips("{\"accountId\":\"" + ACCOUNT + "\",\"peer\":\"bob@example.org\"}", HistoryExport::fromJson, HistoryExport::toJson);
    HistoryExport all = HistoryExport.fromJson(new JsonObject().put("accountId", "").put("peer", "ignored"));
    assertNull(all.accountId());
    assertNull(all.peer());
    fails(FailureCode.INVALID_FIELD, "Export a person or one chat (accountId and peer), not both.",
        () -> HistoryExport.fromJson(account().put("personId", "p1")));
    fails(FailureCode.INVALID_FIELD, "peer is required.", () -> HistoryExport.fromJson(account()));
    fails(FailureCode.INVALID_FIELD, "after must be a whole number.", () -> HistoryExport.fromJson(new JsonObject().put("after", "x")));
  }
}
