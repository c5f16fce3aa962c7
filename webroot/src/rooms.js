// Group chats (XEP-0045) in the page's state: the rooms of each account with their occupants and
// subject, and the invitations not yet answered. Pure functions over the state, as state.js.
import { Capability, Event } from './contract.js';
import { can, lacks } from './networks.js';
import { chatKey } from './state.js';

/** The rooms and invitations of an `attach` reply's snapshot. */
export function roomsFromSnapshot(snap) {
  const rooms = {};
  for (const r of Array.isArray(snap.rooms) ? snap.rooms : []) {
    if (!r || r.accountId == null || typeof r.room !== 'string') continue;
    const occupants = {};
    for (const o of Array.isArray(r.occupants) ? r.occupants : []) if (o && typeof o.nick === 'string') occupants[o.nick] = o;
    rooms[chatKey(r.accountId, r.room)] = { ...r, occupants };
  }
  const invitations = (Array.isArray(snap.invitations) ? snap.invitations : [])
    .filter((i) => i && i.accountId != null && typeof i.room === 'string');
  return { rooms, invitations };
}

/** Applies a room event (`room`, `room.occupant`, `room.invitation`); other events leave the state as it is. */
export function applyRoomEvent(state, e) {
  const rooms = state.rooms || {};
  switch (e.type) {
    case Event.ROOM: {
      const r = e.room;
      if (!r || typeof r.room !== 'string' || e.accountId == null) return state;
      const key = chatKey(e.accountId, r.room);
      if (r.state === 'gone') {
        const copy = { ...rooms };
        delete copy[key];
        return { ...state, rooms: copy };
      }
      const old = rooms[key];
      const occupants = r.state === 'joined' && old ? old.occupants : {};
      return { ...state, rooms: { ...rooms, [key]: { ...(old || {}), ...r, accountId: e.accountId, occupants } },
        invitations: withoutInvitation(state.invitations, e.accountId, r.state === 'joined' ? r.room : null) };
    }
    case Event.ROOM_OCCUPANT: {
      const key = chatKey(e.accountId, e.room);
      const room = rooms[key];
      const o = e.occupant;
      if (!room || !o || typeof o.nick !== 'string') return state;
      const occupants = { ...room.occupants };
      if (o.available) occupants[o.nick] = o;
      else delete occupants[o.nick];
      return { ...state, rooms: { ...rooms, [key]: { ...room, occupants } } };
    }
    case Event.ROOM_INVITATION: {
      if (e.accountId == null || typeof e.room !== 'string') return state;
      const others = withoutInvitation(state.invitations, e.accountId, e.room);
      if (e.declined) return { ...state, invitations: others };
      const { type, seq, ...invitation } = e;
      return { ...state, invitations: [...others, invitation] };
    }
    default:
      return state;
  }
}

function withoutInvitation(list, accountId, room) {
  const all = Array.isArray(list) ? list : [];
  return room == null ? all : all.filter((i) => !(i.accountId === accountId && i.room === room));
}

export function isRoom(state, key) {
  return !!(state.rooms && state.rooms[key]);
}

export function roomOf(state, key) {
  return (state.rooms && state.rooms[key]) || null;
}

/** How many people are in the room now (the account included). */
export function occupantCount(room) {
  return room && room.occupants ? Object.keys(room.occupants).length + (room.state === 'joined' ? 1 : 0) : 0;
}

/** The name a room shows: its address's local part. */
export function roomName(room) {
  const jid = room && typeof room.room === 'string' ? room.room : '';
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}

/**
 * Whether `text` mentions `nick`: the nickname as a whole word, in any case (XEP-0045 leaves
 * mentions to clients; "@nick" and "nick:" count, "nickname" does not).
 */
export function mentions(text, nick) {
  if (typeof text !== 'string' || typeof nick !== 'string' || !nick.trim()) return false;
  return mentionParts(text, nick).some((p) => p.mention);
}

/** The text in parts, the mentions of `nick` marked, so the view can highlight them as text (never markup). */
export function mentionParts(text, nick) {
  const t = typeof text === 'string' ? text : '';
  if (typeof nick !== 'string' || !nick.trim()) return [{ text: t, mention: false }];
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\p{L}\\p{N}_])(${escaped})(?![\\p{L}\\p{N}_])`, 'giu');
  const parts = [];
  let last = 0;
  for (const m of t.matchAll(re)) {
    const start = m.index + m[1].length;
    if (start > last) parts.push({ text: t.slice(last, start), mention: false });
    parts.push({ text: m[2], mention: true });
    last = start + m[2].length;
  }
  if (last < t.length || parts.length === 0) parts.push({ text: t.slice(last), mention: false });
  return parts;
}

/** Whether rooms can be joined from the account now (its network's descriptor among `networks`): `{disabled, why}`, `why` in words. */
export function roomOffer(account, networks) {
  let why = '';
  if (!account) why = 'Choose the account to join the room with.';
  else if (lacks(networks, account, Capability.GROUP_CHATS)) why = lacks(networks, account, Capability.GROUP_CHATS);
  else if (Array.isArray(account.features) && !account.features.includes('rooms')) {
    why = `The server of ${account.login} offers no group chats, so rooms cannot be joined from this account.`;
  } else if (account.state !== 'connected') why = `${account.login} is not connected.`;
  return { disabled: why !== '', why };
}

/** Whether any of the user's accounts is on a network with group chats (else the page offers no rooms at all). */
export function roomsOffered(state) {
  return state.accounts.some((a) => can(state.networks, a, Capability.GROUP_CHATS));
}

/** The nickname offered by default: the account's name before the @. */
export function defaultNick(account) {
  const login = account && typeof account.login === 'string' ? account.login : '';
  const at = login.indexOf('@');
  return at > 0 ? login.slice(0, at) : login;
}
