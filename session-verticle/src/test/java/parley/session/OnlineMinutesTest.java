package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import parley.contract.ConnectionState;
import parley.contract.UsageKind;
import parley.contract.testing.TestNetworks;
import parley.session.testing.OpenDatabase;

/** Online minutes on a real PostgreSQL: whole minutes per connected account, never twice. */
class OnlineMinutesTest {
  private static final long MINUTE = 60_000;

  @RegisterExtension
  final OpenDatabase db = new OpenDatabase();

  private static AccountSession account(String userId, String state) {
    AccountSession a = new AccountSession(new ImAccount(UUID.randomUUID().toString(), userId, TestNetworks.XMPP,
        "a@example.org", new byte[0], null, null, ImAccount.TLS_REQUIRED, true));
    a.state = state;
    return a;
  }

  @Test
  void eachConnectedAccountCountsEachMinuteOnceAcrossRestarts() {
    String userId = UUID.randomUUID().toString();
    UserSession user = new UserSession(userId, "alice", null);
    AccountSession online = account(userId, ConnectionState.CONNECTED);
    AccountSession offline = account(userId, ConnectionState.DISCONNECTED);
    user.accounts.put(online.id(), online);
    user.accounts.put(offline.id(), offline);
    AtomicInteger kicks = new AtomicInteger();
    long start = 29_000_000L * MINUTE;

    OnlineMinutes first = new OnlineMinutes(db.pool(), () -> List.of(user), MINUTE, kicks::incrementAndGet);
    first.tick(start + 1_000).await();
    first.tick(start + 59_000).await();
    // A restarted session (or a reconnect) ticks again within the same minute.
    OnlineMinutes restarted = new OnlineMinutes(db.pool(), () -> List.of(user), MINUTE, kicks::incrementAndGet);
    restarted.tick(start + 30_000).await();
    restarted.tick(start + MINUTE + 5).await();

    var rows = db.pool().query("select id, record from session.usage_outbox order by seq").execute().await();
    assertEquals(2, rows.size(), "two minutes online, each once; nothing for the disconnected account");
    List<String> ids = new java.util.ArrayList<>();
    rows.forEach(r -> ids.add(r.getString("id")));
    assertEquals(List.of(UsageKind.onlineMinuteId(online.id(), start / MINUTE),
        UsageKind.onlineMinuteId(online.id(), start / MINUTE + 1)), ids);
    JsonObject record = rows.iterator().next().getJsonObject("record");
    assertEquals(UsageKind.ONLINE_MINUTE, record.getString("kind"));
    assertEquals(userId, record.getString("userId"));
    assertEquals(0, record.getInteger("bytes"));
    assertEquals(4, kicks.get(), "the relay is told after each tick that wrote");
  }
}
