package parley.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's {@code webroot/src/contract.js} says the same as this Java contract: every address,
 * message type, state word, field name, limit and failure code it exports equals the Java constant
 * of that name. Node (which builds the page) evaluates the module and prints its exports as JSON,
 * so the check reads what the page really gets, not the file's text. A failure lists each
 * difference by name.
 */
class ContractJsMatchesJavaTest {
  static final Path CONTRACT_JS = Path.of("..", "webroot", "src", "contract.js");

  /** contract.js groups and the Java class whose constants of the same names they repeat. */
  private static final Map<String, Class<?>> GROUPS = Map.ofEntries(
      Map.entry("BridgeSocket", BridgeSocket.class),
      Map.entry("Addresses", Addresses.class),
      Map.entry("BillingRequest", BillingRequest.class),
      Map.entry("NodeStatus", NodeStatus.class),
      Map.entry("UsageKind", UsageKind.class),
      Map.entry("LedgerEntry", LedgerEntry.class),
      Map.entry("Command", BrowserCommand.class),
      Map.entry("Event", BrowserEvent.class),
      Map.entry("ConnectionState", ConnectionState.class),
      Map.entry("Show", Presence.class),
      Map.entry("MessageStatus", MessageStatus.class),
      Map.entry("Limits", Limits.class),
      Map.entry("ServerField", NetworkDescriptor.class));

  /** Where the page's name differs from the Java one ("Group.NAME" -> Java field). */
  private static final Map<String, String> RENAMED = Map.ofEntries(
      Map.entry("Limits.MESSAGE_TEXT", "MAX_TEXT_CHARS"),
      Map.entry("Limits.OWN_AVATAR_BYTES", "MAX_OWN_AVATAR_BYTES"),
      Map.entry("Limits.STATUS_TEXT", "MAX_STATUS_CHARS"),
      Map.entry("Limits.USERNAME_MAX", "MAX_USERNAME_CHARS"),
      Map.entry("Limits.PASSWORD_MIN", "MIN_PASSWORD_CHARS"),
      Map.entry("Limits.PASSWORD_MAX", "MAX_PASSWORD_CHARS"),
      Map.entry("Limits.HISTORY_MAX", "MAX_HISTORY_PAGE"),
      Map.entry("Limits.SEARCH_TEXT", "MAX_SEARCH_CHARS"),
      Map.entry("Limits.SEARCH_WORDS", "MAX_SEARCH_WORDS"),
      Map.entry("Limits.SEARCH_RESULTS", "MAX_SEARCH_RESULTS"),
      Map.entry("Limits.RECENT_CHATS", "MAX_RECENT_CHATS"));

  /** Single exports and the Java value they repeat (lists keep their order, sets do not). */
  private static final Map<String, Object> SINGLES = Map.of(
      "CLIENT_ID_FIELD", BrowserCommand.CLIENT_ID,
      "CLIENT_ID_MAX", BrowserCommand.CLIENT_ID_MAX,
      "METERED_KINDS", UsageKind.METERED,
      "SETTABLE_SHOWS", Presence.SETTABLE);

  /**
   * What contract.js holds that the Java contract does not (yet): each with why. A new export
   * that is in neither list nor a Java class of its name fails the test until it is placed.
   */
  private static final Map<String, String> NOT_IN_JAVA_CONTRACT = Map.ofEntries(
      Map.entry("BRIDGE_PATH", "an HTTP path of the web verticle (WebVerticle), not a bus name"),
      Map.entry("FILES_PATH", "an HTTP path of the web verticle (FileRoutes)"),
      Map.entry("Api", "HTTP paths of the web verticle (AuthRoutes)"),
      Map.entry("Tls", "account field values the session defines (ImAccount)"),
      Map.entry("DEFAULT_NETWORK", "the network the account form offers first: the default of the setting"
          + " session.defaultNetwork (web-verticle's ContractJsTest checks it), not a contract name"),
      Map.entry("Direction", "history field values the session defines (HistoryStore)"),
      Map.entry("USERNAME_PATTERN", "the session's sign-up rule"),
      Map.entry("Limits.USERNAME_MIN", "the page's own check; the session's rule is USERNAME_PATTERN"),
      Map.entry("Limits.HISTORY_PAGE", "the page's own page size, at most Limits.MAX_HISTORY_PAGE"));

  private static JsonObject exports;

