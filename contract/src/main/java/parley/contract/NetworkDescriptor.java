package parley.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a protocol node says about its network (published to {@link Addresses#NETWORKS}): how it is
 * called, what a login and a contact's address look like, which server fields an account asks for,
 * what it can do ({@link Capability}) and which node commands it takes. The session validates
 * accounts and commands against it; the page builds its account form and menus from it. One JSON
 * mapping ({@link #toJson()} / {@link #fromJson(Object)}); documented in docs/bus-contract.md.
 */
public record NetworkDescriptor(String network, String label, String badge, List<Badge> badges, AddressRule login, AddressRule contact, Server server,
                                Set<String> capabilities, Set<String> commands, AddressRule room) {

  /** A network whose group chats (if any) are addressed as its contacts are: {@code room} is the contact rule. */
  public NetworkDescriptor(String network, String label, String badge, List<Badge> badges, AddressRule login, AddressRule contact,
                           Server server, Set<String> capabilities, Set<String> commands) {
    this(network, label, badge, badges, login, contact, server, capabilities, commands, null);
  }

  /** Published to {@link Addresses#NETWORKS}: a node's descriptor ({@link #toJson()} plus this type). */
  public static final String TYPE = "network-descriptor";
  /** Published to {@link Addresses#NETWORKS} by a session process that starts: every node publishes its descriptor at once. */
  public static final String WANTED = "network-descriptors-wanted";

  /** {@link Server} fields: not asked, may be left out, must be given. */
  public static final String NONE = "none";
  public static final String OPTIONAL = "optional";
  public static final String REQUIRED = "required";
  private static final Set<String> PRESENCE = Set.of(NONE, OPTIONAL, REQUIRED);
  /** The account's TLS choice ({@code tls} of account.add). */
  public static final String TLS_REQUIRED = "required";
  public static final String TLS_IF_OFFERED = "if-offered";
  private static final Set<String> TLS = Set.of(TLS_REQUIRED, TLS_IF_OFFERED);

  // AddressRule#normalize(): how an address is stored and compared once it matched.
  /** An RFC 7622 bare address (a resource dropped, checked in depth, lower case). */
  public static final String NORMALIZE_JID = "jid";
  /** Lower case. */
  public static final String NORMALIZE_LOWER = "lower";
  /** Lower case, spaces removed. */
  public static final String NORMALIZE_LOWER_NO_SPACES = "lower-no-spaces";
  /** Kept as typed (trimmed). */
  public static final String NORMALIZE_NONE = "none";
  private static final Set<String> NORMALIZE = Set.of(NORMALIZE_JID, NORMALIZE_LOWER, NORMALIZE_LOWER_NO_SPACES, NORMALIZE_NONE);

  private static final Pattern NETWORK_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern COMMAND = Pattern.compile("[a-z][a-z-]{0,39}");
  private static final int MAX_PATTERN_CHARS = 500;
  private static final int MAX_SENTENCE_CHARS = 300;

  /**
   * A login's or a contact's address: the form's {@code label} and {@code placeholder}, a
   * {@code pattern} the whole address must match (Java and JavaScript regex syntax alike), the
   * {@code rule} shown when it does not (a sentence), and how it is {@code normalize}d.
   */
  public record AddressRule(String label, String placeholder, String pattern, String rule, String normalize) {
    public AddressRule {
      text(label, "label", 64);
      optionalText(placeholder, "placeholder", 100);
      text(pattern, "pattern", MAX_PATTERN_CHARS);
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw bad("pattern is not a regular expression");
      }
      text(rule, "rule", MAX_SENTENCE_CHARS);
      oneOf(normalize, "normalize", NORMALIZE);
    }

    /** Whether the whole of {@code address} matches the pattern. */
    public boolean matches(String address) {
      return Pattern.compile(pattern).matcher(address).matches();
    }

    JsonObject toJson() {
      return new JsonObject().put("label", label).put("placeholder", placeholder).put("pattern", pattern)
          .put("rule", rule).put("normalize", normalize);
    }

    static AddressRule fromJson(Object value, String name) {
      JsonObject json = object(value, name);
      return new AddressRule(string(json, "label"), optionalString(json, "placeholder"), string(json, "pattern"),
          string(json, "rule"), string(json, "normalize"));
    }
  }

  /**
   * The IM server fields of an account: {@code host} and {@code port} each {@link #NONE},
   * {@link #OPTIONAL} or {@link #REQUIRED}; {@code defaultPort} filled in by the page (null: none);
   * whether the TLS choice is asked ({@code tls}) and its default.
   */
  public record Server(String host, String port, Integer defaultPort, boolean tls, String tlsDefault,
                       String hostPlaceholder, String portPlaceholder, String tlsHelp) {
    public Server {
      optionalText(hostPlaceholder, "server.hostPlaceholder", 100);
      optionalText(portPlaceholder, "server.portPlaceholder", 100);
      optionalText(tlsHelp, "server.tlsHelp", MAX_SENTENCE_CHARS);
      oneOf(host, "server.host", PRESENCE);
      oneOf(port, "server.port", PRESENCE);
      if (defaultPort != null && (defaultPort < 1 || defaultPort > 65535)) {
        throw bad("server.defaultPort must be a port number from 1 to 65535");
      }
      oneOf(tlsDefault, "server.tlsDefault", TLS);
    }

    JsonObject toJson() {
      return new JsonObject().put("host", host).put("port", port).put("defaultPort", defaultPort).put("tls", tls)
          .put("tlsDefault", tlsDefault).put("hostPlaceholder", hostPlaceholder).put("portPlaceholder", portPlaceholder)
          .put("tlsHelp", tlsHelp);
    }

    static Server fromJson(Object value) {
      JsonObject json = object(value, "server");
      if (json.getValue("defaultPort") != null && !(json.getValue("defaultPort") instanceof Integer)) {
        throw bad("server.defaultPort must be a whole number");
      }
      if (!(json.getValue("tls") instanceof Boolean tls)) {
        throw bad("server.tls must be true or false");
      }
      return new Server(string(json, "host"), string(json, "port"), json.getInteger("defaultPort"), tls,
          string(json, "tlsDefault"), optionalString(json, "hostPlaceholder"), optionalString(json, "portPlaceholder"),
          optionalString(json, "tlsHelp"));
    }
  }

  /** A badge for the accounts whose login matches {@code pattern} (AIM or ICQ), instead of the network's {@code badge}. */
  public record Badge(String pattern, String badge) {
    public Badge {
      text(pattern, "badges.pattern", MAX_PATTERN_CHARS);
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw bad("badges.pattern is not a regular expression");
      }
      text(badge, "badges.badge", 16);
    }

    JsonObject toJson() {
      return new JsonObject().put("pattern", pattern).put("badge", badge);
    }
  }

  public NetworkDescriptor {
    if (network == null || !NETWORK_ID.matcher(network).matches()) {
      throw bad("network must be 1-32 lower-case letters, digits or '-', starting with a letter");
    }
    text(label, "label", 64);
    text(badge, "badge", 16);
    badges = List.copyOf(required(badges, "badges"));
    if (login == null || contact == null || server == null) {
      throw bad("login, contact and server are required");
    }
    capabilities = Set.copyOf(new TreeSet<>(required(capabilities, "capabilities")));
    for (String c : capabilities) {
      if (!Capability.ALL.contains(c)) {
        throw bad("unknown capability \"" + shorten(c) + "\"");
      }
    }
    commands = Set.copyOf(required(commands, "commands"));
    for (String c : commands) {
      if (c == null || !COMMAND.matcher(c).matches()) {
        throw bad("a command must be a node command's type, like send-message");
      }
    }
  }

  public boolean can(String capability) {
    return capabilities.contains(capability);
  }

  /** The rule of a group chat's address: the network's own {@code room} rule, else its contact rule. */
  public AddressRule roomRule() {
    return room != null ? room : contact;
  }

  public JsonObject toJson() {
    JsonArray badgeList = new JsonArray();
    badges.forEach(b -> badgeList.add(b.toJson()));
    JsonObject json = new JsonObject().put("network", network).put("label", label).put("badge", badge).put("badges", badgeList)
        .put("login", login.toJson())
        .put("contact", contact.toJson()).put("server", server.toJson())
        .put("capabilities", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(capabilities))))
        .put("commands", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(commands))));
    if (room != null) {
      json.put("room", room.toJson());
    }
    return json;
  }

  /** The descriptors as the page gets them: a list of their JSON, in the order given. */
  public static JsonArray toJson(java.util.Collection<NetworkDescriptor> descriptors) {
    JsonArray list = new JsonArray();
    descriptors.forEach(d -> list.add(d.toJson()));
    return list;
  }

  /**
   * The descriptor in {@code value}, validated; {@link IllegalArgumentException} saying what is
   * wrong otherwise (a {@code type} field, as published, is ignored).
   */
  public static NetworkDescriptor fromJson(Object value) {
    JsonObject json = object(value, "descriptor");
    try {
      return new NetworkDescriptor(optionalString(json, "network"), optionalString(json, "label"),
          optionalString(json, "badge"), badges(json),
          AddressRule.fromJson(json.getValue("login"), "login"), AddressRule.fromJson(json.getValue("contact"), "contact"),
          Server.fromJson(json.getValue("server")), strings(json, "capabilities"), strings(json, "commands"),
          json.getValue("room") == null ? null : AddressRule.fromJson(json.getValue("room"), "room"));
    } catch (ClassCastException e) {
      throw bad("a field has the wrong type");
    }
  }

  private static List<Badge> badges(JsonObject json) {
    Object value = json.getValue("badges");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw bad("badges must be a list");
    }
    List<Badge> out = new java.util.ArrayList<>();
    for (Object o : array) {
      JsonObject b = object(o, "a badge");
      out.add(new Badge(string(b, "pattern"), string(b, "badge")));
    }
    return out;
  }

  private static Set<String> strings(JsonObject json, String name) {
    if (!(json.getValue(name) instanceof JsonArray array)) {
      throw bad(name + " must be a list");
    }
    Set<String> out = new TreeSet<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw bad(name + " must be a list of names");
      }
      out.add(s);
    }
    return out;
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw bad(name + " is required");
    }
    return value;
  }

  private static JsonObject object(Object value, String name) {
    if (!(value instanceof JsonObject json)) {
      throw bad(name + " must be a JSON object");
    }
    return json;
  }

  private static String string(JsonObject json, String name) {
    return required(optionalString(json, name), name);
  }

  private static String optionalString(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof String)) {
      throw bad(name + " must be text");
    }
    return (String) value;
  }

  private static void text(String value, String name, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw bad(name + " must be 1 to " + max + " characters");
    }
  }

  private static void optionalText(String value, String name, int max) {
    if (value != null && value.length() > max) {
      throw bad(name + " must be at most " + max + " characters");
    }
  }

  private static void oneOf(String value, String name, Set<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      throw bad(name + " must be one of " + String.join(", ", new TreeSet<>(allowed)));
    }
  }

  private static String shorten(String s) {
    return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("Bad network descriptor: " + why + ".");
  }
}
