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
 * difference by name. The names the page reads must be there, and a group marked complete must
 * hold all of its Java class's {@code ALL}.
 */
class ContractJsMatchesJavaTest {
  static final Path CONTRACT_JS = Path.of("..", "webroot", "src", "contract.js");

  /** Where a contract.js name (an export, or Group.KEY within a group) stands in the Java contract. */
  private sealed interface Place permits Group, Renamed, Value, NotInJava {}

  /**
   * A group repeating the constants of a Java class of another name (a group named as its class
   * needs no row); {@code complete}: it also lists every member of the class's {@code ALL}.
   */
  private record Group(Class<?> java, boolean complete) implements Place {}

  /** A group's key whose Java constant has another name. */
  private record Renamed(String java) implements Place {}

  /** A single export and the Java value it repeats (lists keep their order, sets do not; an object by its values). */
  private record Value(Object java) implements Place {}

  /** What contract.js holds that the Java contract does not (yet), and why. */
  private record NotInJava(String why) implements Place {}

  /**
   * Every contract.js name not found in the Java contract by its own name. A new export that has
   * no row here and no Java class of its name fails the test until it is placed.
   */
  private static final Map<String, Place> TABLE = Map.ofEntries(
      Map.entry("Command", new Group(BrowserCommand.class, false)),
      Map.entry("Event", new Group(BrowserEvent.class, false)),
      Map.entry("Show", new Group(Presence.class, false)),
      Map.entry("ServerField", new Group(NetworkDescriptor.class, false)),
      Map.entry("Capability", new Group(Capability.class, true)),
      Map.entry("MessageStatus", new Group(MessageStatus.class, true)),
      Map.entry("ServerFeature", new Group(ServerFeature.class, true)),
      Map.entry("Limits.MESSAGE_TEXT", new Renamed("MAX_TEXT_CHARS")),
      Map.entry("Limits.OWN_AVATAR_BYTES", new Renamed("MAX_OWN_AVATAR_BYTES")),
      Map.entry("Limits.STATUS_TEXT", new Renamed("MAX_STATUS_CHARS")),
      Map.entry("Limits.USERNAME_MAX", new Renamed("MAX_USERNAME_CHARS")),
      Map.entry("Limits.PASSWORD_MIN", new Renamed("MIN_PASSWORD_CHARS")),
      Map.entry("Limits.PASSWORD_MAX", new Renamed("MAX_PASSWORD_CHARS")),
      Map.entry("Limits.HISTORY_MAX", new Renamed("MAX_HISTORY_PAGE")),
      Map.entry("Limits.SEARCH_TEXT", new Renamed("MAX_SEARCH_CHARS")),
      Map.entry("Limits.SEARCH_WORDS", new Renamed("MAX_SEARCH_WORDS")),
      Map.entry("Limits.SEARCH_RESULTS", new Renamed("MAX_SEARCH_RESULTS")),
      Map.entry("Limits.RECENT_CHATS", new Renamed("MAX_RECENT_CHATS")),
      Map.entry("CLIENT_ID_FIELD", new Value(BrowserCommand.CLIENT_ID)),
      Map.entry("CLIENT_ID_MAX", new Value(BrowserCommand.CLIENT_ID_MAX)),
      Map.entry("DEFAULT_NETWORK", new NotInJava("the network the account form offers first: the default of the setting"
          + " session.defaultNetwork (web-verticle's DefaultNetworkTest checks it), not a contract name")),
      Map.entry("METERED_KINDS", new Value(UsageKind.METERED)),
      Map.entry("SETTABLE_SHOWS", new Value(Presence.SETTABLE)),
      Map.entry("TypingState", new Value(Presence.TYPING_STATES)),
      Map.entry("SEARCH_LANGUAGES", new Value(parley.contract.browser.SearchLanguageSet.LANGUAGES)),
      Map.entry("BRIDGE_PATH", new NotInJava("an HTTP path of the web verticle (WebVerticle), not a bus name")),
      Map.entry("FILES_PATH", new NotInJava("an HTTP path of the web verticle (FileRoutes)")),
      Map.entry("Api", new NotInJava("HTTP paths of the web verticle (AuthRoutes)")),
      Map.entry("Tls", new NotInJava("account field values the session defines (ImAccount)")),
      Map.entry("Direction", new NotInJava("history field values the session defines (HistoryStore)")),
      Map.entry("USERNAME_PATTERN", new NotInJava("the session's sign-up rule")),
      Map.entry("Limits.USERNAME_MIN", new NotInJava("the page's own check; the session's rule is USERNAME_PATTERN")),
      Map.entry("Limits.HISTORY_PAGE", new NotInJava("the page's own page size, at most Limits.MAX_HISTORY_PAGE")));

