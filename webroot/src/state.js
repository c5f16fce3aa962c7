// The page's state and every way it changes: a pure module (no DOM, no I/O), so it can be
// unit-tested. Functions take a state and return a new one (or the same one when nothing
// changed); nothing is mutated in place.
//
// Event stream rules (docs/bus-contract.md, "The event stream and attaching"):
// - `seq` is the last event applied; the page keeps it per tab (sessionStorage).
// - Pushed events are buffered while an `attach` is under way, then the reply's `state` is
//   applied, then the reply's `events` (missed ones), then the buffered ones, each only if its
//   seq is greater than the last applied.
// - The reply's `state` is a snapshot taken when the reply was made, so the replayed `events`
//   are already counted in it: when replaying, counters (unread), typing and subscription
//   requests come from the snapshot and are not touched; everything else converges when
//   replayed in order, and messages are merged by id.
// - `complete: false` (or a reply older than what we had, e.g. after a server reset) means
//   the window was missed: rebuild from `state` alone, forget loaded history and flag the
//   open chats for a history reload (`historyStale`).
// - A pushed event whose seq skips ahead means events were lost: the page re-attaches
//   (`resync`), keeping the event buffered.
// - `session.moved` (no seq: the web process says the user's state moved to another session
//   process) re-attaches the same way: resumed by stream and seq, rebuilt from the snapshot when
//   the stream changed. An attach under way may have been answered by the old owner, so another
//   follows it (`movedWhileAttaching`).
import { Capability, Event, Direction, Show, TypingState, ConnectionState, MessageStatus, ServerFeature } from './contract.js';
import { can, lacks, networksFrom } from './networks.js';
import { applyRoomEvent, roomsFromSnapshot } from './rooms.js';
import { applyPersonEvent, peopleEntries, peopleFromSnapshot, withoutAccount } from './people.js';
import { serverLacks, uploadMaxBytesOf } from './serverFeatures.js';

const SEP = '\u0001';

export function chatKey(accountId, jid) {
  return String(accountId) + SEP + String(jid);
}

export function splitKey(key) {
  const i = key.indexOf(SEP);
  return { accountId: key.slice(0, i), jid: key.slice(i + 1) };
}

export function initialState(seq = null) {
  return {
    seq: typeof seq === 'number' && Number.isFinite(seq) ? seq : null,
    attaching: false,
    attached: false,
    buffer: [],
    resync: false,
    movedWhileAttaching: false,
    username: null,
    accounts: [],
    // The networks the protocol nodes describe: the account form, badges and menus follow them.
    networks: [],
    contacts: {},
    subscriptionRequests: [],
    unread: {},
    ownPresence: { show: Show.AVAILABLE, status: '' },
    typing: {},
    chats: {},
    openChats: [],
    focus: null,
    visible: true,
    historyStale: false,
    readsToSend: [],
    signedOut: false,
    // What the last `storage` event said: the server cannot store messages while text is set.
    storage: { available: true, text: '' },
    // Per account, what the last `archive.gap` said: messages may have been missed while away.
    archiveGaps: {},
    // Per chat key, the contact's avatar as fetched: {hash, url} (url null while loading or refused).
    avatars: {},
    // Group chats by chat key (rooms.js), with their occupants; invitations not answered yet.
    rooms: {},
    invitations: [],
    // People (people.js): contacts merged across networks, the one whose conversation is shown,
    // each one's view, Parley's merge suggestions and the user's pick while merging.
    people: {},
    personOpen: null,
    personViews: {},
    suggestions: [],
    dismissedSuggestions: [],
    mergePick: null,
  };
}

// ---- the stream -------------------------------------------------------------------------

/** An attach is about to be sent: buffer pushed events until its reply is applied. */
export function beginAttach(state) {
  return { ...state, attaching: true, resync: false };
}

