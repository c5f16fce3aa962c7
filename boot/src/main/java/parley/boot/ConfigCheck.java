package parley.boot;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration file and the {@code PARLEY_<SECTION>_<KEY>} environment and checks them
 * against {@link Settings} before anything starts: the first mistake becomes one sentence naming
 * the setting and what it must be ({@link BadSetting}). An environment variable of a section
 * Parley does not have (such as {@code PARLEY_TEST_DB_URL}) is ignored with a warning.
 */
public final class ConfigCheck {
  private static final Logger log = LoggerFactory.getLogger(ConfigCheck.class);

  /** The exit code of a process refused by the check. */
  public static final int EXIT_CODE = 2;

  private ConfigCheck() {}

  /** The checked configuration and what was ignored, for the log. */
  public record Checked(JsonObject config, List<String> warnings) {}

  /**
   * The configuration of {@code main(args)}: {@code args[0]} or {@code conf/parley.json}, and the
   * environment; when it is not good the process logs one line and ends with {@link #EXIT_CODE}.
   */
  public static JsonObject orExit(ParleyProcess process, String[] args) {
    try {
      Checked checked = load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(), process);
      checked.warnings().forEach(log::warn);
      return checked.config();
    } catch (BadSetting e) {
      log.error("{} cannot start: {}", process, e.getMessage());
      if (!loggingWorks()) {
        // An unknown PARLEY_LOG_FORMAT leaves logging without an appender: the line must still be seen.
        System.err.println(process + " cannot start: " + e.getMessage());
      }
      System.exit(EXIT_CODE);
      throw e;
    }
  }

  private static boolean loggingWorks() {
    return !(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root)
        || root.iteratorForAppenders().hasNext();
  }

  /** {@code file} null: {@code conf/parley.json} if there is one. */
  public static Checked load(Path file, Map<String, String> env, ParleyProcess process) {
    JsonObject config = read(file);
    List<String> warnings = new ArrayList<>();
    checkFile(config, warnings);
    applyEnvironment(config, env, warnings);
    check(config, process);
    return new Checked(config, warnings);
  }

  /** The bounds, pairs, rules and required settings, on a configuration already merged. */
  public static void check(JsonObject config, ParleyProcess process) {
    Map<String, Setting> known = Settings.byName();
    for (Setting s : known.values()) {
      Object v = valueOf(config, s);
      if (v != null && !s.accepts(v)) {
        throw new BadSetting(s.name() + " must be " + s.expected() + ", not " + shown(s, v));
      }
      if (v == null && s.requiredBy().contains(process)) {
        throw new BadSetting(s.name() + " (" + s.environmentName() + ") must be set for the " + process + " process");
      }
    }
    for (List<String> pair : Settings.notAbove()) {
      Setting low = known.get(pair.get(0));
      Setting high = known.get(pair.get(1));
      double lowValue = number(config, low);
      double highValue = number(config, high);
      if (lowValue > highValue) {
        throw new BadSetting(low.name() + " (" + (long) lowValue + ") must not be above " + high.name()
            + " (" + (long) highValue + ")");
      }
    }
    for (Settings.Rule rule : Settings.RULES) {
      Optional<String> broken = rule.apply(config, process);
      if (broken.isPresent()) {
        throw new BadSetting(broken.get());
      }
    }
  }

  private static JsonObject read(Path file) {
    Path path = file != null ? file : ParleyConfig.DEFAULT_FILE;
    if (!Files.isRegularFile(path)) {
      if (file != null) {
        throw new BadSetting("the configuration file " + file + " does not exist");
      }
      return new JsonObject();
    }
    try {
      Object parsed = Json.decodeValue(Files.readString(path));
      if (parsed instanceof JsonObject json) {
        return json;
      }
      throw new BadSetting(path + " must hold one JSON object of sections, like {\"web\": {\"port\": 8080}}");
    } catch (DecodeException e) {
      throw new BadSetting(path + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new BadSetting("the configuration file " + path + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * Every key of a known section is known (types are checked after the environment). A section no
   * module of this process declares is a protocol node's that this process does not run (one file
   * serves every process): ignored with a warning, unless it is a known section's typo.
   */
  private static void checkFile(JsonObject config, List<String> warnings) {
    Map<String, Setting> known = Settings.byName();
    List<String> sections = known.values().stream().map(Setting::section).distinct().toList();
    for (String section : config.fieldNames()) {
      if (!sections.contains(section)) {
        Optional<String> meant = nearest(section, sections);
        if (meant.isPresent()) {
          throw new BadSetting("'" + section + "' is not a section of Parley's configuration; did you mean " + meant.get() + "?");
        }
        warnings.add("'" + section + "' is a section no module of this process declares (the sections here are "
            + String.join(", ", sections) + "); ignored here, read by the process that has that module");
        continue;
      }
      if (!(config.getValue(section) instanceof JsonObject settings)) {
        throw new BadSetting(section + " must be an object of settings, like {\"" + section + "\": {…}}");
      }
      for (String key : settings.fieldNames()) {
        String name = section + "." + key;
        Setting s = known.get(name);
        if (s == null) {
          List<String> names = known.values().stream().filter(k -> k.section().equals(section)).map(Setting::name).toList();
          throw new BadSetting(name + " is not a Parley setting; "
              + nearest(name, names).map(n -> "did you mean " + n + "?").orElse("the " + section + " settings are " + String.join(", ", names)));
        }
        if (s.environmentOnly()) {
          throw new BadSetting(name + " is read before the configuration file: set it in the environment as " + s.environmentName());
        }
      }
    }
  }

  private static void applyEnvironment(JsonObject config, Map<String, String> env, List<String> warnings) {
    Map<String, Setting> known = Settings.byName();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("PARLEY_")) {
        continue;
      }
      Optional<Setting> setting = known.values().stream().filter(s -> s.environmentName().equalsIgnoreCase(name)).findFirst();
      if (setting.isEmpty()) {
        String rest = name.substring("PARLEY_".length());
        String section = rest.contains("_") ? rest.substring(0, rest.indexOf('_')) : rest;
        List<String> inSection = known.values().stream().filter(s -> s.section().equalsIgnoreCase(section))
            .map(Setting::environmentName).toList();
        if (inSection.isEmpty()) {
          warnings.add(name + " is set but names no Parley setting; ignored");
          continue;
        }
        throw new BadSetting(name + " names no Parley setting; " + nearest(name.toUpperCase(), inSection)
            .map(n -> "did you mean " + n + "?").orElse("the " + section.toLowerCase() + " settings are " + String.join(", ", inSection)));
      }
      Setting s = setting.get();
      Object value = fromEnvironment(s, e.getValue());
      if (value == null || !s.accepts(value)) {
        throw new BadSetting(name + " (" + s.name() + ") must be " + s.expected()
            + (value == null ? "" : ", not " + shown(s, value)));
      }
      JsonObject section = config.getJsonObject(s.section());
      if (section == null) {
        section = new JsonObject();
        config.put(s.section(), section);
      }
      section.put(s.key(), value);
    }
  }

  /** The environment's text as a value of the setting's type, or null when it is not one. */
  private static Object fromEnvironment(Setting s, String text) {
    String v = text.trim();
    try {
      return switch (s.type()) {
        case TEXT -> text;
        case BOOLEAN -> v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
        case INT, LONG, NUMBER -> v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?") ? Json.decodeValue(v) : null;
        case TEXT_LIST -> Json.decodeValue(v) instanceof JsonArray a ? a : null;
        case OBJECT -> Json.decodeValue(v) instanceof JsonObject o ? o : null;
      };
    } catch (DecodeException e) {
      return null;
    }
  }

  private static Object valueOf(JsonObject config, Setting s) {
    JsonObject section = config.getJsonObject(s.section());
    return section == null ? null : section.getValue(s.key());
  }

  private static double number(JsonObject config, Setting s) {
    Object v = valueOf(config, s);
    return ((Number) (v != null ? v : s.defaultValue())).doubleValue();
  }

  /** A value for the sentence: numbers, flags and choices as they are, never a text (it may be a secret). */
  private static String shown(Setting s, Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    if (v instanceof String text) {
      return s.choices().isEmpty() ? "a text" : "'" + text + "'";
    }
    return v instanceof JsonArray ? "a list" : v instanceof JsonObject ? "an object" : "null";
  }

  /** The candidate a typo most likely meant, if one is close enough. */
  static Optional<String> nearest(String typo, List<String> candidates) {
    return candidates.stream()
        .filter(c -> distance(typo.toLowerCase(), c.toLowerCase()) <= Math.max(2, typo.length() / 4))
        .min(Comparator.comparingInt(c -> distance(typo.toLowerCase(), c.toLowerCase())));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
