package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BridgeSocket;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.MessageStatus;
import parley.contract.NodeStatus;

/** The page's contract.js says the same as the Java contract where both must agree. */
class ContractJsTest {
  private static long value(String js, String name) {
    Matcher m = Pattern.compile("\\b" + name + ":\\s*(\\d+)").matcher(js);
    assertTrue(m.find(), name + " in contract.js");
    return Long.parseLong(m.group(1));
  }

  @Test
  void networkCapabilitiesEventAndFailureCodes() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    String capabilities = js.substring(js.indexOf("export const Capability"), js.indexOf("});", js.indexOf("export const Capability")));
    for (String capability : parley.contract.Capability.ALL) {
      assertTrue(capabilities.contains(": '" + capability + "'"), capability + " in contract.js's Capability");
    }
    assertEquals(parley.contract.Capability.ALL.size(), capabilities.split(": '").length - 1, "no capability the contract lacks");
    assertTrue(js.contains("NETWORKS: '" + BrowserEvent.NETWORKS + "'"), "NETWORKS in contract.js");
    assertTrue(js.contains("DEFAULT_NETWORK = '" + parley.contract.Network.DEFAULT + "'"), "DEFAULT_NETWORK in contract.js");
    for (parley.contract.FailureCode code : java.util.List.of(parley.contract.FailureCode.NOT_SUPPORTED,
        parley.contract.FailureCode.UNKNOWN_NETWORK)) {
      assertTrue(js.contains(code.code() + ": '" + code.name() + "'"), code + " in contract.js");
    }
  }

  @Test
  void bridgeSocketTimingAndCloseCodes() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertEquals(BridgeSocket.PING_INTERVAL_MS, value(js, "PING_INTERVAL_MS"));
    assertEquals(BridgeSocket.PING_TIMEOUT_MS, value(js, "PING_TIMEOUT_MS"));
    assertEquals(BridgeSocket.CLOSE_TOO_SLOW, value(js, "CLOSE_TOO_SLOW"));
    assertEquals(BridgeSocket.CLOSE_TOO_MANY_SOCKETS, value(js, "CLOSE_TOO_MANY_SOCKETS"));
    assertTrue(js.contains("CLOSING_FAILURE_TYPE: '" + BridgeSocket.CLOSING_FAILURE_TYPE + "'"), "CLOSING_FAILURE_TYPE in contract.js");
  }

  @Test
  void adminNodesAddressRequestAndInterval() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("BROWSER_ADMIN_NODES: '" + Addresses.BROWSER_ADMIN_NODES + "'"), "BROWSER_ADMIN_NODES in contract.js");
    assertTrue(js.contains("NODES_LIST: '" + NodeStatus.NODES_LIST + "'"), "NODES_LIST in contract.js");
    assertTrue(js.contains("NODES_DRAIN: '" + NodeStatus.NODES_DRAIN + "'"), "NODES_DRAIN in contract.js");
    assertEquals(NodeStatus.INTERVAL_MS, value(js, "INTERVAL_MS"));
  }

  @Test
  void messageStatusesCorrectionsAndRetractions() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    for (String status : MessageStatus.ALL) {
      assertTrue(js.contains(": '" + status + "'"), status + " in contract.js");
    }
    assertTrue(js.contains("MESSAGE_UPDATED: '" + BrowserEvent.MESSAGE_UPDATED + "'"), "MESSAGE_UPDATED in contract.js");
    assertTrue(js.contains("MESSAGE_CORRECT: '" + BrowserCommand.MESSAGE_CORRECT + "'"), "MESSAGE_CORRECT in contract.js");
    assertTrue(js.contains("MESSAGE_RETRACT: '" + BrowserCommand.MESSAGE_RETRACT + "'"), "MESSAGE_RETRACT in contract.js");
  }

  @Test
  void recentChatsCommandAndPageBound() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("CHATS_RECENT: '" + BrowserCommand.CHATS_RECENT + "'"), "CHATS_RECENT in contract.js");
    assertEquals(parley.contract.Limits.MAX_RECENT_CHATS, value(js, "RECENT_CHATS"));
  }

  @Test
  void fileSlotCommand() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("FILE_SLOT: '" + BrowserCommand.FILE_SLOT + "'"), "FILE_SLOT in contract.js");
    assertTrue(!js.contains(BrowserCommand.FILE_CLAIM), "the page has no use for the web-only file.claim");
  }

  @Test
  void roomCommandsAndEvents() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("ROOM_JOIN: '" + BrowserCommand.ROOM_JOIN + "'"), "ROOM_JOIN in contract.js");
    assertTrue(js.contains("ROOM_LEAVE: '" + BrowserCommand.ROOM_LEAVE + "'"), "ROOM_LEAVE in contract.js");
    assertTrue(js.contains("ROOM_SUBJECT: '" + BrowserCommand.ROOM_SUBJECT + "'"), "ROOM_SUBJECT in contract.js");
    assertTrue(js.contains("ROOM_INVITE: '" + BrowserCommand.ROOM_INVITE + "'"), "ROOM_INVITE in contract.js");
    assertTrue(js.contains("ROOM_DECLINE: '" + BrowserCommand.ROOM_DECLINE + "'"), "ROOM_DECLINE in contract.js");
    assertTrue(js.contains("ROOM: '" + BrowserEvent.ROOM + "'"), "ROOM in contract.js");
    assertTrue(js.contains("ROOM_OCCUPANT: '" + BrowserEvent.ROOM_OCCUPANT + "'"), "ROOM_OCCUPANT in contract.js");
    assertTrue(js.contains("ROOM_INVITATION: '" + BrowserEvent.ROOM_INVITATION + "'"), "ROOM_INVITATION in contract.js");
  }

  @Test
  void historySearchCommandAndLimits() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("HISTORY_SEARCH: '" + BrowserCommand.HISTORY_SEARCH + "'"), "HISTORY_SEARCH in contract.js");
    assertTrue(!js.contains(BrowserCommand.HISTORY_EXPORT), "the page has no use for the web-only history.export");
    assertEquals(parley.contract.Limits.MAX_SEARCH_CHARS, value(js, "SEARCH_TEXT"));
    assertEquals(parley.contract.Limits.MAX_SEARCH_WORDS, value(js, "SEARCH_WORDS"));
    assertEquals(parley.contract.Limits.MAX_SEARCH_RESULTS, value(js, "SEARCH_RESULTS"));
  }

  @Test
  void clientMessageIdField() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    assertTrue(js.contains("CLIENT_ID_FIELD = '" + BrowserCommand.CLIENT_ID + "'"), "CLIENT_ID_FIELD in contract.js");
    assertTrue(js.contains("CLIENT_ID_MAX = " + BrowserCommand.CLIENT_ID_MAX + ";"), "CLIENT_ID_MAX in contract.js");
  }

  @Test
  void peopleCommandsAndEvents() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    java.util.Map<String, String> names = java.util.Map.of("PERSON_MERGE", BrowserCommand.PERSON_MERGE,
        "PERSON_SPLIT", BrowserCommand.PERSON_SPLIT, "PERSON_SUGGESTIONS", BrowserCommand.PERSON_SUGGESTIONS,
        "PERSON_HISTORY", BrowserCommand.PERSON_HISTORY, "PERSON_SEND", BrowserCommand.PERSON_SEND,
        "PERSON_UPDATED", BrowserEvent.PERSON_UPDATED, "PERSON_REMOVED", BrowserEvent.PERSON_REMOVED);
    names.forEach((name, value) -> assertTrue(js.contains(name + ": '" + value + "'"), name + " in contract.js"));
  }
}
