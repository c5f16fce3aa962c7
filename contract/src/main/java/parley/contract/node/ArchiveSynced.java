package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code archive-synced}: the catch-up from the server's archive is over. {@code available} false: the
 * server keeps none (the other fields absent). {@code lastId}: the archive position to resume from, null
 * when none; {@code complete} false when the catch-up stopped short; {@code fetched}: how many it brought.
 * Absent {@code complete} reads as true, as the session always read it.
 */
public record ArchiveSynced(boolean available, String lastId, Boolean complete, Long fetched) implements NodeEventBody {
  public static ArchiveSynced noArchive() {
    return new ArchiveSynced(false, null, null, null);
  }

  public static ArchiveSynced synced(String lastId, boolean complete, long fetched) {
    return new ArchiveSynced(true, lastId, complete, fetched);
  }

  /** Whether the catch-up brought everything (a server without an archive brought nothing). */
  public boolean completed() {
    return complete == null || complete;
  }

  @Override
  public String type() {
    return NodeEvent.ARCHIVE_SYNCED;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = Json.putIf(new JsonObject().put("available", available), "lastId", lastId);
    return Json.putIf(Json.putIf(json, "complete", complete), "fetched", fetched);
  }

  /** Fails with a field of the wrong type; absent {@code available} is false. */
  public static ArchiveSynced fromJson(JsonObject json) {
    boolean available = Json.optionalBoolean(json, "available", false);
    String lastId = Json.optionalString(json, "lastId", null);
    Boolean complete = json.getValue("complete") == null ? null : Json.optionalBoolean(json, "complete", true);
    return new ArchiveSynced(available, lastId, complete, Json.optionalLong(json, "fetched"));
  }
}
