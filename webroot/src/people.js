// People in the page's state: a person groups contacts of any accounts and networks, merged by
// the user (Parley only suggests) and kept by the server for every device. Pure functions over
// the state, as state.js: the contact list shows each person once, a person's conversation is
// every network's messages in one timeline, and a reply goes through the network the person
// was last active on, or the one the user picked.
import { ConnectionState, Direction, Event, Show } from './contract.js';
import { chatKey, contactShow, displayName, mergeMessages, splitKey } from './state.js';

/** Shown for the person: from the most reachable presence to the least (as the contact list orders them). */
const SHOW_RANK = { chat: 0, available: 1, away: 2, dnd: 3, xa: 4, offline: 5 };

/** Key of a person's entry in the contact list (never a chat key: those hold a separator). */
export function personEntryKey(id) {
  return 'p:' + id;
}

/** The person id of a `personEntryKey`, or null for any other key. */
export function personIdOfEntryKey(key) {
  return typeof key === 'string' && key.startsWith('p:') ? key.slice(2) : null;
}

/** The people of an `attach` reply's snapshot (by id); an open person that is gone is closed. */
export function peopleFromSnapshot(snap, state = {}) {
  const people = {};
  for (const p of Array.isArray(snap.people) ? snap.people : []) {
    const person = normalized(p);
    if (person) people[person.id] = person;
  }
  const personOpen = state.personOpen && people[state.personOpen] ? state.personOpen : null;
  return { people, personOpen };
}

function normalized(p) {
  if (!p || typeof p.id !== 'string' || !Array.isArray(p.contacts)) return null;
  const contacts = p.contacts.filter((c) => c && c.accountId != null && c.jid != null)
    .map((c) => ({ accountId: String(c.accountId), jid: String(c.jid), network: c.network || null }));
  return contacts.length ? { id: p.id, contacts } : null;
}

/** `person.updated` and `person.removed`. */
export function applyPersonEvent(state, e) {
  const people = state.people || {};
  if (e.type === Event.PERSON_UPDATED) {
    const person = normalized(e.person);
    return person ? { ...state, people: { ...people, [person.id]: person } } : state;
  }
  if (e.type === Event.PERSON_REMOVED) {
    if (!(e.personId in people)) return state;
    const rest = { ...people };
    delete rest[e.personId];
    return { ...state, people: rest, personOpen: state.personOpen === e.personId ? null : state.personOpen };
  }
  return state;
}

/** An account went: its contacts leave their people here too (the server says so as well). */
export function withoutAccount(state, accountId) {
  const people = {};
  for (const [id, p] of Object.entries(state.people || {})) {
    const contacts = p.contacts.filter((c) => c.accountId !== accountId);
    if (contacts.length >= 2) people[id] = { ...p, contacts };
  }
  return { ...state, people, personOpen: people[state.personOpen] ? state.personOpen : null };
}

export function personKeys(person) {
  return person ? person.contacts.map((c) => chatKey(c.accountId, c.jid)) : [];
}

/** The id of the person a contact (chat key) is part of, or null. */
export function personOfKey(state, key) {
  for (const p of Object.values(state.people || {})) if (personKeys(p).includes(key)) return p.id;
  return null;
}

/** The person's name: the first contact's the user named, else the first contact's address. */
export function personName(state, person) {
  if (!person) return '';
  for (const c of person.contacts) {
    const contact = state.contacts[chatKey(c.accountId, c.jid)];
    if (contact && typeof contact.name === 'string' && contact.name.trim()) return contact.name;
  }
  return person.contacts[0].jid;
}

/** The best presence of the person's contacts: a person is as reachable as their most reachable contact. */
export function bestPresence(state, person) {
  let best = null;
  let bestRank = Infinity;
  for (const key of personKeys(person)) {
    const contact = state.contacts[key];
    const rank = SHOW_RANK[contactShow(contact)] ?? SHOW_RANK.offline;
    if (contact && contact.presence && rank < bestRank) {
      best = contact.presence;
      bestRank = rank;
    }
  }
  return best || { available: false, show: Show.OFFLINE, status: '' };
}

/**
 * The contact list's entries with each person once: their contacts' entries are replaced by one
 * entry for the person, where the first of them stood (its groups, the best presence).
 */
