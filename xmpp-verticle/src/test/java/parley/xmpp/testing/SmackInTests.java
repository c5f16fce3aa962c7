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
 * Smack's reader thread dies. Registered once, by the server fixtures every Smack peer connects to.
 */
public final class SmackInTests {
  private static final String SID = "urn:xmpp:sid:0";

  private SmackInTests() {}

  static synchronized void register() {
    if (ProviderManager.getExtensionProvider("origin-id", SID) == null) {
      ProviderManager.addExtensionProvider("origin-id", SID, new IdProvider());
    }
    if (ProviderManager.getExtensionProvider("stanza-id", SID) == null) {
      ProviderManager.addExtensionProvider("stanza-id", SID, new IdProvider());
    }
  }

  private static final class IdProvider extends ExtensionElementProvider<StandardExtensionElement> {
    @Override
    public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
        throws XmlPullParserException, IOException {
      StandardExtensionElement.Builder e = StandardExtensionElement.builder(parser.getName(), SID);
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
