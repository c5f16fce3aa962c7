// Input limits from the contract, with the sentence to show when one is broken.
import { Limits, ServerField, USERNAME_PATTERN } from './contract.js';
import { checkByRule } from './networks.js';

const fmt = (n) => n.toLocaleString('en-US');

// What shows nothing: white space, controls, format characters (zero-width space and joiners,
// word joiner, soft hyphen, direction marks, BOM, tags), variation selectors, the combining
// grapheme joiner, and the blank letters (Hangul fillers, braille blank). A message of only
// these would be an empty bubble.
const BLANK = /^[\s\p{Cc}\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\ufe00-\ufe0f\uffa0]*$/u;

/** Whether a text shows nothing to read. */
export function isBlankText(text) {
  return BLANK.test(text == null ? '' : String(text));
}

/** null when fine, else a sentence. */
export function checkMessageText(text) {
  const t = text == null ? '' : String(text);
  if (t.length === 0) return 'Type a message first.';
  if (isBlankText(t)) return 'Type a message first: spaces and invisible characters alone are not sent.';
  if (t.length > Limits.MESSAGE_TEXT) {
    return `The message is too long: ${fmt(t.length)} characters, the limit is ${fmt(Limits.MESSAGE_TEXT)}.`;
  }
  return null;
}

export function checkStatusText(text) {
  const t = text == null ? '' : String(text);
  if (t.length > Limits.STATUS_TEXT) {
    return `The status text is too long: ${fmt(t.length)} characters, the limit is ${fmt(Limits.STATUS_TEXT)}.`;
  }
  return null;
}

export function checkUsername(name) {
  const n = name == null ? '' : String(name);
  if (n.length === 0) return 'Enter a username.';
  if (n.length > Limits.USERNAME_MAX) return `The username is too long: at most ${Limits.USERNAME_MAX} characters.`;
  if (!USERNAME_PATTERN.test(n)) return 'A username may contain only letters, digits, dots, underscores and dashes.';
  return null;
}

export function checkPassword(pw) {
  const p = pw == null ? '' : String(pw);
  if (p.length < Limits.PASSWORD_MIN) return `The password must be at least ${Limits.PASSWORD_MIN} characters long.`;
  if (p.length > Limits.PASSWORD_MAX) return `The password may be at most ${Limits.PASSWORD_MAX} characters long.`;
  return null;
}

/** A short "n / max" counter, or '' while far from the limit. */
export function counterText(length, max) {
  if (length < max * 0.9) return '';
  return `${fmt(length)} / ${fmt(max)}`;
}

/**
 * An address by its network's rule (the descriptor's `login` with `login` true, else its `contact`);
 * null while no node describes the network: the session checks it then.
 */
export function checkAddress(descriptor, value, login) {
  return descriptor ? checkByRule(login ? descriptor.login : descriptor.contact, value) : null;
}

/** null when `value` is a group chat's address on the network: its descriptor's `room` rule, else its contact rule. */
export function checkRoomAddress(descriptor, value) {
  return descriptor ? checkByRule(descriptor.room || descriptor.contact, value) : null;
}

/** The server fields the network asks for (its descriptor's `server`): a network without discovery needs them. */
export function checkServer(descriptor, host, port) {
  if (!descriptor || !descriptor.server) return null;
  const { server, label } = descriptor;
  if (server.host === ServerField.REQUIRED && (!host || !String(host).trim())) {
    return `Enter the ${label} server host${server.hostPlaceholder ? `, like ${server.hostPlaceholder}` : ''}.`;
  }
  if (server.port === ServerField.REQUIRED && (!port || !String(port).trim())) {
    return `Enter the ${label} server port${server.defaultPort ? ` (usually ${server.defaultPort})` : ''}.`;
  }
  return null;
}

export function checkPort(port) {
  const p = port == null ? '' : String(port).trim();
  if (p === '') return null;
  if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) return 'The port must be a number from 1 to 65535.';
  return null;
}

const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** null when a chosen file may become the person's avatar, else a sentence (the node checks its bytes again). */
export function checkAvatarFile(file) {
  if (!file) return 'Choose a picture first.';
  if (!AVATAR_TYPES.includes(file.type)) return 'The picture must be a PNG, JPEG, GIF or WebP image.';
  if (file.size > Limits.OWN_AVATAR_BYTES) {
    return `The picture is too large: ${fmt(file.size)} bytes, the limit is ${fmt(Limits.OWN_AVATAR_BYTES)}.`;
  }
  return null;
}