/** A pushed event arrived on the user's event address. */
export function receive(state, event) {
  if (!event || typeof event !== 'object') return state;
  if (event.type === Event.SESSION_MOVED) {
    return { ...state, attaching: true, resync: true, movedWhileAttaching: state.movedWhileAttaching || state.attaching };
  }
  if (state.attaching) return { ...state, buffer: [...state.buffer, event] };
  const seq = event.seq;
  if (typeof seq !== 'number') return applyEvent(state, event, false);
  if (state.seq != null && seq <= state.seq) return state; // already applied
  if (state.seq != null && seq > state.seq + 1) {
    // Lost some: keep it and ask for the missing ones with a new attach.
    return { ...state, attaching: true, resync: true, buffer: [...state.buffer, event] };
  }
  return { ...applyEvent(state, event, false), seq };
}

/** Applies the reply of `attach` (sent with since = state.seq), then the buffered events. */
export function attachReply(state, reply) {
  const r = reply || {};
  const since = state.seq;
  const replySeq = typeof r.seq === 'number' ? r.seq : null;
  const incomplete = r.complete === false || (since != null && replySeq != null && replySeq < since);

  let s = fromSnapshot(state, r.state || {}, incomplete);
  if (typeof r.username === 'string') s.username = r.username;

  let last = incomplete ? null : since;
  if (!incomplete && Array.isArray(r.events)) {
    const events = [...r.events].filter((e) => e && typeof e.seq === 'number').sort((a, b) => a.seq - b.seq);
    for (const e of events) {
      if (last != null && e.seq <= last) continue;
      s = applyEvent(s, e, true);
      last = e.seq;
    }
  }
  if (replySeq != null && (last == null || replySeq > last || incomplete)) last = replySeq;
  const buffered = [...state.buffer].filter((e) => e && typeof e === 'object')
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  // Moved while this attach was under way: attach again once it is applied.
  const again = state.movedWhileAttaching === true;
  s = { ...s, seq: last, attaching: false, attached: true, resync: again, movedWhileAttaching: false, buffer: [] };
  for (const e of buffered) s = receive(s, e);
  return s;
}

function fromSnapshot(state, snap, incomplete) {
  const contacts = {};
  for (const c of Array.isArray(snap.contacts) ? snap.contacts : []) {
    if (c && c.accountId != null && c.jid != null) contacts[chatKey(c.accountId, c.jid)] = c;
  }
  const unread = {};
  for (const u of Array.isArray(snap.unread) ? snap.unread : []) {
    if (u && u.count > 0) unread[chatKey(u.accountId, u.peer)] = u.count;
  }
  const s = {
    ...state,
    accounts: Array.isArray(snap.accounts) ? snap.accounts.filter((a) => a && a.id != null) : [],
    networks: Array.isArray(snap.networks) ? networksFrom(snap.networks) : state.networks,
    contacts,
    subscriptionRequests: Array.isArray(snap.subscriptionRequests) ? snap.subscriptionRequests : [],
    unread,
    ownPresence: normalizePresence(snap.ownPresence),
    // The language the history search also understands (kept on the server; 'none': words as written).
    searchLanguage: typeof snap.searchLanguage === 'string' ? snap.searchLanguage : 'none',
    typing: {},
    signedOut: false,
    ...roomsFromSnapshot(snap),
    ...peopleFromSnapshot(snap, state),
  };
  if (incomplete) {
    s.chats = {};
    s.historyStale = state.openChats.length > 0;
  }
  // The focused chat is read: the snapshot's count for it is cleared (and told to the server).
  return clearFocusedUnread(s);
}

function normalizePresence(p) {
  return { show: (p && p.show) || Show.AVAILABLE, status: (p && typeof p.status === 'string') ? p.status : '' };
}

// ---- events -----------------------------------------------------------------------------

