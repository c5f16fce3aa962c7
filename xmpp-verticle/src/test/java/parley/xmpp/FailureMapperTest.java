package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.packet.SaslNonza;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.node.ImFailure;

class FailureMapperTest {

  private static XMPPException.StreamErrorException streamError(StreamError.Condition condition) {
    return new XMPPException.StreamErrorException(new StreamError(condition, null, Map.of(), List.of()));
  }

  @Test
  void badPasswordIsAuthFailureWithoutRetry() {
    ImFailure f = FailureMapper.connectFailure(
        new SASLErrorException("SCRAM-SHA-1", new SaslNonza.SASLFailure("not-authorized")));
    assertEquals(FailureCode.IM_AUTH_FAILED, f.code());
    assertFalse(f.retry());
  }

  @Test
  void tlsProblemsAreTlsFailures() {
    assertEquals(FailureCode.IM_TLS_FAILED,
        FailureMapper.connectFailure(new SmackException.SecurityRequiredByClientException()).code());
    assertEquals(FailureMapper.TLS_NOT_OFFERED,
        FailureMapper.connectFailure(new SmackException.SecurityRequiredByClientException()).text());
    assertEquals(FailureCode.IM_TLS_FAILED,
        FailureMapper.connectFailure(new IOException(new SSLHandshakeException("bad"))).code());
  }

  @Test
  void refusedConnectionIsUnreachable() {
    assertEquals(FailureCode.IM_UNREACHABLE, FailureMapper.connectFailure(new ConnectException("refused")).code());
  }

  @Test
  void conflictIsKickedForGood() {
    ImFailure f = FailureMapper.connectionLost(streamError(StreamError.Condition.conflict));
    assertEquals(FailureCode.IM_KICKED, f.code());
    assertFalse(f.retry());
  }

  @Test
  void shutdownAndDroppedConnectionsAreRetried() {
    ImFailure shutdown = FailureMapper.connectionLost(streamError(StreamError.Condition.system_shutdown));
    assertEquals(FailureCode.IM_CONNECTION_LOST, shutdown.code());
    assertTrue(shutdown.retry());
    ImFailure eof = FailureMapper.connectionLost(new IOException("EOF"));
    assertEquals(FailureCode.IM_CONNECTION_LOST, eof.code());
    assertTrue(eof.retry());
    assertEquals(FailureCode.IM_KICKED, FailureMapper.serverClosed().code());
    assertTrue(FailureMapper.serverClosed().retry());
  }
}
