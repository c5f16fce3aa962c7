package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.Limits;
import parley.contract.NodeCommand;

/**
 * {@code archive-query}: one page of the 1:1 chat with {@code with} (an address in the network's own
 * form, which its node checks) from the IM server's archive, older than the archive id {@code before}
 * or else than the time {@code end} (epoch ms); both null when absent (the newest page). {@code max}
 * is the page size, 1 to {@link Limits#MAX_HISTORY_PAGE} ({@link #DEFAULT_MAX} when absent).
 */
public record ArchiveQuery(String with, int max, String before, Long end) implements NodeCommandBody {
  public static final int DEFAULT_MAX = 50;

  @Override
  public String type() {
    return NodeCommand.ARCHIVE_QUERY;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(Json.putIf(new JsonObject().put("with", with).put("max", max), "before", before), "end", end);
  }

  /**
   * Fails without {@code with} (INVALID_JID), with an empty before, or a before, end or max of the
   * wrong type. An end before 1970 reads as absent and a max out of range as the nearest bound, as the nodes always did.
   */
  public static ArchiveQuery fromJson(JsonObject json) {
    String with = Json.requireAddress(json, "with", "whose chat to page through");
    String before = Json.optionalString(json, "before", null);
    if (before != null && before.isEmpty()) {
      throw Json.invalid("before");
    }
    Long end = Json.optionalLong(json, "end");
    Long max = Json.optionalLong(json, "max");
    return new ArchiveQuery(with, max == null ? DEFAULT_MAX : (int) Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, max)),
        before, end == null || end <= 0 ? null : end);
  }
}