/** Applies one event. `replay` is true for the missed events of an attach reply. */
export function applyEvent(state, e, replay = false) {
  switch (e.type) {
    case Event.ACCOUNT_ADDED:
    case Event.ACCOUNT_UPDATED:
      return e.account && e.account.id != null ? upsertAccount(state, e.account) : state;
    case Event.ACCOUNT_REMOVED:
      return withoutAccount(removeAccount(state, e.accountId), e.accountId);
    case Event.NETWORKS:
      return { ...state, networks: networksFrom(e.networks) };
    case Event.ACCOUNT_STATE: {
      const a = state.accounts.find((x) => x.id === e.accountId);
      if (!a) return state;
      // `features`: what the account's server offered at the last login (null: not known).
      const features = 'features' in e ? (Array.isArray(e.features) ? e.features : null) : (a.features ?? null);
      // Said with the features, from the same login.
      const uploadMaxBytes = 'features' in e ? uploadMaxBytesOf(e) : (a.uploadMaxBytes ?? null);
      return upsertAccount(state, { ...a, state: e.state, error: e.error || null, features, uploadMaxBytes });
    }
    case Event.BLOCKLIST: {
      const a = state.accounts.find((x) => x.id === e.accountId);
      if (!a) return state;
      return upsertAccount(state, { ...a, blocked: Array.isArray(e.blocked) ? e.blocked.map(String) : [] });
    }
    case Event.ROSTER:
      return setRoster(state, e.accountId, Array.isArray(e.contacts) ? e.contacts : []);
    case Event.CONTACT_UPDATED:
      return e.contact ? upsertContact(state, e.accountId ?? e.contact.accountId, e.contact) : state;
    case Event.CONTACT_REMOVED: {
      const key = chatKey(e.accountId, e.jid);
      if (!(key in state.contacts) && !(key in state.typing)) return state;
      return { ...state, contacts: without(state.contacts, key), typing: without(state.typing, key) };
    }
    case Event.PRESENCE: {
      const key = chatKey(e.accountId, e.jid);
      const c = state.contacts[key];
      if (!c) return state;
      return { ...state, contacts: { ...state.contacts, [key]: { ...c, presence: e.presence || null } } };
    }
    case Event.OWN_PRESENCE:
      return { ...state, ownPresence: normalizePresence(e) };
    case Event.MESSAGE:
      return applyMessage(state, e.message, replay);
    case Event.MESSAGE_STATUS:
    case Event.MESSAGE_UPDATED:
      // Only the stored message's status or text changed: nothing new to count as unread.
      return applyMessage(state, e.message, true);
    case Event.STORAGE:
      return { ...state, storage: { available: e.available !== false, text: e.available === false ? String(e.text || '') : '' } };
    case Event.TYPING: {
      if (replay) return state;
      const key = chatKey(e.accountId, e.peer);
      if (e.state === TypingState.COMPOSING) return { ...state, typing: { ...state.typing, [key]: e.state } };
      return key in state.typing ? { ...state, typing: without(state.typing, key) } : state;
    }
    case Event.SUBSCRIPTION_REQUEST: {
      if (replay) return state;
      if (state.subscriptionRequests.some((r) => r.accountId === e.accountId && r.jid === e.jid)) return state;
      return { ...state, subscriptionRequests: [...state.subscriptionRequests, { accountId: e.accountId, jid: e.jid }] };
    }
    case Event.SUBSCRIPTION_ANSWERED: {
      if (replay) return state;
      const left = state.subscriptionRequests.filter((r) => !(r.accountId === e.accountId && r.jid === e.jid));
      return left.length === state.subscriptionRequests.length ? state : { ...state, subscriptionRequests: left };
    }
    case Event.CHAT_READ: {
      if (replay) return state;
      const key = chatKey(e.accountId, e.peer);
      return key in state.unread ? { ...state, unread: without(state.unread, key) } : state;
    }
    case Event.SIGNED_OUT:
      return { ...state, signedOut: true };
    case Event.ARCHIVE_GAP:
      return e.accountId == null ? state
        : { ...state, archiveGaps: { ...(state.archiveGaps || {}), [e.accountId]: String(e.text || '') } };
    case Event.ROOM:
    case Event.ROOM_OCCUPANT:
    case Event.ROOM_INVITATION:
      return applyRoomEvent(state, e);
    case Event.PERSON_UPDATED:
    case Event.PERSON_REMOVED:
      return applyPersonEvent(state, e);
    case Event.SEARCH_LANGUAGE:
      return typeof e.language === 'string' ? { ...state, searchLanguage: e.language } : state;
    default:
      return state;
  }
}

