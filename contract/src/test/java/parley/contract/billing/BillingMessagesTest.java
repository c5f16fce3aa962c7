package parley.contract.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.contract.testing.Fixtures.roundTrips;
import static parley.contract.testing.Fixtures.fails;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;

/**
 * The billing messages read the JSON the session, the web verticle, billing and the pages sent
 * before they were typed (fixtures from that code and docs/bus-contract.md) and write it back byte
 * for byte, so an older process works with a newer one during a rolling upgrade; bad input is
 * refused with the sentences billing has always given.
 */
class BillingMessagesTest {
  private static final String USER = "7c0e8a52-5d1f-4c3a-9b8e-2f4d6a1b3c5e";

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').replace("USER", USER);
  }

  @Test
  void usageRecordsRoundTripAsTheOutboxSendsThem() {
    // The relay sends what PostgreSQL's jsonb gives back: keys by length, then by name.
    roundTrips(json("{'id':'msg:42','ts':1764060000000,'kind':'message-sent','bytes':12,'userId':'USER','network':'xmpp',"
        + "'accountId':'a1'}"), UsageRecord::fromJson, UsageRecord::toJson);
    roundTrips(json("{'id':'online:a1:29401000','ts':1764060000000,'kind':'online-minute','bytes':0,'userId':'USER',"
        + "'network':'oscar','accountId':'a1'}"), UsageRecord::fromJson, UsageRecord::toJson);
    roundTrips(json("{'id':'user:USER','ts':1764060000000,'kind':'user-signed-up','userId':'USER','username':'alice'}"),
        UsageRecord::fromJson, UsageRecord::toJson);
  }

  @Test
  void usageRecordsAreWhatTheSessionWroteBefore() {
    // As the session's UsageRecords wrote them (the outbox keeps them as jsonb, so only the fields count).
    assertEquals(new JsonObject().put("id", "online:a1:29401000").put("userId", USER).put("accountId", "a1")
            .put("network", "xmpp").put("kind", "online-minute").put("bytes", 0).put("ts", 29401000L * 60_000),
        UsageRecord.onlineMinute(USER, "a1", "xmpp", 29401000L, 60_000).toJson());
    assertEquals(new JsonObject().put("id", "user:" + USER).put("userId", USER).put("kind", "user-signed-up")
        .put("username", "alice").put("ts", 5L), UsageRecord.signedUp(USER, "alice", 5).toJson());
    // A message's record: the database adds id and ts as it stores the message.
    assertEquals(new JsonObject().put("userId", USER).put("accountId", "a1").put("network", "xmpp")
            .put("kind", "message-received").put("bytes", 5),
        UsageRecord.message(USER, "a1", "xmpp", "message-received", 5).toJson());
    assertTrue(UsageRecord.signedUp(USER, "alice", 5).signUp());
    assertFalse(UsageRecord.onlineMinute(USER, "a1", "xmpp", 1, 60_000).signUp());
  }

  @Test
  void usageRecordsAreRefusedWithTheReasonBillingQuarantinesThemUnder() {
    JsonObject good = new JsonObject(json("{'id':'ok:1','ts':5,'kind':'message-sent','bytes':10,'userId':'USER',"
        + "'network':'xmpp','accountId':'a1'}"));
    fails(FailureCode.INVALID_FIELD, "id missing or not text of at most 200 characters",
        () -> UsageRecord.fromJson(good.copy().put("id", "x".repeat(201))));
    fails(FailureCode.INVALID_FIELD, "userId missing or not a user id",
        () -> UsageRecord.fromJson(good.copy().put("userId", 42)));
    fails(FailureCode.INVALID_FIELD, "ts missing or not a whole number of milliseconds",
        () -> UsageRecord.fromJson(good.copy().put("ts", 1.5)));
    fails(FailureCode.INVALID_FIELD, "unknown kind teleport", () -> UsageRecord.fromJson(good.copy().put("kind", "teleport")));
    fails(FailureCode.INVALID_FIELD, "accountId missing or too long", () -> UsageRecord.fromJson(good.copy().putNull("accountId")));
    fails(FailureCode.INVALID_FIELD, "network missing or not a network name",
        () -> UsageRecord.fromJson(good.copy().put("network", "XMPP")));
    fails(FailureCode.INVALID_FIELD, "bytes missing, negative or absurd", () -> UsageRecord.fromJson(good.copy().put("bytes", -5)));
    fails(FailureCode.INVALID_FIELD, "bytes missing, negative or absurd",
        () -> UsageRecord.fromJson(good.copy().put("bytes", 1L << 40)));
    fails(FailureCode.INVALID_FIELD, "an online minute carries no bytes",
        () -> UsageRecord.fromJson(good.copy().put("kind", "online-minute")));
    fails(FailureCode.INVALID_FIELD, "username missing or too long",
        () -> UsageRecord.fromJson(good.copy().put("kind", "user-signed-up").put("username", "u".repeat(65))));
    // A bad record's id is still read, so that it is acknowledged (and quarantined) once.
    assertEquals("ok:1", UsageRecord.idOf(good.copy().put("bytes", -5)));
    assertNull(UsageRecord.idOf("not a record"));
    assertNull(UsageRecord.idOf(new JsonObject().put("id", 7)));
  }

  @Test
  void usageBatchAndItsAcknowledgementRoundTrip() {
    roundTrips(json("{'type':'usage-batch','records':[{'id':'msg:42','ts':1764060000000,'kind':'message-sent','bytes':12,"
        + "'userId':'USER','network':'xmpp','accountId':'a1'},'not a record']}"), UsageBatch::fromJson, UsageBatch::toJson);
    roundTrips("{\"acked\":[\"msg:42\",\"user:1\"]}", UsageAck::fromJson, UsageAck::toJson);
    roundTrips("{\"acked\":[]}", UsageAck::fromJson, UsageAck::toJson);
    fails(FailureCode.MALFORMED, "Expected a usage-batch with records.",
        () -> UsageBatch.fromJson(new JsonObject().put("type", "usage-batch")));
    fails(FailureCode.MALFORMED, "Expected a usage-batch with records.",
        () -> UsageBatch.fromJson(new JsonObject().put("type", "usage.get").put("records", new JsonArray())));
    fails(FailureCode.INVALID_FIELD, "The field 'acked' is missing or invalid.", () -> UsageAck.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, "The field 'acked' is missing or invalid.",
        () -> UsageAck.fromJson(new JsonObject().put("acked", new JsonArray().add(42))));
  }

  @Test
  void allowanceRoundTrips() {
    roundTrips(json("{'type':'allowance.get','userId':'USER'}"), AllowanceGet::fromJson, AllowanceGet::toJson);
    roundTrips(json("{'type':'allowance','userId':'USER','canSend':true,'error':null}"), Allowance::fromJson, Allowance::toJson);
    roundTrips(json("{'type':'allowance','userId':'USER','canSend':false,'error':{'code':'QUOTA_EXCEEDED','text':'Your free "
        + "plan allows 1000 sent messages a month and you have used 1000, so sending is paused until 2026-12-01.'}}"),
        Allowance::fromJson, Allowance::toJson);
    // The usage view shows it with type null, as it always has.
    assertEquals(json("{'type':null,'userId':'USER','canSend':false,'error':{'code':'SUSPENDED','text':'Ask an admin.'}}"),
        new Allowance(USER, FailureCode.SUSPENDED, "Ask an admin.").toUsageViewJson().encode());
  }

  @Test
  void allowanceReadsAsTheSessionAlwaysDid() {
    // An older billing answered a user it did not know without type and userId.
    Allowance allowed = Allowance.fromReply(USER, new JsonObject("{\"canSend\":true,\"error\":null}"));
    assertTrue(allowed.canSend());
    assertEquals(USER, allowed.userId());
    assertNull(allowed.exception());
    Allowance refused = Allowance.fromJson(new JsonObject(json("{'userId':'USER','canSend':false,"
        + "'error':{'code':'BALANCE_EXHAUSTED','text':'Your prepaid balance is 0.00 EUR.'}}")));
    assertEquals(FailureCode.BALANCE_EXHAUSTED, refused.exception().code());
    assertEquals("Your prepaid balance is 0.00 EUR.", refused.exception().getMessage());
    // A refusal this process does not know is still a refusal, in billing's words.
    Allowance unknown = Allowance.fromJson(new JsonObject(json("{'userId':'USER','canSend':false,"
        + "'error':{'code':'NEW_REASON','text':'Not now.'}}")));
    assertEquals(FailureCode.FORBIDDEN, unknown.exception().code());
    assertEquals("Not now.", unknown.exception().getMessage());
    assertTrue(Allowance.fromJson(new JsonObject(json("{'userId':'USER','canSend':true,'error':{'code':'SUSPENDED'}}")))
        .canSend());
  }

  @Test
  void allowanceRefusesBadInputInWords() {
    fails(FailureCode.INVALID_FIELD, "The field 'userId' is missing or invalid.", () -> AllowanceGet.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, "The field 'userId' is missing or invalid.",
        () -> AllowanceGet.fromJson(new JsonObject().put("userId", "alice")));
    fails(FailureCode.INVALID_FIELD, "The field 'userId' is missing or invalid.",
        () -> Allowance.fromJson(new JsonObject().put("canSend", true)));
    fails(FailureCode.INVALID_FIELD, "The field 'type' is missing or invalid.",
        () -> Allowance.fromJson(new JsonObject().put("type", "roster").put("userId", USER)));
    fails(FailureCode.INVALID_FIELD, "The field 'canSend' is missing or invalid.",
        () -> Allowance.fromJson(new JsonObject().put("userId", USER).put("canSend", "no")));
    fails(FailureCode.INVALID_FIELD, "The field 'error' is missing or invalid.",
        () -> Allowance.fromJson(new JsonObject().put("userId", USER).put("canSend", false).put("error", "quota")));
  }

  @Test
  void theUsersRequestsRoundTrip() {
    roundTrips("{\"type\":\"usage.get\"}", UsageGet::fromJson, UsageGet::toJson);
    roundTrips("{\"type\":\"statement.get\",\"month\":\"2026-11\"}", StatementGet::fromJson, StatementGet::toJson);
    roundTrips("{\"type\":\"statement.csv\",\"month\":\"2026-11\"}", StatementCsvGet::fromJson, StatementCsvGet::toJson);
    assertEquals(new StatementCsvGet(YearMonth.of(2026, 11)), StatementCsvGet.of("2026-11"));
    roundTrips("{\"filename\":\"parley-statement-2026-11.csv\",\"csv\":\"line,date\\r\\n\"}", StatementFile::fromJson,
        StatementFile::toJson);
    assertEquals(new StatementFile("parley-statement-2026-11.csv", "x"), StatementFile.of(YearMonth.of(2026, 11), "x"));
  }

  @Test
  void theUsersRequestsRefuseBadInputInWords() {
    fails(FailureCode.INVALID_FIELD, "month must be like 2026-11.", () -> StatementGet.fromJson(new JsonObject()));
    fails(FailureCode.INVALID_FIELD, "month must be like 2026-11.",
        () -> StatementGet.fromJson(new JsonObject().put("month", "2026-13")));
    fails(FailureCode.INVALID_FIELD, "month must be like 2026-11.",
        () -> StatementCsvGet.fromJson(new JsonObject().put("month", 202611)));
    fails(FailureCode.INVALID_FIELD, "month must be like 2026-11.", () -> StatementCsvGet.of("2026-00"));
    fails(FailureCode.INVALID_FIELD, "The field 'csv' is missing or invalid.",
        () -> StatementFile.fromJson(new JsonObject().put("filename", "a.csv")));
  }

  @Test
  void theAdminsRequestsRoundTripAsThePageSendsThem() {
    roundTrips("{\"type\":\"users.find\",\"query\":\"ali\"}", UsersFind::fromJson, UsersFind::toJson);
    roundTrips("{\"type\":\"users.find\"}", UsersFind::fromJson, UsersFind::toJson);
    roundTrips(json("{'type':'user.get','userId':'USER'}"), UserGet::fromJson, UserGet::toJson);
    roundTrips(json("{'type':'balance.adjust','userId':'USER','entry':'top-up','amount':500,'reason':'paid by bank transfer'}"),
        j -> BalanceAdjust.fromJson(j, "EUR"), BalanceAdjust::toJson);
    roundTrips(json("{'type':'balance.adjust','userId':'USER','entry':'adjustment','amount':-250,'reason':'refund of a fee'}"),
        j -> BalanceAdjust.fromJson(j, "EUR"), BalanceAdjust::toJson);
    roundTrips(json("{'type':'plan.set','userId':'USER','plan':'prepaid','reason':'asked for it'}"), PlanSet::fromJson,
        PlanSet::toJson);
    roundTrips(json("{'type':'plan.set','userId':'USER','plan':'prepaid'}"), PlanSet::fromJson, PlanSet::toJson);
    roundTrips(json("{'type':'user.suspend','userId':'USER'}"), UserSuspend::fromJson, UserSuspend::toJson);
    roundTrips(json("{'type':'user.resume','userId':'USER'}"), UserResume::fromJson, UserResume::toJson);
    roundTrips("{\"type\":\"plans.get\"}", PlansGet::fromJson, PlansGet::toJson);
    roundTrips("{\"type\":\"plan.update\",\"name\":\"student\",\"definition\":{\"type\":\"free\",\"quotas\":"
        + "{\"message-sent\":10,\"message-received\":100,\"online-minute\":600}}}", PlanUpdate::fromJson, PlanUpdate::toJson);
    // Without an entry, a balance adjustment is a top-up; without a plan, billing names the plans there are.
    assertEquals(new BalanceAdjust(USER, "top-up", 500, "gift"), BalanceAdjust.fromJson(
        new JsonObject().put("userId", USER).put("amount", 500).put("reason", "gift"), "EUR"));
    assertNull(PlanSet.fromJson(new JsonObject().put("userId", USER).put("plan", 7)).plan());
  }

  @Test
  void theAdminsRequestsRefuseBadInputWithTheSentencesAdminsSee() {
    for (Function<JsonObject, ?> read : List.<Function<JsonObject, ?>>of(UserGet::fromJson, UserSuspend::fromJson,
        UserResume::fromJson, PlanSet::fromJson, j -> BalanceAdjust.fromJson(j, "EUR"))) {
      fails(FailureCode.NO_SUCH_USER, "userId must be a user id.", () -> read.apply(new JsonObject()));
      fails(FailureCode.NO_SUCH_USER, "userId must be a user id.", () -> read.apply(new JsonObject().put("userId", 42)));
    }
    fails(FailureCode.INVALID_FIELD, "query must be text of at most 64 characters.",
        () -> UsersFind.fromJson(new JsonObject().put("query", "q".repeat(65))));
    JsonObject adjust = new JsonObject().put("userId", USER).put("entry", "top-up").put("amount", 500).put("reason", "test");
    fails(FailureCode.INVALID_FIELD, "reason is required, text of at most 500 characters.",
        () -> BalanceAdjust.fromJson(adjust.copy().put("reason", " "), "EUR"));
    fails(FailureCode.INVALID_FIELD, "reason is required, text of at most 500 characters.",
        () -> BalanceAdjust.fromJson(adjust.copy().put("reason", "r".repeat(501)), "EUR"));
    fails(FailureCode.INVALID_FIELD, "entry must be one of top-up, adjustment, refund.",
        () -> BalanceAdjust.fromJson(adjust.copy().put("entry", "usage"), "EUR"));
    fails(FailureCode.INVALID_AMOUNT, "The amount must be a whole number of minor units (cents), for example 500 for 5.00 EUR.",
        () -> BalanceAdjust.fromJson(adjust.copy().put("amount", 1.5), "EUR"));
    fails(FailureCode.INVALID_AMOUNT, "The amount must be a whole number of minor units (cents), for example 500 for 5.00 CHF.",
        () -> BalanceAdjust.fromJson(adjust.copy().put("amount", "5.00"), "CHF"));
    fails(FailureCode.INVALID_FIELD, "reason must be text of at most 500 characters.",
        () -> PlanSet.fromJson(new JsonObject().put("userId", USER).put("plan", "free").put("reason", 5)));
    fails(FailureCode.INVALID_FIELD, "definition must be a plan object.",
        () -> PlanUpdate.fromJson(new JsonObject().put("name", "student").put("definition", "free")));
    fails(FailureCode.INVALID_FIELD, "A plan name is 1 to 32 lowercase letters, digits or '-'.",
        () -> PlanUpdate.fromJson(new JsonObject().put("name", "Student").put("definition", new JsonObject())));
    fails(FailureCode.INVALID_FIELD, "A plan name is 1 to 32 lowercase letters, digits or '-'.",
        () -> PlanUpdate.fromJson(new JsonObject().put("name", 7).put("definition", new JsonObject())));
  }

  private static final String USAGE_LINE = "{'id':7,'at':1764060000000,'entry':'usage','amount':-12,'currency':'EUR',"
      + "'network':'xmpp','kind':'message-sent','quantity':12,'who':'billing','why':'12 \u00d7 message-sent on xmpp at 1 (plan prepaid)'}";
  private static final String TOP_UP_LINE = "{'id':8,'at':1764060001000,'entry':'top-up','amount':500,'currency':'EUR',"
      + "'network':null,'kind':null,'quantity':null,'who':'admin:root','why':'paid by bank transfer'}";
  private static final String ALICE = "{'userId':'USER','username':'alice','plan':'prepaid','suspended':false}";
  private static final String PREPAID = "{'name':'prepaid','type':'prepaid','prices':{'xmpp':{'message-received':0,"
      + "'message-sent':1,'online-minute':0}}}";

  @Test
  void theRepliesRoundTripAsBillingWroteThem() {
    roundTrips(json(USAGE_LINE), LedgerLine::fromJson, LedgerLine::toJson);
    roundTrips(json(TOP_UP_LINE), LedgerLine::fromJson, LedgerLine::toJson);
    roundTrips(json("{'users':[" + ALICE + "]}"), UsersFound::fromJson, UsersFound::toJson);
    roundTrips(json("{'entry':" + TOP_UP_LINE + "}"), BalanceAdjusted::fromJson, BalanceAdjusted::toJson);
    roundTrips(json("{'plan':" + PREPAID + ",'reason':'','by':'admin:root'}"), PlanChanged::fromJson, PlanChanged::toJson);
    roundTrips("{\"suspended\":true,\"by\":\"admin:root\"}", SuspensionChanged::fromJson, SuspensionChanged::toJson);
    roundTrips(json("{'plans':[" + PREPAID + ",{'name':'unlimited','type':'unlimited'}],'defaultPlan':'free',"
        + "'currency':'EUR'}"), PlanList::fromJson, PlanList::toJson);
    roundTrips(json("{'plan':" + PREPAID + "}"), PlanUpdated::fromJson, PlanUpdated::toJson);
    roundTrips(json("{'userId':'USER','username':'alice','month':'2026-11','currency':'EUR','openingBalance':0,"
        + "'charges':-12,'credits':500,'closingBalance':488,'usage':[{'network':'xmpp','kind':'message-sent','count':12,"
        + "'bytes':340,'charge':-12}],'entries':[" + USAGE_LINE + "," + TOP_UP_LINE + "]}"), Statement::fromJson,
        Statement::toJson);
    // The usage view: its allowance with type null, as the page has always had it.
    roundTrips(json("{'user':" + ALICE + ",'plan':" + PREPAID + ",'period':'2026-11','currency':'EUR',"
        + "'usage':[{'network':'xmpp','kind':'message-sent','count':12,'bytes':340}],"
        + "'daily':[{'day':'2026-11-25','kind':'message-sent','count':12}],'from':'2026-10-27','to':'2026-11-25',"
        + "'balance':488,'ledger':[" + TOP_UP_LINE + "," + USAGE_LINE + "],'statements':['2026-11','2026-10'],"
        + "'allowance':{'type':null,'userId':'USER','canSend':true,'error':null}}"), UsageView::fromJson, UsageView::toJson);
  }

  @Test
  void repliesThatCannotBeReadAreRefusedInWords() {
    fails(FailureCode.INVALID_FIELD, "The field 'amount' is missing or invalid.",
        () -> LedgerLine.fromJson(new JsonObject(json(USAGE_LINE)).put("amount", 1.5)));
    fails(FailureCode.INVALID_FIELD, "The field 'users' is missing or invalid.",
        () -> UsersFound.fromJson(new JsonObject().put("users", new JsonArray().add("alice"))));
    fails(FailureCode.INVALID_FIELD, "The field 'day' is missing or invalid.",
        () -> DailyUse.fromJson(new JsonObject().put("day", "yesterday").put("kind", "message-sent").put("count", 1)));
    fails(FailureCode.INVALID_FIELD, "The field 'suspended' is missing or invalid.",
        () -> SuspensionChanged.fromJson(new JsonObject().put("by", "admin:root")));
  }
}
