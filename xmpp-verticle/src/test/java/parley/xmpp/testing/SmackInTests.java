package parley.xmpp.testing;

import java.io.IOException;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Lets the plain Smack clients of the tests read XEP-0359 ids ({@code <origin-id/>}, which Parley
 * sends, and {@code <stanza-id/>}). Without a provider Smack reads them with its generic one,
 * which asserts that a namespace prefix is null or not empty; with Aalto as the StAX parser on the
 * test class path the default namespace's prefix is empty, and with assertions on (as in tests)
 * Smack's reader thread dies. The same for XEP-0333 chat markers, which Smack 4.4 does not know
 * outside its experimental module, and for corrections and retractions. Registered once, by the server fixtures every Smack peer connects to.
 */
public final class SmackInTests {
  private static final String SID = "urn:xmpp:sid:0";
  private static final String MARKERS = "urn:xmpp:chat-markers:0";

  private SmackInTests() {}

  static synchronized void register() {
    if (ProviderManager.getExtensionProvider("origin-id", SID) == null) {
      ProviderManager.addExtensionProvider("origin-id", SID, new IdProvider(SID));
    }
    if (ProviderManager.getExtensionProvider("stanza-id", SID) == null) {
      ProviderManager.addExtensionProvider("stanza-id", SID, new IdProvider(SID));
    }
    for (String marker : new String[] {"markable", "received", "displayed", "acknowledged"}) {
      if (ProviderManager.getExtensionProvider(marker, MARKERS) == null) {
        ProviderManager.addExtensionProvider(marker, MARKERS, new IdProvider(MARKERS));
      }
    }
    // Corrections (XEP-0308) and retractions (XEP-0424) with their fallback and hint.
    String[][] more = {{"replace", "urn:xmpp:message-correct:0"}, {"retract", "urn:xmpp:message-retract:1"},
        {"fallback", "urn:xmpp:fallback:0"}, {"store", "urn:xmpp:hints"}};
    for (String[] e : more) {
      if (ProviderManager.getExtensionProvider(e[0], e[1]) == null) {
        ProviderManager.addExtensionProvider(e[0], e[1], new IdProvider(e[1]));
      }
    }
  }

  private static final class IdProvider extends ExtensionElementProvider<StandardExtensionElement> {
    private final String namespace;

    IdProvider(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
        throws XmlPullParserException, IOException {
      StandardExtensionElement.Builder e = StandardExtensionElement.builder(parser.getName(), namespace);
      for (String attribute : new String[] {"id", "by"}) {
        String value = parser.getAttributeValue(null, attribute);
        if (value != null) {
          e.addAttribute(attribute, value);
        }
      }
      while (!(parser.next() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth)) {
        // skip to our end tag
      }
      return e.build();
    }
  }
}
