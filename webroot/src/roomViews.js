// The page's group chat elements (XEP-0045): the join form, the invitations, a room's entry in
// the contact list. Server strings go through h()/setText() (text nodes), never markup.
import { h, setText, setAttr, clear, reconcile } from './dom.js';
import { accountById } from './state.js';
import { descriptorOf } from './networks.js';
import { roomName, occupantCount, roomOffer, defaultNick, mentionParts } from './rooms.js';
import { linkNodes } from './links.js';
import { fileLink } from './files.js';

const ROOM_LABEL = 'Room address (a new one is created)';
const ROOM_PLACEHOLDER = 'lobby@conference.example.org';

/** The descriptor's own room rule of the account's network, or null (its rooms are addressed as its contacts). */
function roomRuleOf(networks, account) {
  const d = descriptorOf(networks, account.network);
  return d && d.room ? d.room : null;
}

/** The form to join (or create) a room: account, room address, nickname, password. */
export function roomForm(handlers) {
  const account = h('select', { id: 'room-account' });
  const room = h('input', { id: 'room-jid', type: 'text', placeholder: ROOM_PLACEHOLDER, spellcheck: 'false', autocomplete: 'off' });
  const roomLabel = h('label', { for: 'room-jid' }, ROOM_LABEL);
  const nick = h('input', { id: 'room-nick', type: 'text', autocomplete: 'off', maxlength: 64 });
  const password = h('input', { id: 'room-password', type: 'password', autocomplete: 'off', maxlength: 256 });
  const error = h('p', { id: 'room-form-error', class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'room-save', type: 'submit', class: 'primary' }, 'Join');
  const cancel = h('button', { id: 'room-cancel', type: 'button', onclick: () => handlers.onCancel() }, 'Cancel');
  const form = h('form', { id: 'room-form', class: 'side-form', hidden: true, novalidate: true },
    h('h3', { class: 'form-title' }, 'Join a room'),
    h('label', { for: 'room-account' }, 'Account'), account,
    roomLabel, room,
    h('label', { for: 'room-nick' }, 'Your nickname in the room'), nick,
    h('label', { for: 'room-password' }, 'Password (if the room has one)'), password,
    error,
    h('div', { class: 'form-buttons' }, save, cancel));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handlers.onSave({ accountId: account.value, room: room.value, nick: nick.value, password: password.value });
  });
  let accountsNow = [];
  let networksNow = [];
  // The reason the account offers no room, as last shown: a re-render takes back only that, never
  // the room's refusal of the last join (a taken nickname), which stays until the person tries again.
  let offerShown = '';
  // A join under way: Join stays off whatever re-renders the page meanwhile.
  let joining = false;
  // offerNick: on opening and on another account only; a re-render must not refill a field the person cleared.
  const explain = (offerNick) => {
    const a = accountsNow.find((x) => x.id === account.value);
    const offer = roomOffer(a, networksNow);
    // A network with its own room rule (IRC: channels) names the address; else an XMPP room's.
    const rule = a ? roomRuleOf(networksNow, a) : null;
    setText(roomLabel, rule ? rule.label : ROOM_LABEL);
    room.placeholder = rule && rule.placeholder ? rule.placeholder : ROOM_PLACEHOLDER;
    if (offer.why) {
      setText(error, offer.why);
      offerShown = offer.why;
    } else if (offerShown && error.textContent === offerShown) {
      setText(error, '');
      offerShown = '';
    }
    save.disabled = offer.disabled || joining;
    if (offerNick && a && !nick.value) nick.value = defaultNick(a);
  };
  account.addEventListener('change', () => explain(true));
  return {
    form, error, save,
    fillAccounts(accounts, networks) {
      accountsNow = accounts;
      if (Array.isArray(networks)) networksNow = networks;
      // Kept, not built again, while the person picks (as the contact form's, views.js).
      reconcile(account, accounts, (a) => a.id, (a) => h('option', { value: a.id }), (el, a) => setText(el, a.login));
      explain();
    },
    /** A join is under way (true) or answered (false). */
    busy(on) {
      joining = on;
      explain();
    },
    open(accounts, values = {}, networks = []) {
      setText(error, '');
      room.value = values.room || '';
      nick.value = '';
      password.value = values.password || '';
      this.fillAccounts(accounts, networks);
      if (values.accountId) account.value = values.accountId;
      explain(true);
      form.hidden = false;
      room.focus();
    },
    close() {
      form.hidden = true;
      setText(error, '');
    },
  };
}

/** Invitations to rooms: who invites to which room, to accept or decline. */
export function renderInvitations(list, state, handlers) {
  const invitations = Array.isArray(state.invitations) ? state.invitations : [];
  reconcile(list, invitations, (i) => `${i.accountId}\u0001${i.room}`,
    (i) => h('li', { class: 'room-invitation', dataset: { 'account-id': i.accountId, room: i.room } },
      h('div', { class: 'request-text' },
        h('strong', { class: 'invitation-from' }),
        h('span', null, ' invites you to '),
        h('strong', { class: 'invitation-room' }),
        h('span', { class: 'invitation-reason small-text' })),
      h('div', { class: 'request-buttons' },
        h('button', { type: 'button', class: 'invitation-accept small primary', onclick: () => handlers.onAcceptInvitation(i) }, 'Join'),
        h('button', { type: 'button', class: 'invitation-decline small', onclick: () => handlers.onDeclineInvitation(i) }, 'Decline'))),
    (el, i) => {
      setText(el.querySelector('.invitation-from'), i.from || '');
      setText(el.querySelector('.invitation-room'), i.room);
      const a = accountById(state, i.accountId);
      setText(el.querySelector('.invitation-reason'), `${i.reason ? ` “${i.reason}”` : ''}${a ? ` (to ${a.login})` : ''}`);
    });
}

