package parley.session;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import parley.contract.FailureCode;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.browser.CommandFields;

/**
 * The session's own address rules: an IM address by its network's rule, every problem a failure
 * whose text names the field (the page's other fields are read by {@link CommandFields}).
 */
final class Fields {
  /** Characters RFC 7622 keeps out of an XMPP localpart (besides spaces). */
  private static final String LOCALPART_EXCLUDED = "\"&'/:<>@";
  /** An IPv6 address literal as a domainpart, between brackets. */
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]+]");

  private Fields() {}

  /** {@code value} (a typed command's address, read as text already and not blank) by its network's rule, as below. */
  static String address(String value, AddressRule rule) {
    return address("address", value, rule);
  }

  /**
   * An IM address a typed command already read as text ({@code name} its field), by its network's
   * rule ({@link AddressRule}, from the network's descriptor), normalised as the rule says (XMPP
   * addresses and AIM screen names are compared without case).
   */
  static String address(String name, String given, AddressRule rule) {
    if (given == null || given.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    String value = given.trim();
    if (NetworkDescriptor.NORMALIZE_JID.equals(rule.normalize())) {
      // RFC 7622 in depth, with the reason in words.
      return xmppAddress(value);
    }
    if (!rule.matches(value)) {
      throw FailureCode.INVALID_JID.exception("\"" + shorten(value) + "\" is not " + rule.rule() + ".");
    }
    return switch (rule.normalize()) {
      case NetworkDescriptor.NORMALIZE_LOWER -> value.toLowerCase(Locale.ROOT);
      case NetworkDescriptor.NORMALIZE_LOWER_NO_SPACES -> value.replace(" ", "").toLowerCase(Locale.ROOT);
      default -> value;
    };
  }

  /**
   * A bare XMPP address by RFC 7622, its domain by DNS rules (the server's port is part of the
   * account, not of an address). A resource ("/phone") is dropped: a contact is a bare address.
   */
  private static String xmppAddress(String value) {
    int slash = value.indexOf('/');
    String bare = slash < 0 ? value : value.substring(0, slash);
    int at = bare.indexOf('@');
    String why;
    if (at < 0) {
      why = "it needs a name, an @ and a domain, like name@example.org";
    } else if (at == 0) {
      why = "the name before the @ is missing";
    } else {
      why = localpartProblem(bare.substring(0, at));
      if (why == null) {
        String domain = bare.substring(at + 1);
        // RFC 7622 3.2: a final dot is stripped.
        bare = domain.endsWith(".") && domain.length() > 1 ? bare.substring(0, bare.length() - 1) : bare;
        why = domainProblem(bare.substring(at + 1));
      }
    }
    if (why == null) {
      try {
        return JidCreate.entityBareFrom(bare).toString().toLowerCase(Locale.ROOT);
      } catch (XmppStringprepException | IllegalArgumentException e) {
        why = "it breaks the rules for XMPP addresses (RFC 7622)";
      }
    }
    throw FailureCode.INVALID_JID.exception("\"" + shorten(value) + "\" is not a valid XMPP address: " + why + ".");
  }

  private static String localpartProblem(String local) {
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "the name before the @ cannot contain spaces";
      }
      if (LOCALPART_EXCLUDED.indexOf(c) >= 0) {
        return "the name before the @ cannot contain '" + c + "'";
      }
    }
    if (local.getBytes(StandardCharsets.UTF_8).length > 1023) {
      return "the name before the @ is longer than 1023 bytes";
    }
    return null;
  }

  /** Why {@code domain} is not a host name (labels of letters, digits and hyphens) or an IP literal, or null. */
  private static String domainProblem(String domain) {
    if (domain.isEmpty()) {
      return "the domain after the @ is missing";
    }
    if (IPV6_LITERAL.matcher(domain).matches()) {
      return null;
    }
    if (domain.indexOf(':') >= 0) {
      return "an address has no port (\"" + shorten(domain.substring(domain.indexOf(':'))) + "\"); the server's port is set on the account";
    }
    StringBuilder ascii = new StringBuilder();
    for (String label : domain.split("\\.", -1)) {
      if (label.isEmpty()) {
        return "the domain has an empty part (two dots in a row, or a dot at the start)";
      }
      String a;
      try {
        // Internationalised labels are checked in their ASCII (punycode) form, as DNS sees them.
        a = label.chars().allMatch(c -> c < 0x80) ? label : IDN.toASCII(label);
      } catch (IllegalArgumentException e) {
        return "\"" + shorten(label) + "\" is not a valid part of a domain name";
      }
      if (a.length() > 63) {
        return "a part of the domain is " + a.length() + " characters long; the limit is 63";
      }
      if (a.startsWith("-") || a.endsWith("-")) {
        return "a part of the domain (\"" + shorten(label) + "\") starts or ends with a hyphen";
      }
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
          return "the domain cannot contain '" + c + "' (only letters, digits, hyphens and dots)";
        }
      }
      ascii.append(ascii.length() == 0 ? "" : ".").append(a);
    }
    if (ascii.length() > 253) {
      return "the domain is " + ascii.length() + " characters long; the limit is 253";
    }
    return null;
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "…";
  }
}
