package parley.contract;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a request-reply message the way the contract says: the handler's JSON, or {@code fail(code, text)}. */
public final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  /** Replies with the handler's answer, or with a contract failure; never with an internal message. */
  public static void answer(Message<Object> msg, Function<JsonObject, Future<JsonObject>> handler) {
    if (!(msg.body() instanceof JsonObject body)) {
      FailureCode.MALFORMED.fail(msg, "The request must be a JSON object with a type.");
      return;
    }
    Future<JsonObject> answer;
    try {
      answer = handler.apply(body);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onSuccess(msg::reply).onFailure(err -> {
      if (!(err instanceof ParleyException)) {
        log.error("Request {} to {} failed", body.getString("type"), msg.address(), err);
      }
      FailureCode.replyTo(msg, err);
    });
  }
}
