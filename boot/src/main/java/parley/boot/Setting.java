package parley.boot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One known setting of the configuration: its name ({@code section.key}), type, bounds or
 * choices, default (for the README and the operator; the verticles apply their own), and which
 * processes cannot start without it. Built with the factories and {@code with…} methods so that
 * a setting is one line in {@link Settings}.
 */
public record Setting(String name, Type type, double min, boolean aboveMin, double max, List<String> choices,
    Object defaultValue, Set<ParleyProcess> requiredBy, boolean environmentOnly) {

  /** What a value must be; the phrase goes into the sentence an operator reads. */
  public enum Type {
    INT("a whole number"),
    LONG("a whole number"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    TEXT("a text"),
    TEXT_LIST("a list of texts, like [\"a\", \"b\"]"),
    OBJECT("an object");

    final String phrase;

    Type(String phrase) {
      this.phrase = phrase;
    }
  }

  public static Setting integer(String name, long min, long max) {
    return new Setting(name, Type.INT, min, false, max, List.of(), null, Set.of(), false);
  }

  public static Setting whole(String name, long min, long max) {
    return new Setting(name, Type.LONG, min, false, max, List.of(), null, Set.of(), false);
  }

  /** A number strictly above {@code min} (a rate of 0 would stop everything). */
  public static Setting numberAbove(String name, double min) {
    return new Setting(name, Type.NUMBER, min, true, Double.MAX_VALUE, List.of(), null, Set.of(), false);
  }

  public static Setting number(String name, double min, double max) {
    return new Setting(name, Type.NUMBER, min, false, max, List.of(), null, Set.of(), false);
  }

  public static Setting flag(String name) {
    return new Setting(name, Type.BOOLEAN, 0, false, 0, List.of(), null, Set.of(), false);
  }

  public static Setting text(String name) {
    return new Setting(name, Type.TEXT, 0, false, 0, List.of(), null, Set.of(), false);
  }

  public static Setting oneOf(String name, String... choices) {
    return new Setting(name, Type.TEXT, 0, false, 0, List.of(choices), choices[0], Set.of(), false);
  }

  public static Setting texts(String name) {
    return new Setting(name, Type.TEXT_LIST, 0, false, 0, List.of(), null, Set.of(), false);
  }

  public static Setting object(String name) {
    return new Setting(name, Type.OBJECT, 0, false, 0, List.of(), null, Set.of(), false);
  }

  public Setting byDefault(Object value) {
    return new Setting(name, type, min, aboveMin, max, choices, value, requiredBy, environmentOnly);
  }

  public Setting requiredBy(ParleyProcess first, ParleyProcess... more) {
    return new Setting(name, type, min, aboveMin, max, choices, defaultValue, requiredBySet(first, more), environmentOnly);
  }

  /** Read before the configuration file is (logging): only the environment can set it. */
  public Setting fromEnvironmentOnly() {
    return new Setting(name, type, min, aboveMin, max, choices, defaultValue, requiredBy, true);
  }

  public String section() {
    return name.substring(0, name.indexOf('.'));
  }

  public String key() {
    return name.substring(name.indexOf('.') + 1);
  }

  /** {@code PARLEY_SESSION_IDLE_TIMEOUT_SECONDS} for {@code session.idleTimeoutSeconds}. */
  public String environmentName() {
    return "PARLEY_" + section().toUpperCase(Locale.ROOT) + "_"
        + key().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** What a good value is, as the end of "… must be …". */
  public String expected() {
    if (!choices.isEmpty()) {
      return "one of " + String.join(", ", choices);
    }
    return switch (type) {
      case INT, LONG -> type.phrase + bounds();
      case NUMBER -> type.phrase + (aboveMin ? " greater than " + plain(min) : bounds());
      default -> type.phrase;
    };
  }

  private String bounds() {
    if (max >= Integer.MAX_VALUE) {
      return " of at least " + plain(min);
    }
    return " from " + plain(min) + " to " + plain(max);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** True when {@code value} (as parsed from JSON) is a good value of this setting. */
  public boolean accepts(Object value) {
    return switch (type) {
      case INT, LONG -> value instanceof Number n && isWhole(n) && inBounds(n.doubleValue());
      case NUMBER -> value instanceof Number n && inBounds(n.doubleValue());
      case BOOLEAN -> value instanceof Boolean;
      case TEXT -> value instanceof String s && (choices.isEmpty() || choices.contains(s));
      case TEXT_LIST -> value instanceof JsonArray a && a.stream().allMatch(String.class::isInstance);
      case OBJECT -> value instanceof JsonObject;
    };
  }

  private static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
  }

  private boolean inBounds(double d) {
    return (aboveMin ? d > min : d >= min) && d <= max;
  }

  private static Set<ParleyProcess> requiredBySet(ParleyProcess first, ParleyProcess... more) {
    Set<ParleyProcess> set = new java.util.LinkedHashSet<>(List.of(more));
    set.add(first);
    return Set.copyOf(set);
  }
}
