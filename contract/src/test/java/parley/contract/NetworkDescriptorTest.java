package parley.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NetworkDescriptorTest {
  private static NetworkDescriptor sample() {
    return new NetworkDescriptor("oscar", "AIM / ICQ", "AIM/ICQ",
        List.of(new NetworkDescriptor.Badge("[0-9]+", "ICQ"), new NetworkDescriptor.Badge(".*", "AIM")),
        new NetworkDescriptor.AddressRule("Screen name or ICQ number", "alice", "[A-Za-z][A-Za-z0-9 ]{2,15}|[0-9]{5,10}",
            "A screen name is 3-16 letters, digits and spaces; an ICQ number is 5-10 digits.",
            NetworkDescriptor.NORMALIZE_LOWER_NO_SPACES),
        new NetworkDescriptor.AddressRule("Screen name", null, "[A-Za-z][A-Za-z0-9 ]{2,15}|[0-9]{5,10}",
            "A screen name is 3-16 letters, digits and spaces; an ICQ number is 5-10 digits.",
            NetworkDescriptor.NORMALIZE_LOWER_NO_SPACES),
        new NetworkDescriptor.Server(NetworkDescriptor.REQUIRED, NetworkDescriptor.REQUIRED, 5190, true,
            NetworkDescriptor.TLS_IF_OFFERED, "aim.example.org", "5190", null),
        Set.of(Capability.ROSTER, Capability.TYPING), Set.of(NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING));
  }

  @Test
  void mapsToJsonAndBack() {
    NetworkDescriptor d = sample();
    JsonObject json = d.toJson();
    assertEquals("oscar", json.getString("network"));
    assertEquals(new JsonArray().add("roster").add("typing"), json.getJsonArray("capabilities"));
    assertEquals(5190, json.getJsonObject("server").getInteger("defaultPort"));
    assertEquals("ICQ", json.getJsonArray("badges").getJsonObject(0).getString("badge"));
    assertEquals(d, NetworkDescriptor.fromJson(json));
    // As published: with its type.
    assertEquals(d, NetworkDescriptor.fromJson(json.copy().put("type", NetworkDescriptor.TYPE)));
    assertTrue(d.can(Capability.TYPING));
    assertFalse(d.can(Capability.GROUP_CHATS));
    assertTrue(d.login().matches("Alice Aim"));
    assertFalse(d.login().matches("1x"));
  }

  @Test
  void aRoomRuleIsOptionalAndFallsBackToTheContactRule() {
    NetworkDescriptor plain = sample();
    assertFalse(plain.toJson().containsKey("room"), "no room rule, no field: the JSON of networks without one is as before");
    assertEquals(plain.contact(), plain.roomRule());
    NetworkDescriptor.AddressRule channels = new NetworkDescriptor.AddressRule("Channel", "#parley", "[#&][^\\s,]{1,49}",
        "a channel name (#name)", NetworkDescriptor.NORMALIZE_LOWER);
    NetworkDescriptor d = new NetworkDescriptor(plain.network(), plain.label(), plain.badge(), plain.badges(), plain.login(),
        plain.contact(), plain.server(), plain.capabilities(), plain.commands(), channels);
    assertEquals(channels, d.roomRule());
    assertEquals("[#&][^\\s,]{1,49}", d.toJson().getJsonObject("room").getString("pattern"));
    assertEquals(d, NetworkDescriptor.fromJson(d.toJson()));
    assertTrue(d.roomRule().matches("#parley"));
    assertFalse(d.roomRule().matches("parley"));
    refused("room must be a JSON object", j -> j.put("room", "#"));
  }

  private static void refused(String why, Consumer<JsonObject> change) {
    JsonObject json = sample().toJson();
    change.accept(json);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkDescriptor.fromJson(json));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void badDescriptorsAreRefusedInWords() {
    assertThrows(IllegalArgumentException.class, () -> NetworkDescriptor.fromJson("oscar"));
    refused("network must be", j -> j.put("network", "AIM!"));
    refused("network must be", j -> j.remove("network"));
    refused("label must be", j -> j.put("label", ""));
    refused("pattern is not a regular expression", j -> j.getJsonObject("login").put("pattern", "[a-"));
    refused("rule is required", j -> j.getJsonObject("contact").remove("rule"));
    refused("normalize must be one of", j -> j.getJsonObject("contact").put("normalize", "upper"));
    refused("login must be a JSON object", j -> j.put("login", "x"));
    refused("server.host must be one of", j -> j.getJsonObject("server").put("host", "maybe"));
    refused("server.defaultPort", j -> j.getJsonObject("server").put("defaultPort", 70000));
    refused("server.tls must be", j -> j.getJsonObject("server").put("tls", "yes"));
    refused("server.tlsDefault must be", j -> j.getJsonObject("server").put("tlsDefault", "never"));
    refused("unknown capability \"teleport\"", j -> j.getJsonArray("capabilities").add("teleport"));
    // No node has used it since IRC channels became rooms: a node naming it is out of date.
    refused("unknown capability \"channelsAsContacts\"", j -> j.getJsonArray("capabilities").add("channelsAsContacts"));
    refused("capabilities must be a list", j -> j.put("capabilities", "roster"));
    refused("a command must be", j -> j.getJsonArray("commands").add("DROP TABLE"));
    refused("label must be", j -> j.put("label", "x".repeat(65)));
    refused("badge must be", j -> j.remove("badge"));
    refused("badges.pattern is not", j -> j.getJsonArray("badges").add(new JsonObject().put("pattern", "(").put("badge", "X")));
  }

  @Test
  void notSupportedSentenceNamesTheNetwork() {
    assertEquals("Group chats are not supported on AIM / ICQ.", Capability.notSupported(Capability.GROUP_CHATS, "AIM / ICQ"));
    assertEquals("Blocking is not supported on IRC.", Capability.notSupported(Capability.BLOCKING, "IRC"));
  }
}
