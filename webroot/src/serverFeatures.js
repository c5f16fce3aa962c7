// What an account's IM server offers (its `features`, from the last login; null: not known yet)
// and, where it lacks one, the sentence that says what the page does not offer and why.
import { Capability, ServerFeature } from './contract.js';
import { can } from './networks.js';

const fmt = (n) => n.toLocaleString('en-US');

/** Whether the account's server is known to lack an optional feature (one of ServerFeature). */
export function serverLacks(account, feature) {
  return !!account && Array.isArray(account.features) && !account.features.includes(feature);
}

/** Why no older messages of a chat with a person come from the server, or '' (rooms keep their own archive). */
export function noArchiveText(account) {
  return serverLacks(account, ServerFeature.ARCHIVE)
    ? `No older messages here: ${account.login}'s server keeps no archive of messages to fetch them from.` : '';
}

/**
 * The file button of a chat: `{shown, disabled, title}`; shown where the network sends files, off where
 * the server cannot (`title` says why), else `title` names the server's size limit when it gave one.
 * A larger file is still refused by the server itself, in its words.
 */
export function uploadOffer(networks, account) {
  const shown = can(networks, account, Capability.FILES);
  if (shown && serverLacks(account, ServerFeature.UPLOAD)) {
    return { shown, disabled: true,
      title: `${account.login}'s server has no file upload service, so files cannot be sent from this account.` };
  }
  const max = account && account.uploadMaxBytes;
  const title = max > 0 ? `Send a file or picture (${account.login}'s server takes files up to ${fmt(max)} bytes)`
    : 'Send a file or picture';
  return { shown, disabled: false, title };
}

/** What the account misses because of its server, in words ('' when nothing, or not known yet). */
export function serverNotes(account) {
  return serverLacks(account, ServerFeature.CARBONS)
    ? `Messages you send from other devices will not show here: ${account.login}'s server does not copy them to Parley (XEP-0280).` : '';
}

/** The largest file the account's server takes, from an account or `account.state` body; null when none was named. */
export function uploadMaxBytesOf(body) {
  return body && Number.isSafeInteger(body.uploadMaxBytes) && body.uploadMaxBytes > 0 ? body.uploadMaxBytes : null;
}
