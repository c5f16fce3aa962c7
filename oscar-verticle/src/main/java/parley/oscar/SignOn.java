package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs an account on, trying the kinds of sign-on {@link SignOnMethods} gives in turn: a server that
 * does not answer one kind (no answer, an error SNAC, a closed connection) is asked the next way.
 * Any real answer (a ticket, a wrong password, ...) ends the tries.
 */
final class SignOn {
  private final Vertx vertx;
  private final NetClient client;
  private final OscarNodeConfig config;
  private final ConnectRequest request;
  private final SignOnMethods methods;
  private LoginFlow current;
  private boolean cancelled;

  SignOn(Vertx vertx, NetClient client, OscarNodeConfig config, ConnectRequest request, SignOnMethods methods) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.request = request;
    this.methods = methods;
  }

  Future<BosTicket> run() {
    return attempt(methods.order(request), 0, new ArrayList<>());
  }

  private Future<BosTicket> attempt(List<String> order, int index, List<String> tried) {
    String method = order.get(index);
    LoginFlow flow = new LoginFlow(vertx, client, config, request, method);
    current = flow;
    return flow.run()
        .onSuccess(ticket -> methods.worked(request, method))
        .recover(e -> {
          if (cancelled || !(e instanceof LoginFlow.SignonException s) || s.unspoken == null) {
            return Future.failedFuture(e);
          }
          tried.add(SignOnMethods.label(method) + ": " + s.unspoken);
          if (index + 1 < order.size()) {
            return attempt(order, index + 1, tried);
          }
          return Future.failedFuture(new LoginFlow.SignonException(
              Failures.noSignOnAnswered(request.host() + ":" + request.port(), request.icq(), tried), null));
        });
  }

  void cancel() {
    cancelled = true;
    if (current != null) {
      current.cancel();
    }
  }
}
