package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.nodekit.ImFailure;
import parley.xmpp.client.XmppClientException.Reason;
import parley.xmpp.client.XmppClientException;

/** The words and codes a user meets, by why the client failed (the end-to-end tests meet most of them on real servers). */
class ClientFailuresTest {

  private static ImFailure of(Reason reason, String condition) {
    return ClientFailures.of(new XmppClientException(reason, condition, "why"), "127.0.0.1", 5222);
  }

  @Test
  void badPasswordIsAuthFailureWithoutRetry() {
    ImFailure f = of(Reason.AUTH_FAILED, "not-authorized");
    assertEquals(FailureCode.IM_AUTH_FAILED, f.code());
    assertFalse(f.retry());
  }

  @Test
  void tlsProblemsAreTlsFailures() {
    assertEquals(new ImFailure(FailureCode.IM_TLS_FAILED, ClientFailures.TLS_NOT_OFFERED, true),
        of(Reason.TLS_NOT_OFFERED, null));
    assertEquals(FailureCode.IM_TLS_FAILED, of(Reason.TLS_FAILED, null).code());
    assertEquals(FailureCode.IM_TLS_FAILED, of(Reason.CERTIFICATE, null).code());
  }

  @Test
  void refusedConnectionIsUnreachable() {
    assertEquals(new ImFailure(FailureCode.IM_UNREACHABLE,
        "The IM server at 127.0.0.1:5222 could not be reached (the connection was refused).", true),
        of(Reason.UNREACHABLE, "refused"));
  }

  @Test
  void conflictIsKickedForGood() {
    ImFailure f = of(Reason.STREAM_ERROR, "conflict");
    assertEquals(FailureCode.IM_KICKED, f.code());
    assertEquals(ClientFailures.KICKED_CONFLICT, f.text());
    assertFalse(f.retry());
  }

  @Test
  void shutdownAndDroppedConnectionsAreRetried() {
    assertEquals(new ImFailure(FailureCode.IM_CONNECTION_LOST, ClientFailures.SHUTDOWN, true),
        of(Reason.STREAM_ERROR, "system-shutdown"));
    assertEquals(new ImFailure(FailureCode.IM_CONNECTION_LOST, ClientFailures.LOST, true),
        of(Reason.CONNECTION_LOST, null));
    assertEquals(new ImFailure(FailureCode.IM_KICKED, ClientFailures.SERVER_CLOSED, true),
        of(Reason.SERVER_CLOSED, null));
  }
}