export function peopleEntries(state, entries) {
  const people = Object.values(state.people || {});
  if (!people.length) return entries;
  const owner = new Map();
  for (const p of people) for (const k of personKeys(p)) owner.set(k, p);
  const out = [];
  const placed = new Set();
  for (const item of entries) {
    const p = owner.get(item.key);
    if (!p) {
      out.push(item);
      continue;
    }
    if (placed.has(p.id)) continue;
    placed.add(p.id);
    const first = personKeys(p).map((k) => state.contacts[k]).find(Boolean) || {};
    out.push({
      key: personEntryKey(p.id),
      contact: {
        person: true, personId: p.id, accountId: p.contacts[0].accountId, jid: p.contacts[0].jid,
        name: personName(state, p), groups: first.groups || [], presence: bestPresence(state, p),
        networks: p.contacts.map((c) => c.network),
      },
    });
  }
  return out;
}

/**
 * The recent conversations with each person once: their chats' entries are replaced by one entry
 * for the person where the newest of them stood (the list is newest first), with that last message.
 */
export function recentEntries(state) {
  const chats = (state.recent ? state.recent.chats : []).filter((c) => state.accounts.some((a) => a.id === c.accountId));
  const people = Object.values(state.people || {});
  if (!people.length) return chats;
  const owner = new Map();
  for (const p of people) for (const k of personKeys(p)) owner.set(k, p);
  const placed = new Set();
  const out = [];
  for (const c of chats) {
    const p = owner.get(c.key);
    if (!p) {
      out.push(c);
    } else if (!placed.has(p.id)) {
      placed.add(p.id);
      out.push({ ...c, key: personEntryKey(p.id), personId: p.id });
    }
  }
  return out;
}

// ---- a person's conversation -------------------------------------------------------------------

export function openPerson(state, id) {
  if (!state.people || !state.people[id]) return state;
  const views = state.personViews || {};
  const view = views[id] || { loaded: false, loading: false, hasMore: true, via: null, pick: null, sentVia: null };
  return readPersonChats({ ...state, personOpen: id, personViews: { ...views, [id]: view } });
}

export function closePerson(state) {
  return state.personOpen ? { ...state, personOpen: null } : state;
}

function setView(state, id, change) {
  const views = state.personViews || {};
  const view = views[id] || { loaded: false, loading: false, hasMore: true, via: null, pick: null, sentVia: null };
  return { ...state, personViews: { ...views, [id]: { ...view, ...change } } };
}

export function personView(state, id) {
  return (state.personViews || {})[id] || { loaded: false, loading: false, hasMore: true, via: null, pick: null, sentVia: null };
}

export function personLoading(state, id) {
  return setView(state, id, { loading: true });
}

/**
 * A `person.history` page arrived (`limit` asked for): each message goes to its own chat (so the
 * contact's chat shows it too), the person's view learns whether there are older ones and the
 * server's choice of network for a reply.
 */
export function personLoaded(state, id, reply, limit) {
  const messages = Array.isArray(reply && reply.messages) ? reply.messages : [];
  const chats = { ...state.chats };
  for (const m of messages) {
    if (!m || m.accountId == null || m.peer == null) continue;
    const key = chatKey(m.accountId, m.peer);
    const chat = chats[key] || { messages: [], loaded: false, hasMore: true, loading: false, archived: [], archiveMore: true };
    chats[key] = { ...chat, messages: mergeMessages(chat.messages, [m]) };
  }
  const view = personView(state, id);
  const oldest = messages.length ? messages[0].id : null;
  return setView({ ...state, chats }, id, {
    loaded: true, loading: false, hasMore: messages.length >= limit, via: reply && reply.via ? reply.via : view.via,
    oldest: view.oldest == null || (oldest != null && oldest < view.oldest) ? oldest : view.oldest,
  });
}

