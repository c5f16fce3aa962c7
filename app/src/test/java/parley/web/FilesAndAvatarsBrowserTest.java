package parley.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import parley.app.AllInOne;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * Files and avatars in a real headless Chromium, against the all-in-one Parley and a real Prosody
 * with its upload service (mod_http_file_share) and PEP, a plain Smack client as the other person:
 * a picture sent from the page reaches the peer as a link that serves it, and shows as the loaded
 * picture in the sender's and the receiver's chat (the upload service is https, its certificate the
 * one the browser and Parley trust besides their own); the server's refusal of a too large file
 * shows in words; other files and http pictures show as plain links, other schemes as text; a
 * contact's PEP avatar shows in the contact list, and the person's own picture set from the page
 * reaches the peer.
 */
class FilesAndAvatarsBrowserTest {
  private static final long SERVER_LIMIT = 4096;
  private static final long PARLEY_LIMIT = 8000;
  private static final String METADATA = "urn:xmpp:avatar:metadata";
  private static final String DATA = "urn:xmpp:avatar:data";
  private static final AtomicInteger people = new AtomicInteger();
  private static ProsodyServer prosody;
  private static AllInOne.Running parley;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    prosody = new ProsodyServer().withUpload(SERVER_LIMIT).start();
    JsonObject config = WebStack.config();
    config.getJsonObject("session").put("maxUploadBytes", PARLEY_LIMIT);
    config.getJsonObject("web").put("uploadToPrivateAddresses", true);
    // Parley PUTs to the test server's https upload service, whose certificate is its own.
    config.getJsonObject("web").put("uploadTrustedCertificate", prosody.uploadCertificate().toString());
    parley = AllInOne.start(config).await();
  }

  @AfterAll
  static void stop() {
    if (parley != null) {
      parley.close().await();
    }
    if (prosody != null) {
      prosody.stop();
    }
  }

  /** A person on the page with a connected XMPP account, and a Smack peer in their contact list. */
  private record Pair(ParleyPage page, String jid, SmackPeer peer, String peerJid) {}

  private Pair pair(Browser browser) throws Exception {
    int n = people.incrementAndGet();
    String user = "ann" + n;
    String other = "ben" + n;
    prosody.createUser(user, user + "-im-pw");
    prosody.createUser(other, other + "-im-pw");
    ParleyPage page = new ParleyPage(browser, parley.webPort()).open();
    page.signUp(user, user + "-parley-pw");
    String jid = user + "@" + prosody.domain();
    page.addXmppAccount(jid, user + "-im-pw", prosody.port());
    page.waitAccountState(jid, "connected");
    // The peer approves every request (SmackPeer), so it shows in the list.
    SmackPeer peer = new SmackPeer(other, other + "-im-pw", prosody.domain(), prosody.port());
    String peerJid = other + "@" + prosody.domain();
    page.addContact(peerJid, "Ben");
    page.waitPresence(peerJid, "available");
    return new Pair(page, jid, peer, peerJid);
  }

  @Test
  void aPictureSentFromThePageShowsLoadedInBothChatsAFileAsALinkAndATooLargeFileIsRefusedInWords() throws Exception {
    try (Browser browser = Browser.trusting(prosody.uploadCertificate())) {
      Pair p = pair(browser);
      try (SmackPeer ben = p.peer()) {
        // Larger than the page shows a picture (320 x 240 at most), yet small as a PNG of one colour.
        byte[] png = png(0x3366cc, 640, 480);
        assertTrue(png.length < SERVER_LIMIT, png.length + " bytes");
        Path picture = Files.write(dir.resolve("cat.png"), png);
        p.page().openChat(p.peerJid());
        p.page().sendFile(p.peerJid(), picture);

        Message got = ben.next(30);
        assertNotNull(got, "the peer got the picture's link");
        String link = got.getBody();
        assertTrue(link.startsWith(prosody.uploadUrl()) && link.endsWith("/cat.png"), link);
        HttpResponse<byte[]> served = prosody.uploadClient().send(HttpRequest.newBuilder(URI.create(link))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertArrayEquals(png, served.body(), "the link serves the picture");
        // The sender's page shows it as the picture itself, loaded from the server's https link.
        String chat = p.page().chatSelector(p.peerJid());
        assertLoadedPreview(browser, chat + " .chat-message.out", link, 640, 480);

        // Ben's phone shares the same link back: the receiving chat shows the picture as well.
        ben.send(p.jid(), link);
        assertLoadedPreview(browser, chat + " .chat-message.in", link, 640, 480);

        // A file that is not a picture is a link to it.
        Path notes = Files.write(dir.resolve("notes.pdf"), "%PDF-1.4 notes".getBytes(StandardCharsets.US_ASCII));
        p.page().sendFile(p.peerJid(), notes);
        String notesLink = ben.next(30).getBody();
        assertTrue(notesLink.startsWith(prosody.uploadUrl()) && notesLink.endsWith("/notes.pdf"), notesLink);
        WebElement file = browser.waitFor("the file's link", d -> d.findElements(By.cssSelector(chat + " .chat-message.out a.chat-file"))
            .stream().filter(a -> notesLink.equals(a.getAttribute("href"))).findFirst().orElse(null));
        assertEquals("noopener noreferrer", file.getAttribute("rel"));
        assertTrue(file.getText().contains("notes.pdf"), file.getText());

        // More than the server's upload service takes (but within Parley's own limit): its refusal, in words.
        Path big = Files.write(dir.resolve("big.png"), new byte[(int) SERVER_LIMIT + 1]);
        p.page().sendFile(p.peerJid(), big);
        p.page().waitChatError(p.peerJid(), "File not sent: the server " + prosody.domain()
            + " refused the file as too large (it takes files up to " + SERVER_LIMIT + " bytes)");
        assertEquals(null, ben.next(2), "nothing reached the peer");
      }
    }
  }

  /**
   * The message among {@code messages} with {@code link} shows it as a picture that the browser loaded
   * (its natural size), drawn within the page's bounds (320 x 240), without a referrer, in a safe link.
   */
  private static void assertLoadedPreview(Browser browser, String messages, String link, long width, long height) {
    String img = messages + " a.chat-image-link img.chat-image";
    WebElement preview = browser.waitFor("a loaded preview of " + link + " in " + messages, d -> d.findElements(By.cssSelector(img))
        .stream().filter(i -> link.equals(i.getAttribute("src")))
        .filter(i -> Boolean.TRUE.equals(browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0;", i)))
        .findFirst().orElse(null));
    assertEquals(List.of(width, height), browser.script("return [arguments[0].naturalWidth, arguments[0].naturalHeight];", preview));
    List<?> drawn = (List<?>) browser.script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", preview);
    double drawnWidth = ((Number) drawn.get(0)).doubleValue();
    double drawnHeight = ((Number) drawn.get(1)).doubleValue();
    assertTrue(drawnWidth > 0 && drawnWidth <= 320 && drawnHeight > 0 && drawnHeight <= 240, "drawn " + drawn);
    assertEquals("no-referrer", preview.getAttribute("referrerpolicy"));
    assertEquals(null, preview.getAttribute("onerror"));
    assertEquals(null, preview.getAttribute("onload"));
    WebElement around = preview.findElement(By.xpath(".."));
    assertEquals(link, around.getAttribute("href"));
    assertEquals("noopener noreferrer", around.getAttribute("rel"));
    assertEquals("_blank", around.getAttribute("target"));
  }

  @Test
  void receivedLinksToFilesAndInsecurePicturesAreLinksAndOtherSchemesText() throws Exception {
    try (Browser browser = new Browser()) {
      Pair p = pair(browser);
      try (SmackPeer ben = p.peer()) {
        String pdf = "https://files.example.org/up/b2/notes.pdf";
        String insecure = "http://files.example.org/up/a1/cat.png";
        String script = "javascript:alert(1)";
        ben.send(p.jid(), pdf);
        ben.send(p.jid(), insecure);
        ben.send(p.jid(), script);
        p.page().openChat(p.peerJid());
        p.page().waitMessage(p.peerJid(), "in", script);
        String chat = p.page().chatSelector(p.peerJid());

        List<WebElement> files = browser.all(chat + " .chat-message.in a.chat-file");
        assertEquals(List.of(pdf, insecure), files.stream().map(a -> a.getAttribute("href")).toList());
        assertTrue(files.get(0).getText().contains("notes.pdf"), files.get(0).getText());
        assertTrue(files.stream().allMatch(a -> "noopener noreferrer".equals(a.getAttribute("rel"))));
        // The http picture is not loaded, and the page says why.
        assertTrue(browser.all(chat + " img").isEmpty(), "no image over http");
        browser.text(chat + " .chat-message.in", "not previewed: it is not on a secure (https) connection");
        // Not a link of a scheme the page opens: only text, nowhere an element that runs it.
        assertEquals(2, browser.all(chat + " .chat-message.in a").size(), "links: the two files only");
        assertTrue(browser.all(chat + " [href^='javascript']").isEmpty());
        assertTrue(browser.all(chat + " script").isEmpty());
      }
    }
  }

  @Test
  void theContactsAvatarShowsInTheListAndTheOwnPictureSetFromThePageReachesThePeer() throws Exception {
    try (Browser browser = new Browser()) {
      Pair p = pair(browser);
      try (SmackPeer ben = p.peer()) {
        // Ben sees ann's presence too: PEP notifies contacts whose presence it gets (XEP-0163).
        Roster.getInstanceFor(ben.connection()).createItemAndRequestSubscription(JidCreate.bareFrom(p.jid()), "Ann", null);
        p.page().approveRequestFrom(p.peerJid());

        byte[] bens = png(0xcc3366);
        String bensHash = sha1(bens);
        PepManager pep = PepManager.getInstanceFor(ben.connection());
        pep.publish(DATA, new PayloadItem<>(bensHash, StandardExtensionElement.builder("data", DATA)
            .setText(Base64.getEncoder().encodeToString(bens)).build()));
        pep.publish(METADATA, new PayloadItem<>(bensHash, StandardExtensionElement.builder("metadata", METADATA)
            .addElement(StandardExtensionElement.builder("info", METADATA).addAttribute("bytes", String.valueOf(bens.length))
                .addAttribute("id", bensHash).addAttribute("type", "image/png").build()).build()));

        String expected = "data:image/png;base64," + Base64.getEncoder().encodeToString(bens);
        browser.waitFor("ben's avatar in the contact list", d -> d.findElements(
            By.cssSelector(p.page().contactSelector(p.peerJid()) + " .contact-avatar img.avatar-image")).stream()
            .anyMatch(img -> expected.equals(img.getAttribute("src"))));

        // Ann chooses her own picture on the page: ben's client finds it in her PEP under its hash.
        byte[] anns = png(0x33cc66);
        p.page().setOwnAvatar(p.jid(), Files.write(dir.resolve("me.png"), anns));
        p.page().waitNotice("Your picture is set.");
        List<Item> metadata = PubSubManager.getInstanceFor(ben.connection(), JidCreate.bareFrom(p.jid()))
            .getLeafNode(METADATA).getItems();
        assertEquals(List.of(sha1(anns)), metadata.stream().map(Item::getId).toList());
      }
    }
  }

  private static byte[] png(int rgb) throws Exception {
    return png(rgb, 8, 8);
  }

  private static byte[] png(int rgb, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, rgb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static String sha1(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
  }
}