/** A room's entry among the contacts. */
export function createRoomItem(item, handlers) {
  const { accountId, jid } = item.contact;
  const el = h('li', { class: 'room-entry', dataset: { 'account-id': accountId, jid }, tabindex: '0', role: 'button' },
    h('span', { class: 'contact-avatar avatar room-avatar', 'aria-hidden': 'true' }, '#'),
    h('div', { class: 'contact-main' },
      h('div', { class: 'contact-line' },
        h('span', { class: 'contact-name' }),
        h('span', { class: 'unread-count', hidden: true })),
      h('div', { class: 'contact-line small-text' },
        h('span', { class: 'contact-status' }),
        h('span', { class: 'contact-account' }))));
  el.addEventListener('click', () => handlers.onOpenChat(accountId, jid));
  el.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === el) {
      e.preventDefault();
      handlers.onOpenChat(accountId, jid);
    }
  });
  return el;
}

export function updateRoomItem(el, item, state) {
  const room = state.rooms[item.key];
  if (!room) return;
  setText(el.querySelector('.contact-name'), roomName(room));
  setAttr(el, 'title', room.room);
  const status = room.state === 'joined' ? `${occupantCount(room)} in the room`
    : room.error && room.error.text ? String(room.error.text) : 'not in the room';
  setText(el.querySelector('.contact-status'), status);
  const a = accountById(state, room.accountId);
  setText(el.querySelector('.contact-account'), a ? ` · ${a.login}` : '');
  const n = state.unread[item.key] || 0;
  const badge = el.querySelector('.unread-count');
  setText(badge, n > 0 ? String(n) : '');
  badge.hidden = n <= 0;
  el.classList.toggle('offline', room.state !== 'joined');
  el.classList.toggle('focused', state.focus === item.key);
  el.classList.toggle('has-unread', n > 0);
}

/** A room's chat header: its name, subject, how many are in it and as whom. */
export function roomHeader(room) {
  const subject = room.subject ? ` — ${room.subject}` : '';
  const where = room.state === 'joined' ? `${occupantCount(room)} in the room · you are ${room.nick}`
    : room.error && room.error.text ? String(room.error.text) : 'You are not in this room.';
  return { title: roomName(room), subtitle: `${room.room}${subject} · ${where}` };
}

const ROLES = new Set(['moderator', 'participant', 'visitor']);
const OCCUPANT_SHOW = { available: 'online', chat: 'online', away: 'away', xa: 'away for long', dnd: 'busy' };

/** Who is in the room (the person too, as "you"), by nickname: `{nick, role, presence}` in words. */
export function occupantsShown(room) {
  const others = Object.values(room && room.occupants ? room.occupants : {}).map((o) => ({
    key: `o:${o.nick}`, nick: o.nick, role: o.role,
    presence: `${OCCUPANT_SHOW[o.show] || 'online'}${o.status ? ` — ${o.status}` : ''}`,
  }));
  const self = room && room.state === 'joined' && typeof room.nick === 'string'
    ? [{ key: 'self', nick: `${room.nick} (you)`, role: room.role, presence: 'online' }] : [];
  const byNick = (a, b) => { const x = a.nick.toLowerCase(); const y = b.nick.toLowerCase(); return x < y ? -1 : x > y ? 1 : 0; };
  return [...others, ...self].sort(byNick).map((o) => ({ ...o, role: ROLES.has(o.role) ? o.role : '' }));
}

/** The room's occupant list, kept in step with the room's state (hidden when the person is not in it). */
export function renderOccupants(list, room) {
  list.hidden = !room || room.state !== 'joined';
  reconcile(list, list.hidden ? [] : occupantsShown(room), (o) => o.key,
    () => h('li', { class: 'room-occupant' },
      h('span', { class: 'occupant-nick' }), ' ',
      h('span', { class: 'occupant-role small-text' }), ' ',
      h('span', { class: 'occupant-presence small-text' })),
    (li, o) => {
      setText(li.querySelector('.occupant-nick'), o.nick);
      setText(li.querySelector('.occupant-role'), o.role);
      setText(li.querySelector('.occupant-presence'), o.presence);
      setAttr(li, 'data-role', o.role);
    });
}

/** A room message's text with the person's nickname marked (as text nodes in <mark>); whether it mentions them. */
export function showMentions(textEl, text, nick) {
  const parts = mentionParts(text == null ? '' : String(text), nick);
  clear(textEl);
  // Links stay clickable (links.js), but for a text that is just one link: its attachment shows it.
  const linked = !fileLink(text);
  for (const p of parts) {
    if (p.mention) textEl.appendChild(h('mark', { class: 'mention' }, p.text));
    else if (linked) for (const n of linkNodes(p.text)) textEl.appendChild(n);
    else textEl.appendChild(document.createTextNode(p.text));
  }
  textEl._text = null; // drawn with marks: the plain drawing (views.js showText) is due again on a change
  return parts.some((p) => p.mention);
}