function upsertAccount(state, account) {
  const i = state.accounts.findIndex((a) => a.id === account.id);
  const accounts = [...state.accounts];
  if (i < 0) accounts.push(account);
  else accounts[i] = account;
  return { ...state, accounts };
}

function removeAccount(state, accountId) {
  const prefix = String(accountId) + SEP;
  const dropKeys = (obj) => Object.fromEntries(Object.entries(obj).filter(([k]) => !k.startsWith(prefix)));
  const openChats = state.openChats.filter((k) => !k.startsWith(prefix));
  let focus = state.focus;
  if (focus && focus.startsWith(prefix)) focus = openChats.length ? openChats[openChats.length - 1] : null;
  return {
    ...state,
    accounts: state.accounts.filter((a) => a.id !== accountId),
    contacts: dropKeys(state.contacts),
    unread: dropKeys(state.unread),
    typing: dropKeys(state.typing),
    chats: dropKeys(state.chats),
    subscriptionRequests: state.subscriptionRequests.filter((r) => r.accountId !== accountId),
    openChats,
    focus,
  };
}

function setRoster(state, accountId, list) {
  const prefix = String(accountId) + SEP;
  const contacts = {};
  for (const [k, c] of Object.entries(state.contacts)) if (!k.startsWith(prefix)) contacts[k] = c;
  for (const c of list) {
    if (!c || c.jid == null) continue;
    const key = chatKey(accountId, c.jid);
    const old = state.contacts[key];
    contacts[key] = { ...c, accountId, presence: c.presence || (old && old.presence) || null };
  }
  return { ...state, contacts };
}

function upsertContact(state, accountId, contact) {
  const key = chatKey(accountId, contact.jid);
  const old = state.contacts[key];
  const c = { ...contact, accountId, presence: contact.presence || (old && old.presence) || null };
  let subscriptionRequests = state.subscriptionRequests;
  if (c.subscription === 'from' || c.subscription === 'both') {
    // The request was approved (perhaps in another tab).
    subscriptionRequests = subscriptionRequests.filter((r) => !(r.accountId === accountId && r.jid === contact.jid));
  }
  return { ...state, contacts: { ...state.contacts, [key]: c }, subscriptionRequests };
}

function applyMessage(state, m, replay) {
  if (!m || m.accountId == null || m.peer == null) return state;
  const key = chatKey(m.accountId, m.peer);
  const chat = state.chats[key] || emptyChat();
  let s = { ...state, chats: { ...state.chats, [key]: { ...chat, messages: mergeMessages(chat.messages, [m]) } } };
  if (m.direction === Direction.IN) {
    if (key in s.typing) s.typing = without(s.typing, key);
    if (!replay) {
      if (isReading(s, key)) s = addRead(s, key);
      else s.unread = { ...s.unread, [key]: (s.unread[key] || 0) + 1 };
    }
  }
  return s;
}

function emptyChat() {
  // archived: older messages fetched from the IM server's archive (not stored), oldest first.
  return { messages: [], loaded: false, hasMore: true, loading: false, archived: [], archiveMore: true };
}

// ---- the IM server's archive ---------------------------------------------------------------

/** What the page says about messages that may have been missed (one sentence per account), or ''. */
export function archiveNotice(state) {
  const gaps = state.archiveGaps || {};
  return state.accounts.filter((a) => gaps[a.id]).map((a) => gaps[a.id]).join(' ');
}

export function dismissArchiveNotice(state) {
  return Object.keys(state.archiveGaps || {}).length ? { ...state, archiveGaps: {} } : state;
}

