// The networks the running protocol nodes describe (docs/bus-contract.md, "Network descriptors"):
// the account form, the badges, the address checks and the menus come from these, so a new
// network needs nothing here. Pure functions over the descriptors the session sends.
import { Capability } from './contract.js';

/** The descriptors of an attach snapshot or a `networks` event; anything without the basic shape is left out. */
export function networksFrom(list) {
  if (!Array.isArray(list)) return [];
  return list.filter((d) => d && typeof d.network === 'string' && typeof d.label === 'string'
    && d.login && d.contact && d.server && Array.isArray(d.capabilities));
}

/** The descriptor of `network`, or null while no node describes it. */
export function descriptorOf(networks, network) {
  return (Array.isArray(networks) ? networks : []).find((d) => d.network === network) || null;
}

/** Whether the account's network can do `capability` (false while no node describes it). */
export function can(networks, account, capability) {
  const d = account ? descriptorOf(networks, account.network) : null;
  return !!d && d.capabilities.includes(capability);
}

const SUBJECTS = Object.freeze({
  [Capability.ROSTER]: 'A contact list is',
  [Capability.SUBSCRIPTIONS]: 'Contact requests are',
  [Capability.GROUP_CHATS]: 'Group chats are',
  [Capability.TYPING]: 'Typing notifications are',
  [Capability.RECEIPTS]: 'Delivery receipts are',
  [Capability.MARKERS]: 'Read markers are',
  [Capability.CORRECTIONS]: 'Corrections are',
  [Capability.RETRACTIONS]: 'Taking back a message is',
  [Capability.FILES]: 'Files are',
  [Capability.AVATARS]: 'Avatars are',
  [Capability.OWN_AVATAR]: 'Setting your avatar is',
  [Capability.BLOCKING]: 'Blocking is',
  [Capability.ARCHIVE]: "Older messages from the server's archive are",
  [Capability.PRESENCE_MESSAGES]: 'Status messages are',
});

/** The session's NOT_SUPPORTED sentence (Capability.notSupported in the contract). */
export function notSupported(capability, label) {
  return `${SUBJECTS[capability] || `${capability} is`} not supported on ${label}.`;
}

/** Why the account cannot do `capability`, in words, or '' when it can. */
export function lacks(networks, account, capability) {
  if (!account) return '';
  const d = descriptorOf(networks, account.network);
  if (!d) return `No server for ${account.network} accounts is running right now.`;
  return d.capabilities.includes(capability) ? '' : notSupported(capability, d.label);
}

/** Whether the whole of `value` matches a descriptor's pattern; a pattern the browser cannot read is left to the session. */
export function fullMatch(pattern, value) {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return true;
  }
}

/** The short badge of an account: the first of the network's badges whose pattern the login matches, else the network's. */
export function badgeOf(networks, account) {
  if (!account) return '';
  const d = descriptorOf(networks, account.network);
  if (!d) return String(account.network || '').toUpperCase();
  const login = account.login || '';
  const special = (Array.isArray(d.badges) ? d.badges : []).find((b) => b && fullMatch(b.pattern, login));
  return special ? special.badge : d.badge || d.label;
}

/** A network's name as a short tag (search results and filters): its badge. */
export function networkTag(networks, network) {
  const d = descriptorOf(networks, network);
  return d ? d.badge || d.label : String(network || '');
}

/** null when `value` keeps an address rule (a descriptor's `login` or `contact`), else a sentence. */
export function checkByRule(rule, value) {
  const v = value == null ? '' : String(value).trim();
  if (!rule) return null;
  if (v.length === 0) {
    const what = rule.label ? rule.label.charAt(0).toLowerCase() + rule.label.slice(1) : 'address';
    return `Enter the ${what}${rule.placeholder ? `, for example ${rule.placeholder}` : ''}.`;
  }
  if (v.length > 3071) return 'That address is too long.';
  return fullMatch(rule.pattern, v) ? null : `That is not ${rule.rule}.`;
}
