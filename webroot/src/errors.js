// Turns any failure (bus reply, HTTP error body, event error, network error) into a sentence.
// Never returns a stack trace or raw JSON.
import { Tls, failureName } from './contract.js';

/** Plain words for each failure code name. */
export const ERROR_WORDS = Object.freeze({
  MALFORMED: 'The server did not understand the request.',
  UNKNOWN_TYPE: 'The server does not know that request.',
  INVALID_FIELD: 'Something in the form is missing or not valid.',
  TEXT_TOO_LONG: 'The text is too long.',
  INVALID_JID: 'That is not a valid address (it should look like name@example.org).',
  NOT_SIGNED_IN: 'You are not signed in. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  USERNAME_TAKEN: 'That username is already taken. Please choose another one.',
  BAD_CREDENTIALS: 'Wrong username or password.',
  RATE_LIMITED: 'Too many requests at once. Please wait a moment and try again.',
  NO_SUCH_ACCOUNT: 'That IM account no longer exists.',
  NOT_CONNECTED: 'That IM account is not connected. Connect it first.',
  NO_PROTOCOL_NODE: 'No server for that network is running right now. Please try again later.',
  NOT_SUPPORTED: 'The account\'s network does not support that.',
  UNKNOWN_NETWORK: 'No server for that network is running right now, so its accounts cannot be checked or connected.',
  NODE_DRAINING: 'That server node is being drained and takes no new accounts.',
  IM_AUTH_FAILED: 'The IM server refused the username or password.',
  IM_UNREACHABLE: 'The IM server could not be reached. Check the host and port.',
  IM_TLS_FAILED: 'A secure (TLS) connection to the IM server could not be made.',
  IM_KICKED: 'The IM server closed the connection, perhaps because you signed in elsewhere.',
  NODE_LOST: 'The Parley server holding the IM account stopped before it answered, so this may or may not have been done. '
    + 'The account reconnects through another server.',
  SEND_UNSURE: 'The Parley server sending this message stopped before the IM server answered, so it may or may not have '
    + 'gone out. It is not sent again by itself: send it again if it did not arrive.',
  IM_CONNECTION_LOST: 'The connection to the IM server was lost. Parley is trying again.',
  IM_ERROR: 'The IM server reported an error.',
  NO_ARCHIVE: 'That chat keeps no message archive on its server, so there are no older messages to fetch.',
  QUOTA_EXCEEDED: 'Your plan\'s allowance for this month is used up. Receiving still works; ask an admin for another plan.',
  BALANCE_EXHAUSTED: 'Your prepaid balance is used up. Receiving still works; ask an admin to top it up.',
  SUSPENDED: 'Sending is suspended for your account. Ask an admin to resume it.',
  UNKNOWN_PLAN: 'There is no plan of that name.',
  INVALID_AMOUNT: 'That amount is not allowed: use a whole, positive number of cents.',
  NO_SUCH_USER: 'There is no such user.',
  STORAGE_UNAVAILABLE: 'The server cannot store messages right now, so nothing was sent. Try again in a moment.',
  OVERLOADED: 'Parley is overloaded right now, so this message was not sent. Try again in a moment.',
  INTERNAL: 'Something went wrong on the server. Please try again.',
  TIMEOUT: 'The server did not answer in time. Please try again.',
  NO_HANDLERS: 'The Parley server is not available right now. Please try again shortly.',
  BRIDGE_DOWN: 'Not connected to the Parley server right now. Please wait a moment and try again.',
  BRIDGE_LOST: 'The connection to the Parley server was lost before it answered, so it may or may not have been done. '
    + 'Look again once it is back.',
  NETWORK: 'Could not reach the Parley server. Check your connection and try again.',
  UNKNOWN: 'Something went wrong. Please try again.',
});

const MAX_SHOWN = 300;

/** Whether a server-provided text is fit to show a person as it is. */
export function isReadable(text) {
  if (typeof text !== 'string') return false;
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_SHOWN) return false;
  if (/^[{[<]/.test(t)) return false; // JSON or markup
  if (/\n\s*at\s|\bat [\w$.]+\(|Exception\b|\bjava\.|\bio\.vertx\./.test(t)) return false;
  if (/^[A-Z_]+$/.test(t)) return false; // a bare code name
  return true;
}

function asSentence(text) {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : t + '.';
}

/**
 * Returns {code, text}: code is the failure code name (or null), text a sentence for people.
 * Accepts: an event-bus reply failure {failureCode, failureType, message}; an HTTP error body
 * {error: {code, text}}; an event error {code, text}; an Error; a string.
 */
export function describeError(err) {
  if (err == null) return { code: null, text: ERROR_WORDS.UNKNOWN };
  if (typeof err === 'string') {
    return { code: null, text: isReadable(err) ? asSentence(err) : ERROR_WORDS.UNKNOWN };
  }
  if (err.error && typeof err.error === 'object') return describeError(err.error);

  let code = null;
  let text = null;
  if ('failureCode' in err || 'failureType' in err) {
    // Event-bus reply failure.
    if (err.failureType === 'TIMEOUT') code = 'TIMEOUT';
    else if (err.failureType === 'NO_HANDLERS') code = 'NO_HANDLERS';
    else code = failureName(err.failureCode);
    text = err.message;
  } else if (err.code != null && ('text' in err || 'message' in err || failureName(err.code))) {
    code = failureName(err.code) || (typeof err.code === 'string' ? err.code : null);
    text = err.text != null ? err.text : err.message;
  } else if (err instanceof Error) {
    code = err.code && ERROR_WORDS[err.code] ? err.code : null;
    if (err.name === 'TypeError' && !code) code = 'NETWORK'; // fetch() network failures
    text = err.readable ? err.message : null;
  }

  if (code === 'TIMEOUT' || code === 'NO_HANDLERS' || code === 'NETWORK' || code === 'BRIDGE_DOWN'
      || code === 'BRIDGE_LOST' || code === 'INTERNAL') {
    return { code, text: ERROR_WORDS[code] };
  }
  if (isReadable(text)) return { code, text: asSentence(text) };
  return { code, text: (code && ERROR_WORDS[code]) || ERROR_WORDS.UNKNOWN };
}

/** Just the sentence. */
export function errorText(err) {
  return describeError(err).text;
}

/** What to try when an XMPP account requiring TLS meets a server that offers none. */
export const TLS_NOT_OFFERED_HINT = 'If it is a local test server, edit the account and choose Encryption (TLS) '
  + '"If offered"; for any other server keep "Required" and ask its operator to turn TLS on.';
/** What to try when the server's certificate is not trusted. */
export const TLS_CERTIFICATE_HINT = 'A local test server often has a self-signed certificate: ask the Parley operator to '
  + 'trust it (setting xmpp.trustedCertificate), or check the server host.';

/**
 * What to try about an account's failure, or '' when there is nothing to suggest. The node's
 * sentence says what went wrong (see ClientFailures in xmpp-verticle); this says what to do.
 */
export function accountHint(account, descriptor) {
  // A network that asks no TLS choice has nothing here to try.
  if (!account || !account.error || (descriptor && descriptor.server && descriptor.server.tls === false)) return '';
  const { code, text } = describeError(account.error);
  if (code !== 'IM_TLS_FAILED') return '';
  if (/certificate/i.test(text)) return TLS_CERTIFICATE_HINT;
  if (/not offer/i.test(text) && account.tls !== Tls.IF_OFFERED) return TLS_NOT_OFFERED_HINT;
  return '';
}
