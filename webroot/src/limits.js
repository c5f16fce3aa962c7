// Input limits from the contract, with the sentence to show when one is broken.
import { IRC_CHANNEL_PATTERN, IRC_NICK_PATTERN, Limits, Network, SCREEN_NAME_PATTERN, UIN_PATTERN, USERNAME_PATTERN } from './contract.js';

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

/** Checks an IM address loosely (the server checks it properly). */
export function checkJid(jid) {
  const j = jid == null ? '' : String(jid).trim();
  if (j.length === 0) return 'Enter the address, for example bob@example.org.';
  if (/\s/.test(j) || !/^[^@\/]+@[^@\/]+(\/.*)?$/.test(j)) {
    return 'That is not a valid address (it should look like name@example.org).';
  }
  if (j.length > 3071) return 'That address is too long.';
  return null;
}

/** An AIM screen name or ICQ number. */
export function checkScreenName(name) {
  const n = name == null ? '' : String(name).trim();
  if (n.length === 0) return 'Enter the screen name or ICQ number.';
  if (!SCREEN_NAME_PATTERN.test(n) && !UIN_PATTERN.test(n)) {
    return 'That is not a valid AIM screen name (3 to 16 letters, digits and spaces, starting with a letter) or ICQ number (5 to 10 digits).';
  }
  return null;
}

const IRC_NICK_RULE = '1 to 30 letters, digits and []\\`_^{|}-, not starting with a digit or -';

/** An IRC nickname (the login) or, with channels, a nickname or a channel (#name). */
export function checkIrcName(value, channels) {
  const v = value == null ? '' : String(value).trim();
  if (v.length === 0) return channels ? 'Enter a nickname or a channel (#name).' : 'Enter your IRC nickname.';
  if (IRC_NICK_PATTERN.test(v) || (channels && IRC_CHANNEL_PATTERN.test(v))) return null;
  return channels ? `That is neither an IRC nickname (${IRC_NICK_RULE}) nor a channel (#name).`
    : `That is not a valid IRC nickname (${IRC_NICK_RULE}).`;
}

/** An address on the account's network; with login, the account's own (on IRC a nickname, never a channel). */
export function checkAddress(network, value, login) {
  if (network === Network.IRC) return checkIrcName(value, !login);
  return network === Network.OSCAR ? checkScreenName(value) : checkJid(value);
}

/** OSCAR and IRC have no server discovery: the host is needed (and OSCAR's port). */
export function checkServer(network, host, port) {
  if (network === Network.IRC) return !host || !String(host).trim() ? 'Enter the IRC server host, like irc.libera.chat.' : null;
  if (network !== Network.OSCAR) return null;
  if (!host || !String(host).trim()) return 'Enter the AIM/ICQ server host.';
  if (!port || !String(port).trim()) return 'Enter the AIM/ICQ server port (usually 5190).';
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