/** Local history ran out: older messages of a chat (or room, from the room's archive) may still be on a server that keeps an archive. */
export function canLoadFromArchive(state, key) {
  const chat = state.chats[key];
  if (!chat || !chat.loaded || chat.hasMore || chat.archiveMore === false) return false;
  const account = state.accounts.find((a) => a.id === splitKey(key).accountId);
  // A room keeps its own archive; a chat with a person needs the account's server to keep one.
  if (!(state.rooms && state.rooms[key]) && serverLacks(account, ServerFeature.ARCHIVE)) return false;
  return can(state.networks, account, Capability.ARCHIVE);
}

/** Where the next archive page ends: before the oldest shown message's archive id, else its time. */
export function archiveCursor(state, key) {
  const chat = state.chats[key] || emptyChat();
  if (state.rooms && state.rooms[key]) {
    // A room's archive is paged by the room's stanza ids only; none known: its newest page.
    const withId = [...(chat.archived || []), ...chat.messages].find((m) => m.stanzaId);
    return withId ? { before: withId.stanzaId } : {};
  }
  const oldest = (chat.archived && chat.archived.length ? chat.archived : chat.messages)[0];
  if (!oldest) return {};
  return oldest.stanzaId ? { before: oldest.stanzaId } : { beforeTs: oldest.ts };
}

/** A `history.archive` page arrived: shown before the rest, each message once. */
export function archiveLoaded(state, key, messages, complete) {
  const chat = state.chats[key] || emptyChat();
  const known = new Set();
  for (const m of [...(chat.archived || []), ...chat.messages]) if (m.stanzaId) known.add(m.stanzaId);
  const fresh = (Array.isArray(messages) ? messages : []).filter((m) => m && (!m.stanzaId || !known.has(m.stanzaId)));
  const archived = [...fresh, ...(chat.archived || [])];
  return {
    ...state,
    chats: { ...state.chats, [key]: { ...chat, archived, loading: false, archiveMore: !complete && fresh.length > 0 } },
  };
}

/** The server (or the room) keeps no archive for the chat: nothing more is offered. */
export function archiveUnavailable(state, key) {
  const chat = state.chats[key] || emptyChat();
  return { ...state, chats: { ...state.chats, [key]: { ...chat, loading: false, archiveMore: false } } };
}

/**
 * A page of the archive failed: only the server's "this chat keeps no archive" answer (NO_ARCHIVE)
 * stops offering older messages; anything else (no answer in time, a refusal) may go another time.
 */
export function archiveFailed(state, key, code) {
  return code === 'NO_ARCHIVE' ? archiveUnavailable(state, key) : historyLoading(state, key, false);
}

/** What a chat shows: the archive's older messages, then the stored ones. */
export function shownMessages(chat) {
  return chat.archived && chat.archived.length ? [...chat.archived, ...chat.messages] : chat.messages;
}

/**
 * Merges messages by id (later copies win), oldest first. A status only moves forward (pending,
 * unsure, then sent, delivered, read, or failed): a copy read before the change (a history page, a late
 * reply) keeps the status the page already has.
 */
