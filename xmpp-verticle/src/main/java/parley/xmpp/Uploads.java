package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.XmppClient;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.stream.Element;

/**
 * XEP-0363 HTTP file upload for one account: finds the server's upload service (the first of
 * {@link ServerServices} that offers {@code urn:xmpp:http:upload:0}) once, and asks it for slots.
 * A slot is a PUT URL (with the few headers XEP-0363 allows) and the GET URL to share.
 */
final class Uploads {
  /** Headers XEP-0363 lets the service ask the uploader to send; any other is dropped. */
  static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "cookie", "expires");
  /** The upload service and its size limit (-1: it names none). */
  record Service(String jid, long maxBytes) {}

  /** A slot: where to PUT the bytes with which headers, and the URL to share. */
  record Slot(String putUrl, JsonObject headers, String getUrl) {}

  /** The GET URLs of the latest slots, so that a message of just such a link is sent as a file (XEP-0066). */
  private static final int REMEMBERED_LINKS = 32;

  private final String domain;
  private Future<Service> service;
  private final java.util.LinkedHashSet<String> links = new java.util.LinkedHashSet<>();

  Uploads(String domain) {
    this.domain = domain;
  }

  /** Takes the upload service from the login's discovery (at each login: the server may have changed since). */
  Future<Service> discovered(Future<ServerServices> services) {
    service = services.compose(this::uploadService);
    return service;
  }

  /** The account's upload service, asked once per account while it is found; a failure is asked again next time. */
  Future<Service> service(XmppClient c) {
    if (service == null || service.failed()) {
      service = ServerServices.discover(c, domain).compose(this::uploadService);
    }
    return service;
  }

  /** The first of the server's services that offers uploads, with its size limit. */
  private Future<Service> uploadService(ServerServices services) {
    ServerServices.Item found = services.first(Ns.HTTP_UPLOAD);
    return found != null ? Future.succeededFuture(new Service(found.jid(), maxFileSize(found.info())))
        : Future.failedFuture(FailureCode.IM_ERROR.exception(
            "The server " + domain + " offers no file upload service (XEP-0363), so files cannot be sent from this account."));
  }

  /** The {@code max-file-size} of the service's XEP-0128 form, or -1. */
  static long maxFileSize(Element info) {
    Element query = info.child("query", Ns.DISCO_INFO);
    if (query == null) {
      return -1;
    }
    for (Element form : query.children("x", Ns.DATA)) {
      boolean upload = false;
      String max = null;
      for (Element field : form.children("field", Ns.DATA)) {
        Element value = field.child("value", Ns.DATA);
        String text = value == null ? null : value.text().trim();
        if ("FORM_TYPE".equals(field.attribute("var"))) {
          upload = Ns.HTTP_UPLOAD.equals(text);
        } else if ("max-file-size".equals(field.attribute("var"))) {
          max = text;
        }
      }
      if (upload && max != null && max.matches("[0-9]{1,18}")) {
        return Long.parseLong(max);
      }
    }
    return -1;
  }

  /** Asks the service for a slot; the server's refusal becomes a sentence. */
  Future<Slot> slot(XmppClient c, String filename, long size, String contentType) {
    return service(c).compose(s -> {
      Element.Builder request = Element.builder("request", Ns.HTTP_UPLOAD).attribute("filename", filename)
          .attribute("size", Long.toString(size));
      if (contentType != null) {
        request.attribute("content-type", contentType);
      }
      return c.request(Stanzas.iq("get", s.jid(), request.build())).compose(result -> {
        Slot slot = parseSlot(result);
        return slot != null ? Future.succeededFuture(slot) : Future.failedFuture(FailureCode.IM_ERROR.exception(
            "The upload service of " + domain + " answered without a usable slot."));
      }, e -> Future.failedFuture(refusal(e, s)));
    });
  }

  /** Remembers a slot's GET URL (the latest few). */
  void remember(String getUrl) {
    links.add(getUrl);
    if (links.size() > REMEMBERED_LINKS) {
      links.remove(links.iterator().next());
    }
  }

  /** Whether the text is the GET URL of one of the latest slots. */
  boolean isUploadedLink(String text) {
    return text != null && links.contains(text.trim());
  }

  /** The slot of a result, with only the allowed headers; null when it lacks an http(s) URL. */
  static Slot parseSlot(Element result) {
    Element slot = result.child("slot", Ns.HTTP_UPLOAD);
    Element put = slot == null ? null : slot.child("put", Ns.HTTP_UPLOAD);
    Element get = slot == null ? null : slot.child("get", Ns.HTTP_UPLOAD);
    if (put == null || get == null || !isHttp(put.attribute("url")) || !isHttp(get.attribute("url"))) {
      return null;
    }
    JsonObject headers = new JsonObject();
    for (Element h : put.children("header", Ns.HTTP_UPLOAD)) {
      String name = h.attribute("name");
      String value = h.text().replace("\r", "").replace("\n", "");
      if (name != null && ALLOWED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        headers.put(name, value);
      }
    }
    return new Slot(put.attribute("url"), headers, get.attribute("url"));
  }

  private static boolean isHttp(String url) {
    return url != null && (url.startsWith("https://") || url.startsWith("http://")) && url.length() <= 2048;
  }

  /** The service's refusal in words: file-too-large with its limit, or the condition and its text. */
  private ParleyException refusal(Throwable e, Service s) {
    if (!(e instanceof XmppClientException x) || x.reason() != XmppClientException.Reason.STANZA_ERROR) {
      return e instanceof ParleyException p ? p : FailureCode.IM_ERROR.exception(
          "The upload service of " + domain + " did not answer; try again later.");
    }
    Element error = x.error();
    Element textElement = error == null ? null : error.child("text", Ns.STANZA_ERRORS);
    String text = textElement == null ? null : textElement.text().trim();
    if (text != null && text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    Element tooLarge = error == null ? null : error.child("file-too-large", Ns.HTTP_UPLOAD);
    if (tooLarge != null) {
      String max = tooLarge.childText("max-file-size");
      String limit = max != null && max.trim().matches("[0-9]{1,18}") ? max.trim() : s.maxBytes() >= 0 ? Long.toString(s.maxBytes()) : null;
      return FailureCode.IM_ERROR.exception("The server " + domain + " refused the file as too large"
          + (limit == null ? "" : " (it takes files up to " + limit + " bytes)") + (text == null ? "." : ": " + text + "."));
    }
    return FailureCode.IM_ERROR.exception("The server " + domain + " refused the upload (" + x.condition() + ")"
        + (text == null || text.isBlank() ? "." : ": " + text + "."));
  }
}
