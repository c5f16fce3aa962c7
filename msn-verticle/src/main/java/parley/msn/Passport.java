package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import parley.nodekit.ImFailure;

/**
 * The Passport 1.4 login of the TWN sign-in (MSNP8 and later): one GET to the login URL with the
 * account's address, password and the notification server's challenge in an {@code Authorization}
 * header; the ticket comes back in {@code Authentication-Info} ({@code from-PP='…'}), a refusal as
 * 401. A redirect to another login server is followed a few times.
 */
final class Passport {
  /** A sign-in that failed in a way the person should read. */
  static final class Refused extends RuntimeException {
    final ImFailure failure;

    Refused(ImFailure failure) {
      super(failure.text(), null, false, false);
      this.failure = failure;
    }
  }

  static final int MAX_REDIRECTS = 3;

  private final WebClient web;
  private final long timeoutMs;

  Passport(WebClient web, long timeoutMs) {
    this.web = web;
    this.timeoutMs = timeoutMs;
  }

  /** The ticket for {@code email}, or a failed future holding a {@link Refused}. */
  Future<String> ticket(String url, String email, String password, String challenge) {
    return ticket(url, authorization(email, password, challenge), 0);
  }

  /** The header's value (the same on each redirect). */
  static String authorization(String email, String password, String challenge) {
    return "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=" + encode(email)
        + ",pwd=" + encode(password) + "," + challenge;
  }

  private Future<String> ticket(String url, String authorization, int redirects) {
    Future<HttpResponse<Buffer>> response;
    try {
      response = web.getAbs(url).putHeader("Authorization", authorization).followRedirects(false).timeout(timeoutMs).send();
    } catch (RuntimeException e) {
      return Future.failedFuture(new Refused(Failures.passportRefusedAnswer(url, "not a usable URL")));
    }
    return response.recover(e -> Future.failedFuture(new Refused(Failures.passportUnreachable(url,
            e.getMessage() == null ? e.toString() : e.getMessage()))))
        .compose(r -> {
          MultiMap headers = r.headers();
          if (r.statusCode() == 200) {
            String ticket = fromPp(headers.get("Authentication-Info"));
            return ticket == null
                ? Future.failedFuture(new Refused(Failures.passportRefusedAnswer(url, "no ticket in the answer")))
                : Future.succeededFuture(ticket);
          }
          if (r.statusCode() == 401) {
            return Future.failedFuture(new Refused(Failures.badPassword()));
          }
          if ((r.statusCode() == 302 || r.statusCode() == 301) && headers.get("Location") != null) {
            if (redirects >= MAX_REDIRECTS) {
              return Future.failedFuture(new Refused(Failures.passportRefusedAnswer(url, "too many redirects")));
            }
            return ticket(headers.get("Location"), authorization, redirects + 1);
          }
          return Future.failedFuture(new Refused(Failures.passportRefusedAnswer(url, "HTTP status " + r.statusCode())));
        });
  }

  /** The ticket between {@code from-PP='} and the next quote, or null. */
  static String fromPp(String authenticationInfo) {
    if (authenticationInfo == null) {
      return null;
    }
    int start = authenticationInfo.indexOf("from-PP='");
    if (start < 0) {
      return null;
    }
    start += "from-PP='".length();
    int end = authenticationInfo.indexOf('\'', start);
    String ticket = end < 0 ? null : authenticationInfo.substring(start, end);
    // The ticket goes on a command line: no spaces or control characters.
    return ticket == null || ticket.isEmpty() || !ticket.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? null : ticket;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
