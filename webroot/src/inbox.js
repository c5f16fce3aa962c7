// The inbox's page logic, pure (no DOM, no I/O), so it can be unit-tested: the list of recent
// conversations (from `chats.recent`, kept up to date by the event stream), the day separators
// and the "new messages" line of a chat, and moving between conversations with the keyboard.
import { Direction, Event } from './contract.js';
import { chatKey, splitKey } from './state.js';
import { personEntryKey, personIdOfEntryKey, personKeys, personOfKey, recentEntries } from './people.js';

// ---- recent conversations --------------------------------------------------------------------

/** No list yet (before the first `chats.recent` answer). */
export function emptyRecent() {
  return { loaded: false, more: false, chats: [] };
}

/** A `chats.recent` page: the first replaces the list, a later one (`append`) adds older chats. */
export function recentLoaded(recent, reply, append = false) {
  const incoming = (reply && Array.isArray(reply.chats) ? reply.chats : [])
    .filter((c) => c && c.accountId != null && c.peer != null && c.message && typeof c.message.id === 'number')
    .map((c) => ({ key: chatKey(c.accountId, c.peer), accountId: c.accountId, peer: c.peer, network: c.network || null,
      message: c.message }));
  const merged = append ? [...recent.chats] : [];
  for (const c of incoming) upsert(merged, c);
  // What the stream brought while the page was on its way is kept where it is newer.
  if (!append) for (const c of recent.chats) if (c.live) upsert(merged, c);
  return { loaded: true, more: !!(reply && reply.more), chats: sortRecent(merged) };
}

function upsert(list, entry) {
  const i = list.findIndex((x) => x.key === entry.key);
  if (i < 0) {
    list.push(entry);
  } else if (entry.message.id >= list[i].message.id) {
    list[i] = { ...list[i], ...entry, network: entry.network || list[i].network };
  }
}

function sortRecent(list) {
  return list.sort((a, b) => b.message.id - a.message.id);
}

/**
 * An event of the stream: a stored message (new, its status or its text changed) moves its chat
 * to the top with that message as the last one; an older message (a history page) changes
 * nothing. Other events leave the list as it is.
 */
export function recentOnEvent(recent, event) {
  if (!event || (event.type !== Event.MESSAGE && event.type !== Event.MESSAGE_STATUS
    && event.type !== Event.MESSAGE_UPDATED)) return recent;
  const m = event.message;
  if (!m || m.accountId == null || m.peer == null || typeof m.id !== 'number') return recent;
  const key = chatKey(m.accountId, m.peer);
  const old = recent.chats.find((c) => c.key === key);
  if (old && old.message.id > m.id) return recent;
  const chats = recent.chats.filter((c) => c.key !== key);
  chats.push({ key, accountId: m.accountId, peer: m.peer, network: old ? old.network : null, message: m, live: true });
  return { ...recent, chats: sortRecent(chats) };
}

/** An account removed: its chats leave the list. */
export function recentWithoutAccount(recent, accountId) {
  const chats = recent.chats.filter((c) => c.accountId !== accountId);
  return chats.length === recent.chats.length ? recent : { ...recent, chats };
}

/** The last chat's newest message id: the next page starts before it. */
export function recentCursor(recent) {
  const last = recent.chats[recent.chats.length - 1];
  return last ? last.message.id : null;
}

/** The last message of a chat in a few words for the list: "You: …" for one's own, the nick in a room. */
export function lastMessageLine(message) {
  if (!message) return '';
  const text = message.removed ? 'message removed' : String(message.text == null ? '' : message.text).replace(/\s+/g, ' ').trim();
  const who = message.direction === Direction.OUT ? 'You: ' : message.nick ? `${message.nick}: ` : '';
  const line = who + text;
  return line.length > 80 ? line.slice(0, 79) + '…' : line;
}

// ---- day separators and the "new messages" line ---------------------------------------------