export function mergeMessages(existing, incoming) {
  const byId = new Map();
  for (const m of existing || []) byId.set(m.id, m);
  for (const m of incoming || []) {
    if (!m || m.id == null) continue;
    const old = byId.get(m.id);
    let merged = old && statusRank(old) > statusRank(m) ? { ...m, status: old.status, error: old.error } : m;
    // A copy read before the sender corrected or took it back does not bring the old text back.
    if (old && (old.removed || (old.edited && !m.edited && !m.removed))) {
      merged = { ...merged, text: old.text, edited: old.edited, removed: old.removed };
    }
    byId.set(m.id, merged);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Unsure (its send was cut off) is settled by the IM server's word: sent, delivered, read or failed.
const STATUS_RANK = {
  [MessageStatus.PENDING]: 0, [MessageStatus.UNSURE]: 1, [MessageStatus.SENT]: 2, [MessageStatus.DELIVERED]: 3,
  [MessageStatus.READ]: 4, [MessageStatus.FAILED]: 5,
};

function statusRank(m) {
  return STATUS_RANK[m.status] ?? STATUS_RANK[MessageStatus.SENT];
}

function without(obj, key) {
  if (!(key in obj)) return obj;
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function isReading(state, key) {
  return state.focus === key && state.visible;
}

function addRead(state, key) {
  return state.readsToSend.includes(key) ? state : { ...state, readsToSend: [...state.readsToSend, key] };
}

function clearFocusedUnread(state) {
  const key = state.focus;
  if (!key || !state.visible || !state.unread[key]) return state;
  return addRead({ ...state, unread: without(state.unread, key) }, key);
}

// ---- what the page itself does ----------------------------------------------------------

export function openChat(state, accountId, jid) {
  const key = chatKey(accountId, jid);
  const openChats = state.openChats.includes(key) ? state.openChats : [...state.openChats, key];
  const chats = state.chats[key] ? state.chats : { ...state.chats, [key]: emptyChat() };
  return clearFocusedUnread({ ...state, openChats, chats, focus: key });
}

export function focusChat(state, key) {
  if (key != null && !state.openChats.includes(key)) return state;
  return clearFocusedUnread({ ...state, focus: key });
}

export function closeChat(state, key) {
  const i = state.openChats.indexOf(key);
  if (i < 0) return state;
  const openChats = state.openChats.filter((k) => k !== key);
  let focus = state.focus;
  if (focus === key) focus = openChats.length ? openChats[Math.min(i, openChats.length - 1)] : null;
  return clearFocusedUnread({ ...state, openChats, focus });
}

/** The tab became visible or hidden. */
export function setVisible(state, visible) {
  if (state.visible === visible) return state;
  return clearFocusedUnread({ ...state, visible });
}

/** The page sent chat.read for these keys. */
export function readsSent(state) {
  return state.readsToSend.length ? { ...state, readsToSend: [] } : state;
}

export function historyLoading(state, key, loading) {
  const chat = state.chats[key] || emptyChat();
  return { ...state, chats: { ...state.chats, [key]: { ...chat, loading } } };
}

/** A `history.get` page arrived; `limit` is what was asked for. */
export function historyLoaded(state, key, messages, limit) {
  const chat = state.chats[key] || emptyChat();
  const list = Array.isArray(messages) ? messages : [];
  return {
    ...state,
    chats: {
      ...state.chats,
      [key]: { ...chat, messages: mergeMessages(chat.messages, list), loaded: true, loading: false,
        hasMore: list.length >= limit },
    },
  };
}

/** Messages after the oldest shown (a found message's later ones): merged, the "more before" flag kept. */
export function newerLoaded(state, key, messages) {
  const chat = state.chats[key] || emptyChat();
  const list = Array.isArray(messages) ? messages : [];
  return { ...state, chats: { ...state.chats, [key]: { ...chat, messages: mergeMessages(chat.messages, list) } } };
}

/** The page is reloading the open chats' history after an incomplete attach. */
export function historyRefreshStarted(state) {
  return state.historyStale ? { ...state, historyStale: false } : state;
}

/** The reply of our own message.send. */
export function messageSent(state, message) {
  return applyMessage(state, message, true);
}

export function subscriptionAnswered(state, accountId, jid) {
  return {
    ...state,
    subscriptionRequests: state.subscriptionRequests.filter((r) => !(r.accountId === accountId && r.jid === jid)),
  };
}

// ---- reading the state ------------------------------------------------------------------

/** The notice to show while the server cannot store messages, else ''. */
export function storageNotice(state) {
  return state.storage && !state.storage.available ? state.storage.text : '';
}

/** The id of the newest stored message shown in the chat, or null. */
export function lastMessageId(state, key) {
  const chat = state && state.chats[key];
  let last = null;
  for (const m of (chat && chat.messages) || []) {
    if (typeof m.id === 'number' && (last == null || m.id > last)) last = m.id;
  }
  return last;
}

/** Whether the chat shows a message the user sent with exactly that text, stored after message `afterId`. */
export function sentAfter(state, key, text, afterId) {
  const chat = state && state.chats[key];
  return ((chat && chat.messages) || []).some((m) => m.direction === Direction.OUT && m.text === text
    && typeof m.id === 'number' && (afterId == null || m.id > afterId));
}

export function accountById(state, id) {
  return state.accounts.find((a) => a.id === id) || null;
}

export function isConnected(account) {
  return !!account && account.state === ConnectionState.CONNECTED;
}

/** The presence word shown for a contact: its show, or offline when unavailable. */
export function contactShow(contact) {
  const p = contact && contact.presence;
  if (!p || p.available === false) return Show.OFFLINE;
  return p.show || Show.AVAILABLE;
}

export function displayName(contact, jid) {
  if (contact && typeof contact.name === 'string' && contact.name.trim()) return contact.name;
  return jid != null ? String(jid) : contact ? String(contact.jid) : '';
}

const SHOW_ORDER = { chat: 0, available: 1, away: 2, dnd: 3, xa: 4, offline: 5 };

export const STRANGERS_GROUP = 'Not in your contacts';
export const RECENT_GROUP = 'Recent conversations';
/** How long after its last message a conversation stays among the recent ones. */
export const RECENT_MS = 24 * 60 * 60 * 1000;

/** The time (ms) of the latest message the page has of a chat, or null. */
export function lastMessageTime(state, key) {
  const chat = state.chats[key];
  let last = null;
  for (const m of chat ? chat.messages : []) if (typeof m.ts === 'number' && (last == null || m.ts > last)) last = m.ts;
  return last;
}

/**
 * The contact list, in sections. First the recent conversations (unread ones first, then by
 * latest message, newest first), contacts and people not in the contact list alike, so a
 * message from anyone is seen. Then the other contacts grouped by their first group, groups by
 * name (ungrouped last), online first. Last the people who wrote earlier but are not in the
 * contact list (as `stranger` entries), so their messages can still be read.
 */
export function groupedContacts(state, now = Date.now()) {
  let entries = Object.entries(state.contacts).map(([key, contact]) => ({ key, contact }));
  const seen = new Set();
  for (const key of [...Object.keys(state.unread), ...Object.keys(state.chats)]) {
    // Rooms have a section of their own (roomEntries).
    if (seen.has(key) || key in state.contacts || (state.rooms && key in state.rooms)) continue;
    seen.add(key);
    const chat = state.chats[key];
    if (!state.unread[key] && !(chat && chat.messages.length)) continue;
    const { accountId, jid } = splitKey(key);
    if (!state.accounts.some((a) => a.id === accountId)) continue;
    entries.push({ key, contact: { accountId, jid, name: null, groups: [], presence: null, stranger: true } });
  }
  // Each person once, in place of their contacts (people.js).
  entries = peopleEntries(state, entries);

  const recent = [];
  const last = new Map();
  const groups = new Map();
  const strangers = [];
  for (const item of entries) {
    const t = lastMessageTime(state, item.key);
    if (state.unread[item.key] > 0 || (t != null && now - t < RECENT_MS)) {
      recent.push(item);
      last.set(item.key, t);
    } else if (item.contact.stranger) {
      strangers.push(item);
    } else {
      const c = item.contact;
      const g = Array.isArray(c.groups) && c.groups.length && c.groups[0] ? String(c.groups[0]) : '';
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(item);
    }
  }
  recent.sort((x, y) => {
    const ux = state.unread[x.key] > 0 ? 0 : 1;
    const uy = state.unread[y.key] > 0 ? 0 : 1;
    if (ux !== uy) return ux - uy;
    const tx = last.get(x.key) ?? -Infinity;
    const ty = last.get(y.key) ?? -Infinity;
    if (tx !== ty) return ty > tx ? 1 : -1;
    return displayName(x.contact).localeCompare(displayName(y.contact));
  });

  const names = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const result = names.map((name) => ({
    name,
    strangers: false,
    contacts: groups.get(name).sort((x, y) => {
      const d = (SHOW_ORDER[contactShow(x.contact)] ?? 9) - (SHOW_ORDER[contactShow(y.contact)] ?? 9);
      if (d) return d;
      return displayName(x.contact).localeCompare(displayName(y.contact));
    }),
  }));
  if (recent.length) result.unshift({ name: RECENT_GROUP, recent: true, strangers: false, contacts: recent });
  const rooms = roomEntries(state);
  if (rooms.length) result.unshift({ name: ROOMS_GROUP, rooms: true, strangers: false, contacts: rooms });
  if (strangers.length) result.push({ name: STRANGERS_GROUP, strangers: true, contacts: strangers });
  return result;
}

export const ROOMS_GROUP = 'Rooms';

/** The rooms, beside the people in the contact list: unread first, then by name. */
function roomEntries(state) {
  const entries = Object.entries(state.rooms || {}).map(([key, room]) => ({
    key, contact: { accountId: room.accountId, jid: room.room, name: null, room: true },
  }));
  return entries.sort((x, y) => {
    const ux = state.unread[x.key] > 0 ? 0 : 1;
    const uy = state.unread[y.key] > 0 ? 0 : 1;
    return ux - uy || String(x.contact.jid).localeCompare(String(y.contact.jid));
  });
}

// ---- blocking (XEP-0191) and the server's features -------------------------------------

export function isBlocked(state, accountId, jid) {
  const a = state.accounts.find((x) => x.id === accountId);
  return !!a && Array.isArray(a.blocked) && a.blocked.includes(String(jid).toLowerCase());
}

/**
 * What the page offers for blocking `jid` of an account: `{label: 'Block' | 'Unblock', blocked,
 * disabled, why}`; `why` says in words what the account or its server lacks.
 */
export function blockOffer(state, accountId, jid) {
  const a = state.accounts.find((x) => x.id === accountId);
  const blocked = isBlocked(state, accountId, jid);
  let why = '';
  if (!a) why = 'No such account.';
  else if (lacks(state.networks, a, Capability.BLOCKING)) why = lacks(state.networks, a, Capability.BLOCKING);
  else if (serverLacks(a, ServerFeature.BLOCKING)) why = `${a.login}'s server does not support blocking.`;
  else if (a.state !== ConnectionState.CONNECTED) why = `${a.login} is not connected.`;
  return { label: blocked ? 'Unblock' : 'Block', blocked, disabled: why !== '', why };
}

// ---- avatars ------------------------------------------------------------------------------

const AVATAR_HASH = /^[0-9a-f]{40}$/;
// Only a base64 image of a type the browser shows as a picture (no SVG: it can carry script).
const AVATAR_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const MAX_AVATAR_URL = 200000;

/** The `data:` URL of an `avatar.get` reply when it is one the page may show, else null. */
export function avatarUrl(reply) {
  const url = reply && reply.url;
  return typeof url === 'string' && url.length <= MAX_AVATAR_URL && AVATAR_URL.test(url) ? url : null;
}

/** Chat keys of contacts whose avatar hash is one the page has not fetched (nor is fetching). */
export function avatarsToFetch(state) {
  const keys = [];
  for (const [k, c] of Object.entries(state.contacts)) {
    if (typeof c.avatar === 'string' && AVATAR_HASH.test(c.avatar)
        && !(state.avatars[k] && state.avatars[k].hash === c.avatar)) keys.push(k);
  }
  return keys;
}

/** A fetch of the avatar `hash` started (url null), or ended: `url` is kept only if it is a valid one. */
export function avatarLoaded(state, key, hash, reply) {
  return { ...state, avatars: { ...state.avatars, [key]: { hash, url: avatarUrl(reply) } } };
}

/** The avatar URL to show for a chat key, or null: only for the contact's current hash. */
export function avatarOf(state, key) {
  const c = state.contacts[key];
  const a = state.avatars[key];
  return c && a && a.url && a.hash === c.avatar ? a.url : null;
}

/** One or two letters of the contact's name (or address), shown when there is no avatar. */
export function initials(contact, jid) {
  const words = displayName(contact, jid).replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0]).join('');
  return (letters || '?').toUpperCase();
}
