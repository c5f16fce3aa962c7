package parley.boot;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Parley's configuration: {@code conf/parley.json} (sections {@code web}, {@code session},
 * {@code xmpp}, {@code db}, {@code cluster}), overridden by environment variables named
 * {@code PARLEY_<SECTION>_<KEY>}, for example {@code PARLEY_WEB_PORT=8081} sets
 * {@code web.port} and {@code PARLEY_SESSION_IDLE_TIMEOUT_SECONDS=60} sets
 * {@code session.idleTimeoutSeconds}. A process's {@code main} reads it through {@link ConfigCheck},
 * which also refuses unknown or impossible settings ({@link Settings}).
 */
public final class ParleyConfig {
  private ParleyConfig() {}

  public static final Path DEFAULT_FILE = Path.of("conf", "parley.json");

  public static JsonObject load(Path file, Map<String, String> env) {
    JsonObject config = new JsonObject();
    if (file != null && Files.isRegularFile(file)) {
      try {
        config = new JsonObject(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    applyEnvironment(config, env);
    return config;
  }

  static void applyEnvironment(JsonObject config, Map<String, String> env) {
    env.forEach((name, value) -> {
      if (!name.startsWith("PARLEY_")) {
        return;
      }
      String[] parts = name.substring("PARLEY_".length()).toLowerCase(Locale.ROOT).split("_", 2);
      if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        return;
      }
      JsonObject section = config.getJsonObject(parts[0]);
      if (section == null) {
        section = new JsonObject();
        config.put(parts[0], section);
      }
      section.put(camelCase(parts[1]), parseValue(value));
    });
  }

  static String camelCase(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** Numbers, booleans and JSON arrays are taken as such; anything else is a string. */
  static Object parseValue(String value) {
    String v = value.trim();
    if (v.equals("true") || v.equals("false") || v.matches("-?\\d+(\\.\\d+)?") || v.startsWith("[")) {
      try {
        return Json.decodeValue(v);
      } catch (DecodeException e) {
        return value;
      }
    }
    return value;
  }

  /** The named section, never null. */
  public static JsonObject section(JsonObject config, String name) {
    JsonObject s = config.getJsonObject(name);
    return s == null ? new JsonObject() : s;
  }
}