/** The local day of a time, as "2026-12-05" (null for no time). */
export function dayOf(ts) {
  const d = new Date(ts);
  if (typeof ts !== 'number' || Number.isNaN(d.getTime())) return null;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** What a day separator says: "Today", "Yesterday", else "Friday, 4 December 2026". */
export function dayLabel(ts, now = Date.now()) {
  const day = dayOf(ts);
  if (day === dayOf(now)) return 'Today';
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (day === dayOf(y.getTime())) return 'Yesterday';
  const d = new Date(ts);
  return `${WEEKDAYS[d.getDay()]}, ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

export const NEW_MESSAGES = 'New messages';

/**
 * What a chat shows, in order: its messages, a day separator `{separator: 'day', key, label}`
 * before the first message of each day, and the line `{separator: 'new', key: 'new'}` before the
 * message `firstUnreadId`.
 */
export function withSeparators(messages, firstUnreadId = null, now = Date.now()) {
  const out = [];
  let day = null;
  for (const m of messages || []) {
    const d = dayOf(m.ts);
    if (d != null && d !== day) {
      out.push({ separator: 'day', key: 'day:' + d, label: dayLabel(m.ts, now) });
      day = d;
    }
    if (firstUnreadId != null && m.id === firstUnreadId) out.push({ separator: 'new', key: 'new', label: NEW_MESSAGES });
    out.push(m);
  }
  return out;
}

/** The chats on screen to read: the focused one, and those of the open person (their one conversation). */
function chatsShown(state) {
  const person = state.personOpen && state.people ? state.people[state.personOpen] : null;
  return new Set([...(state.focus ? [state.focus] : []), ...personKeys(person)]);
}

/**
 * Remembers, per chat, what was unread when the person came to read it (`{count, upTo}`: how many
 * and the newest message id known then), so the chat (or the person's conversation) can draw its
 * "new messages" line. Called with the state before and after a change; a chat no longer open
 * (nor part of the open person) forgets its line.
 */
export function trackNewLines(prev, next) {
  const had = next.newLines || prev.newLines;
  let lines = had || {};
  let changed = had !== next.newLines;
  const shown = chatsShown(next);
  for (const [key, count] of Object.entries(prev.unread || {})) {
    if (count > 0 && !(next.unread && next.unread[key]) && shown.has(key) && next.visible) {
      const chat = prev.chats && prev.chats[key];
      const ids = ((chat && chat.messages) || []).map((m) => m.id).filter((id) => typeof id === 'number');
      lines = { ...lines, [key]: { count, upTo: ids.length ? Math.max(...ids) : null } };
      changed = true;
    }
  }
  for (const key of Object.keys(lines)) {
    if (!next.openChats.includes(key) && !shown.has(key)) {
      const copy = { ...lines };
      delete copy[key];
      lines = copy;
      changed = true;
    }
  }
  return changed ? { ...next, newLines: lines } : next;
}

/**
 * The message the "new messages" line goes before: the oldest of the last `count` received
 * messages up to `upTo` (when known); null when there is none or they are not loaded yet.
 */
export function firstUnreadId(messages, line) {
  if (!line || !(line.count > 0)) return null;
  const received = (messages || []).filter((m) => m.direction === Direction.IN && typeof m.id === 'number'
    && (line.upTo == null || m.id <= line.upTo));
  if (!received.length) return null;
  return received[Math.max(0, received.length - line.count)].id;
}

/** The message a person's "new messages" line goes before: the oldest of their chats' first unread ones. */
export function personFirstUnreadId(state, id) {
  let first = null;
  for (const key of personKeys(state.people && state.people[id])) {
    const chat = state.chats[key];
    const m = firstUnreadId(chat && chat.messages, state.newLines && state.newLines[key]);
    if (m != null && (first == null || m < first)) first = m;
  }
  return first;
}

// ---- keyboard ---------------------------------------------------------------------------------

/**
 * The conversation Alt+Down (`step` 1) or Alt+Up (-1) goes to: the next or previous one in
 * `order` (the recent list, then the open chats not in it) from the focused one; the first (or
 * last) when none is focused; null at either end.
 */
export function nextConversation(order, focus, step) {
  if (!order.length) return null;
  const i = order.indexOf(focus);
  if (i < 0) return step > 0 ? order[0] : order[order.length - 1];
  const j = i + step;
  return j >= 0 && j < order.length ? order[j] : null;
}

/**
 * The stops to move through: the recent list first, then open chats it does not have. A merged
 * person is one stop (`p:<id>`, at their newest chat), as the recent list and contacts show them.
 */
export function conversationOrder(state) {
  const keys = recentEntries(state).map((c) => c.key);
  for (const k of state.openChats) {
    const person = personOfKey(state, k);
    const stop = person ? personEntryKey(person) : k;
    if (!keys.includes(stop)) keys.push(stop);
  }
  return keys;
}

/** The stop shown now: the open person, else the focused chat (its person's stop when it has one). */
export function currentConversation(state) {
  if (state.personOpen) return personEntryKey(state.personOpen);
  if (!state.focus) return null;
  const person = personOfKey(state, state.focus);
  return person ? personEntryKey(person) : state.focus;
}

/** What a stop opens: `{personId}` for a person, else `{accountId, jid}` of the chat. */
export function conversationTarget(stop) {
  const personId = personIdOfEntryKey(stop);
  return personId ? { personId } : splitKey(stop);
}

export { splitKey };
