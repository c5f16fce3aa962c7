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

/** The file button of a chat: `{shown, disabled, why}`; shown where the network sends files, off where the server cannot. */
export function uploadOffer(networks, account) {
  const shown = can(networks, account, Capability.FILES);
  const why = shown && serverLacks(account, ServerFeature.UPLOAD)
    ? `${account.login}'s server has no file upload service, so files cannot be sent from this account.` : '';
  return { shown, disabled: why !== '', why };
}

/** Why the file is not sent (larger than the server's upload service takes), or null. */
export function uploadRefusal(account, file) {
  const max = account && account.uploadMaxBytes;
  if (!(max > 0) || !file || !(file.size > max)) return null;
  return `${file.name || 'The file'} is ${fmt(file.size)} bytes; ${account.login}'s server takes files up to ${fmt(max)} bytes.`;
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
