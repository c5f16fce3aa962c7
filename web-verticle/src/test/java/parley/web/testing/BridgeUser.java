package parley.web.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.browser.AccountReply;

/**
 * A Parley user driven through the bridge exactly as the page drives it: HTTP sign-up, then
 * register on the user's events, attach, and send commands.
 */
public final class BridgeUser implements AutoCloseable {
  public final HttpUser http;
  public final BridgeClient bridge;

  private BridgeUser(HttpUser http, BridgeClient bridge) {
    this.http = http;
    this.bridge = bridge;
  }

  public static BridgeUser signUp(Vertx vertx, int port, String username) throws InterruptedException {
    HttpUser http = new HttpUser(vertx, port).signUp(username, username + "-parley-password");
    BridgeUser user = open(vertx, http);
    user.request(new JsonObject().put("type", BrowserCommand.ATTACH));
    return user;
  }

  /** Opens a bridge for a signed-in user and registers on the user's events; the caller attaches. */
  public static BridgeUser open(Vertx vertx, HttpUser http) {
    BridgeClient bridge = http.openBridge(vertx);
    bridge.register(Addresses.browserEvents(http.userId()));
    return new BridgeUser(http, bridge);
  }

  /** Sends a command and returns its reply body; a failure reply fails the test with its text. */
  public JsonObject request(Object command) throws InterruptedException {
    JsonObject frame = reply(command);
    if ("err".equals(frame.getString("type"))) {
      throw new AssertionError("command failed: " + frame.encode());
    }
    return frame.getJsonObject("body");
  }

  /** Sends a command that must fail; returns the failure frame ({@code failureCode}, {@code message}). */
  public JsonObject requestFailure(Object command) throws InterruptedException {
    JsonObject frame = reply(command);
    if (!"err".equals(frame.getString("type"))) {
      throw new AssertionError("expected a failure, got " + frame.encode());
    }
    return frame;
  }

  private JsonObject reply(Object command) throws InterruptedException {
    String replyAddress = bridge.send(Addresses.BROWSER_COMMANDS, command, null);
    JsonObject frame = bridge.take(f -> replyAddress.equals(f.getString("address")), 15_000);
    if (frame == null) {
      throw new AssertionError("no reply to " + command);
    }
    return frame;
  }

  /** Adds an XMPP account and waits until it is connected; returns its id. */
  public String addXmppAccount(String jid, String password, int port) throws InterruptedException {
    String accountId = AccountReply.fromJson(request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "xmpp")
        .put("login", jid).put("password", password).put("host", "127.0.0.1").put("port", port).put("tls", "if-offered"))).account().id();
    waitEvent(BrowserEvent.ACCOUNT_STATE, e -> accountId.equals(e.getString("accountId")) && "connected".equals(e.getString("state")),
        30_000);
    return accountId;
  }

  /** Waits for an event of that type matching the test; other frames are passed over. */
  public JsonObject waitEvent(String type, Predicate<JsonObject> test, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    String address = Addresses.browserEvents(http.userId());
    while (System.currentTimeMillis() < end) {
      JsonObject frame = bridge.next("rec", address, end - System.currentTimeMillis());
      if (frame != null && type.equals(frame.getJsonObject("body").getString("type")) && test.test(frame.getJsonObject("body"))) {
        return frame.getJsonObject("body");
      }
    }
    throw new AssertionError("no " + type + " event within " + ms + " ms");
  }

  @Override
  public void close() {
    bridge.close();
  }
}