  /** contract.js's exports as Node sees them; regular expressions as {"regexp": source}, functions left out. */
  @BeforeAll
  static void evaluateContractJs() throws Exception {
    String script = """
        const c = await import(process.argv[1]);
        const plain = v => v instanceof RegExp ? { regexp: v.source }
          : Array.isArray(v) ? v.map(plain)
          : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
          : v;
        const out = {};
        for (const [k, v] of Object.entries(c)) if (typeof v !== 'function') out[k] = plain(v);
        process.stdout.write(JSON.stringify(out));
        """;
    Process node = new ProcessBuilder("node", "--input-type=module", "-e", script,
        CONTRACT_JS.toAbsolutePath().normalize().toUri().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    byte[] out = node.getInputStream().readAllBytes();
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node evaluating contract.js did not finish in 30 s");
    assertEquals(0, node.exitValue(), "node could not evaluate " + CONTRACT_JS);
    exports = new JsonObject(new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void everyExportEqualsTheJavaContract() {
    List<String> differences = new ArrayList<>();
    for (String name : new TreeMap<>(exports.getMap()).keySet()) {
      Object value = exports.getValue(name);
      if (NOT_IN_JAVA_CONTRACT.containsKey(name)) {
        continue;
      }
      if (SINGLES.containsKey(name)) {
        compare(name, value, SINGLES.get(name), differences);
      } else if (name.equals("FailureCodes")) {
        failureCodes((JsonObject) value, differences);
      } else if (name.equals("TypingState")) {
        compare(name, new JsonArray(new ArrayList<>(((JsonObject) value).getMap().values())), Presence.TYPING_STATES, differences);
      } else if (value instanceof JsonObject group) {
        Class<?> java = GROUPS.get(name);
        if (java == null) {
          java = contractClass(name);
        }
        if (java == null) {
          differences.add("contract.js exports " + name + ", which has no Java class of that name in parley.contract"
              + " and no place in this test");
        } else {
          group(name, group, java, differences);
        }
      } else {
        differences.add("contract.js exports " + name + " = " + value + ", which this test does not compare with the"
            + " Java contract; add it to SINGLES or NOT_IN_JAVA_CONTRACT");
      }
    }
    if (!differences.isEmpty()) {
      fail(CONTRACT_JS + " and the Java contract differ:\n  " + String.join("\n  ", differences));
    }
  }

  @Test
  void thePageSendsNoWebOnlyCommand() {
    for (String command : BrowserCommand.WEB_ONLY) {
      assertTrue(!exports.getJsonObject("Command").getMap().containsValue(command),
          "contract.js offers the web-only command " + command + ", which the bridge refuses from browsers");
    }
    for (Object command : exports.getJsonObject("Command").getMap().values()) {
      assertTrue(BrowserCommand.ALL.contains(command), "contract.js Command " + command + " is not in BrowserCommand.ALL");
    }
  }

  @Test
  void everyFailureCodeHasItsNameInThePage() {
    JsonObject page = exports.getJsonObject("FailureCodes");
    for (FailureCode code : FailureCode.values()) {
      assertEquals(code.name(), page.getString(String.valueOf(code.code())),
          "contract.js FailureCodes[" + code.code() + "] (FailureCode." + code.name() + ")");
    }
  }

  private static void group(String name, JsonObject group, Class<?> java, List<String> differences) {
    for (String key : new TreeMap<>(group.getMap()).keySet()) {
      String qualified = name + "." + key;
      if (NOT_IN_JAVA_CONTRACT.containsKey(qualified)) {
        continue;
      }
      String field = RENAMED.getOrDefault(qualified, key);
      Object expected = constant(java, field);
      if (expected == null) {
        differences.add("contract.js " + qualified + " = " + group.getValue(key) + " has no "
            + java.getSimpleName() + "." + field + " in the Java contract");
      } else {
        compare(qualified + " (Java " + java.getSimpleName() + "." + field + ")", group.getValue(key), expected, differences);
      }
    }
  }

  private static void failureCodes(JsonObject page, List<String> differences) {
    for (String number : new TreeMap<>(page.getMap()).keySet()) {
      String pageName = page.getString(number);
      FailureCode java = null;
      for (FailureCode code : FailureCode.values()) {
        if (String.valueOf(code.code()).equals(number)) {
          java = code;
        }
      }
      if (java == null) {
        differences.add("contract.js FailureCodes[" + number + "] = " + pageName + " is no FailureCode's number");
      } else if (!java.name().equals(pageName)) {
        differences.add("contract.js FailureCodes[" + number + "] = " + pageName + ", Java FailureCode " + java.name());
      }
    }
  }

  /** Adds a difference unless the page's value equals the Java one (numbers by value, sets in any order). */
  private static void compare(String what, Object page, Object java, List<String> differences) {
    boolean same;
    if (java instanceof Number number && page instanceof Number pageNumber) {
      same = number.doubleValue() == pageNumber.doubleValue();
    } else if (java instanceof List<?> list && page instanceof JsonArray array) {
      same = list.equals(array.getList());
    } else if (java instanceof Collection<?> set && page instanceof JsonArray array) {
      same = array.size() == set.size() && new HashSet<>(array.getList()).equals(new HashSet<>(set));
    } else {
      same = java.equals(page);
    }
    if (!same) {
      differences.add("contract.js " + what + " = " + page + ", Java " + java);
    }
  }

  /** A public static final field's value, or null when the class has none of that name. */
  private static Object constant(Class<?> java, String field) {
    try {
      Field f = java.getField(field);
      int modifiers = f.getModifiers();
      return Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) ? f.get(null) : null;
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> contractClass(String simpleName) {
    try {
      return Class.forName("parley.contract." + simpleName);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
