package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Bounce texts for conditions a loopback Prosody without server-to-server cannot produce. */
class BouncesTest {

  private static String text(String condition) {
    return Bounces.text("bob@nowhere.invalid", condition);
  }

  @Test
  void conditionsBecomeSentences() {
    assertEquals("bob@nowhere.invalid could not be reached: the server for that address was not found.",
        text("remote-server-not-found"));
    assertEquals("bob@nowhere.invalid could not be reached: the server for that address did not answer.",
        text("remote-server-timeout"));
    assertEquals("bob@nowhere.invalid does not exist or cannot receive messages.",
        text("service-unavailable"));
    assertEquals("bob@nowhere.invalid could not be reached: the IM server does not allow messages to that address.",
        text("forbidden"));
    assertEquals("The message to bob@nowhere.invalid was not delivered: the IM server reported an error.",
        Bounces.text("bob@nowhere.invalid", null));
  }

  @Test
  void onlyOurStanzaIdsNameAMessage() {
    assertEquals("42", Bounces.messageId(Bounces.stanzaId("42")));
    assertNull(Bounces.messageId("abc-42"));
    assertNull(Bounces.messageId("parley-"));
    assertNull(Bounces.messageId(null));
  }
}