  /**
   * Names the page's code reads: each must be exported (the test above checks only the values of
   * what is there, so a name the page lost would go unnoticed until a browser met undefined).
   */
  private static final List<String> THE_PAGE_READS = List.of(
      "BridgeSocket.PING_INTERVAL_MS", "BridgeSocket.PING_TIMEOUT_MS", "BridgeSocket.CLOSE_TOO_SLOW",
      "BridgeSocket.CLOSE_TOO_MANY_SOCKETS", "BridgeSocket.CLOSING_FAILURE_TYPE",
      "Addresses.BROWSER_ADMIN_NODES", "NodeStatus.NODES_LIST", "NodeStatus.NODES_DRAIN", "NodeStatus.INTERVAL_MS",
      "Event.NETWORKS", "DEFAULT_NETWORK", "CLIENT_ID_FIELD", "CLIENT_ID_MAX",
      "Command.MESSAGE_CORRECT", "Command.MESSAGE_RETRACT", "Event.MESSAGE_UPDATED",
      "Command.CHATS_RECENT", "Limits.RECENT_CHATS", "Command.FILE_SLOT",
      "Command.HISTORY_SEARCH", "Limits.SEARCH_TEXT", "Limits.SEARCH_WORDS", "Limits.SEARCH_RESULTS",
      "Command.ROOM_JOIN", "Command.ROOM_LEAVE", "Command.ROOM_SUBJECT", "Command.ROOM_INVITE", "Command.ROOM_DECLINE",
      "Event.ROOM", "Event.ROOM_OCCUPANT", "Event.ROOM_INVITATION",
      "Command.PERSON_MERGE", "Command.PERSON_SPLIT", "Command.PERSON_SUGGESTIONS", "Command.PERSON_HISTORY",
      "Command.PERSON_SEND", "Event.PERSON_UPDATED", "Event.PERSON_REMOVED",
      "Command.SEARCH_LANGUAGE_SET", "Event.SEARCH_LANGUAGE", "SEARCH_LANGUAGES");

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
      Place place = TABLE.get(name);
      if (place instanceof NotInJava) {
        continue;
      }
      if (place instanceof Value single) {
        Object page = value instanceof JsonObject object ? new JsonArray(new ArrayList<>(object.getMap().values())) : value;
        compare(name, page, single.java(), differences);
      } else if (name.equals("FailureCodes")) {
        failureCodes((JsonObject) value, differences);
      } else if (value instanceof JsonObject group) {
        Group java = place instanceof Group g ? g : contractClass(name);
        if (java == null) {
          differences.add("contract.js exports " + name + ", which has no Java class of that name in parley.contract"
              + " and no row in this test's TABLE");
        } else {
          group(name, group, java, differences);
        }
      } else {
        differences.add("contract.js exports " + name + " = " + value + ", which this test does not compare with the"
            + " Java contract; give it a row in TABLE");
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
      assertTrue(!exports.encode().contains("\"" + command + "\""),
          "contract.js exports the web-only command " + command + ", which the page has no use for");
    }
    for (Object command : exports.getJsonObject("Command").getMap().values()) {
      assertTrue(BrowserCommand.ALL.contains(command), "contract.js Command " + command + " is not in BrowserCommand.ALL");
    }
  }

  @Test
  void everyNameThePageReadsIsExported() {
    List<String> missing = new ArrayList<>();
    for (String name : THE_PAGE_READS) {
      int dot = name.indexOf('.');
      boolean there = dot < 0 ? exports.containsKey(name)
          : exports.getValue(name.substring(0, dot)) instanceof JsonObject group && group.containsKey(name.substring(dot + 1));
      if (!there) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "names the page reads that " + CONTRACT_JS + " does not export");
  }

  @Test
  void everyFailureCodeHasItsNameInThePage() {
    JsonObject page = exports.getJsonObject("FailureCodes");
    for (FailureCode code : FailureCode.values()) {
      assertEquals(code.name(), page.getString(String.valueOf(code.code())),
          "contract.js FailureCodes[" + code.code() + "] (FailureCode." + code.name() + ")");
    }
  }

  private static void group(String name, JsonObject group, Group java, List<String> differences) {
    String simpleName = java.java().getSimpleName();
    for (String key : new TreeMap<>(group.getMap()).keySet()) {
      String qualified = name + "." + key;
      Place place = TABLE.get(qualified);
      if (place instanceof NotInJava) {
        continue;
      }
      String field = place instanceof Renamed renamed ? renamed.java() : key;
      Object expected = constant(java.java(), field);
      if (expected == null) {
        differences.add("contract.js " + qualified + " = " + group.getValue(key) + " has no "
            + simpleName + "." + field + " in the Java contract");
      } else {
        compare(qualified + " (Java " + simpleName + "." + field + ")", group.getValue(key), expected, differences);
      }
    }
    if (java.complete()) {
      for (Object member : (Collection<?>) constant(java.java(), "ALL")) {
        if (!group.getMap().containsValue(member)) {
          differences.add("contract.js " + name + " lacks " + member + " of Java " + simpleName + ".ALL");
        }
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

  /** The parley.contract class of that simple name as a group, or null when there is none. */
  private static Group contractClass(String simpleName) {
    try {
      return new Group(Class.forName("parley.contract." + simpleName), false);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
