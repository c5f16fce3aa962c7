package parley.xmpp;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeUploadTest}, against ejabberd's mod_http_upload instead of Prosody's mod_http_file_share. */
class XmppNodeUploadEjabberdTest extends XmppNodeUploadTest {

  /** Overrides the superclass's (an instance method, see there), so JUnit starts ejabberd instead of Prosody. */
  @Override
  @BeforeAll
  void startServer() {
    registerOobProvider();
    EjabberdServer ejabberd = new EjabberdServer().withUpload(LIMIT);
    server = ejabberd.start();
    uploadUrl = "http://127.0.0.1:" + ejabberd.httpPort() + "/";
    uploadHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** ejabberd says "File larger than 4096 bytes" (with file-too-large and the limit, as XEP-0363 asks). */
  @Override
  String serversTooLargeText() {
    return "File larger than " + LIMIT + " bytes";
  }
}