/** Every network's messages of the person, oldest first, each with the `network` of its account. */
export function personTimeline(state, id) {
  const person = state.people && state.people[id];
  if (!person) return [];
  const out = [];
  for (const c of person.contacts) {
    const chat = state.chats[chatKey(c.accountId, c.jid)];
    const account = state.accounts.find((a) => a.id === c.accountId);
    for (const m of chat ? chat.messages : []) out.push({ ...m, network: account ? account.network : c.network });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The user picks the contact (chat key) a reply goes through; null: automatic again. */
export function pickVia(state, id, key) {
  return setView(state, id, { pick: key || null });
}

/** A `person.send` reply said which contact the message went through. */
export function sentVia(state, id, via) {
  return via ? setView(state, id, { sentVia: via }) : state;
}

/**
 * Where a reply to the person goes, as the server chooses it: the contact picked; else among
 * contacts whose account is connected (all when none is), the one the person last wrote from;
 * else the one with the best presence; `why` says which rule chose it.
 */
export function replyVia(state, id) {
  const person = state.people && state.people[id];
  if (!person) return null;
  const view = personView(state, id);
  const keys = personKeys(person);
  if (view.pick && keys.includes(view.pick)) return viaOf(state, person, view.pick, 'picked');
  const connected = (k) => {
    const a = state.accounts.find((x) => x.id === splitKey(k).accountId);
    return !!a && a.state === ConnectionState.CONNECTED;
  };
  const candidates = keys.some(connected) ? keys.filter(connected) : keys;
  const lastIn = (k) => {
    let last = -1;
    for (const m of (state.chats[k] && state.chats[k].messages) || []) {
      if (m.direction === Direction.IN && typeof m.id === 'number' && m.id > last) last = m.id;
    }
    return last;
  };
  const rank = (k) => SHOW_RANK[contactShow(state.contacts[k])] ?? SHOW_RANK.offline;
  let best = null;
  for (const k of candidates) {
    if (best == null || lastIn(k) > lastIn(best) || (lastIn(k) === lastIn(best) && rank(k) < rank(best))) best = k;
  }
  return viaOf(state, person, best, lastIn(best) >= 0 ? 'last-active' : 'presence');
}

function viaOf(state, person, key, why) {
  const { accountId, jid } = splitKey(key);
  const c = person.contacts.find((x) => x.accountId === accountId && x.jid === jid);
  const account = state.accounts.find((a) => a.id === accountId);
  return { accountId, jid, network: account ? account.network : c && c.network, why, key };
}

/** While the person's conversation is shown, what arrives in their chats is read. */
export function readPersonChats(state) {
  const id = state.personOpen;
  if (!id || !state.visible || !state.people || !state.people[id]) return state;
  let s = state;
  for (const k of personKeys(state.people[id])) {
    if (!s.unread[k]) continue;
    const unread = { ...s.unread };
    delete unread[k];
    s = { ...s, unread, readsToSend: s.readsToSend.includes(k) ? s.readsToSend : [...s.readsToSend, k] };
  }
  return s;
}

/** Unread messages of the person, over all their contacts. */
export function personUnread(state, id) {
  const person = state.people && state.people[id];
  return personKeys(person).reduce((n, k) => n + (state.unread[k] || 0), 0);
}

// ---- merging: suggestions and the user's own pick -----------------------------------------------

/** A suggestion's identity: its contacts, in order. */
export function suggestionKey(s) {
  return s.contacts.map((c) => chatKey(c.accountId, c.jid)).sort().join('|');
}

/** A `person.suggestions` reply. */
export function suggestionsLoaded(state, reply) {
  const list = Array.isArray(reply && reply.suggestions) ? reply.suggestions : [];
  return { ...state, suggestions: list.filter((s) => s && Array.isArray(s.contacts) && s.contacts.length >= 2) };
}

/** The suggestions to show: not dismissed (the server leaves out those dismissed on any device; this tab's at once). */
export function visibleSuggestions(state) {
  const dismissed = state.dismissedSuggestions || [];
  return (state.suggestions || []).filter((s) => !dismissed.includes(suggestionKey(s)));
}

export function dismissSuggestion(state, key) {
  const dismissed = state.dismissedSuggestions || [];
  return dismissed.includes(key) ? state : { ...state, dismissedSuggestions: [...dismissed, key] };
}

/** Why Parley suggests it, in words. */
export function suggestionText(state, s) {
  const words = { 'same-name': 'the same name', 'same-address': 'the same address', 'named-alike': 'named alike' };
  const names = s.contacts.map((c) => displayName(state.contacts[chatKey(c.accountId, c.jid)], c.jid));
  const why = (Array.isArray(s.reasons) ? s.reasons : []).map((r) => words[r]).filter(Boolean);
  return `${names.join(' and ')} may be one person${why.length ? ` (${why.join(', ')})` : ''}.`;
}

/** The contacts the user may pick to merge: every contact of the contact list (not rooms, not strangers). */
export function mergeCandidates(state) {
  return Object.entries(state.contacts)
    .filter(([key]) => !(state.rooms && key in state.rooms))
    .map(([key, c]) => ({ key, accountId: c.accountId, jid: c.jid, name: displayName(c, c.jid), personId: personOfKey(state, key) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

export function startPicking(state) {
  return { ...state, mergePick: [] };
}

export function stopPicking(state) {
  return state.mergePick ? { ...state, mergePick: null } : state;
}

export function togglePick(state, key) {
  const pick = state.mergePick || [];
  return { ...state, mergePick: pick.includes(key) ? pick.filter((k) => k !== key) : [...pick, key] };
}

/** The `person.merge` body of chat keys. */
export function mergeBody(keys) {
  return { contacts: keys.map((k) => splitKey(k)) };
}
