package parley.xmpp.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import parley.xmpp.stream.Element;

/**
 * When the client, on TLS, gives SCRAM its binding data ('p' or 'y') and when it must say 'n'
 * (RFC 5802 6): never 'y' to a server that offers any -PLUS.
 */
class ChannelBindingChoiceTest {
  private static final Element END_POINT = types("tls-server-end-point", "tls-exporter");
  private static final Element UNIQUE_ONLY = types("tls-unique");

  private static Element types(String... names) {
    Element.Builder b = Element.builder("sasl-channel-binding", Ns.SASL_CB);
    for (String name : names) {
      b.child(Element.builder("channel-binding", Ns.SASL_CB).attribute("type", name).build());
    }
    return b.build();
  }

  @Test
  void noPlusOfferedMeansY() {
    assertTrue(XmppClient.givesBindingData(List.of("SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"), null));
  }

  @Test
  void plusWithEndPointListedMeansP() {
    assertTrue(XmppClient.givesBindingData(List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), END_POINT));
  }

  @Test
  void plusWithoutATypeWeCanDoMeansN() {
    assertFalse(XmppClient.givesBindingData(List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), null), "types not listed");
    assertFalse(XmppClient.givesBindingData(List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"), UNIQUE_ONLY));
  }

  /** A -PLUS with a hash we do not do still says the server binds: 'y' to it would be a downgrade. */
  @Test
  void plusWithAHashWeCannotDoMeansN() {
    assertFalse(XmppClient.givesBindingData(List.of("SCRAM-SHA-256", "SCRAM-SHA-512-PLUS"), END_POINT));
    assertFalse(XmppClient.givesBindingData(List.of("SCRAM-SHA-256", "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS"), null));
  }
}
