// The inbox's panels: recent conversations beside the contact list, and the notification
// settings. Every server-provided string goes in as text (h()/setText()), never markup.
import { h, setText, setAttr, reconcile, formatTime } from './dom.js';
import { accountById, displayName } from './state.js';
import { networkBadge } from './views.js';
import { roomName } from './rooms.js';
import { lastMessageLine } from './inbox.js';
import { personName, personUnread, recentEntries } from './people.js';

/** The "Conversations" panel: the list and "Show older conversations". */
export function recentPanel(handlers) {
  const list = h('ul', { id: 'recent-chats', class: 'recent-list', 'aria-label': 'Recent conversations' });
  const more = h('button', { id: 'recent-more', type: 'button', class: 'small', hidden: true, onclick: () => handlers.onMore() },
    'Show older conversations');
  // Shown once there is a conversation: until then the contact list says where to start.
  const root = h('section', { id: 'recent-panel', class: 'panel recent', hidden: true },
    h('div', { class: 'panel-head' }, h('h2', null, 'Conversations')), list, more);
  return { root, list, more, handlers };
}

/** The list as the state has it: newest first, unread counts from the live state. */
export function renderRecent(panel, state) {
  const recent = state.recent || { chats: [], more: false, loaded: false };
  // A person (contacts merged across networks) is one conversation, as in the contact list.
  const chats = recentEntries(state);
  reconcile(panel.list, chats, (c) => c.key, (c) => recentItem(c, panel.handlers), (el, c) => updateRecentItem(el, c, state));
  panel.root.hidden = chats.length === 0;
  panel.more.hidden = !recent.more;
}

function recentItem(c, handlers) {
  const el = h('li', { class: 'recent-chat', tabindex: '0', role: 'button', dataset: { 'account-id': c.accountId, jid: c.peer } },
    h('div', { class: 'recent-line' },
      h('span', { class: 'recent-name' }),
      h('span', { class: 'recent-network badge' }),
      h('span', { class: 'recent-unread unread-count', hidden: true }),
      h('time', { class: 'recent-time small-text' })),
    h('div', { class: 'recent-last small-text' }));
  const open = () => (c.personId ? handlers.onOpenPerson(c.personId) : handlers.onOpen(c.accountId, c.peer));
  el.addEventListener('click', open);
  el.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === el) {
      e.preventDefault();
      open();
    }
  });
  return el;
}

function updateRecentItem(el, c, state) {
  const room = state.rooms && state.rooms[c.key];
  const person = c.personId && state.people ? state.people[c.personId] : null;
  setText(el.querySelector('.recent-name'), person ? personName(state, person)
    : room ? roomName(room) : displayName(state.contacts[c.key], c.peer));
  setText(el.querySelector('.recent-network'), networkBadge(accountById(state, c.accountId), state.networks));
  const n = person ? personUnread(state, c.personId) : state.unread[c.key] || 0;
  const unread = el.querySelector('.recent-unread');
  setText(unread, n > 0 ? String(n) : '');
  unread.hidden = n === 0;
  el.classList.toggle('has-unread', n > 0);
  el.classList.toggle('focused', person ? state.personOpen === c.personId : state.focus === c.key);
  setText(el.querySelector('.recent-last'), lastMessageLine(c.message));
  const time = el.querySelector('.recent-time');
  setText(time, formatTime(c.message.ts));
  const d = new Date(c.message.ts);
  setAttr(time, 'datetime', Number.isNaN(d.getTime()) ? null : d.toISOString());
}

/** The notification settings of this device: the "Notify me" switch, a sound, every room message. */
export function notifyPanel(settings, handlers) {
  const box = (id, label, checked, onchange) => {
    const input = h('input', { id, type: 'checkbox', checked, onchange: () => onchange(input.checked) });
    return { input, label: h('label', { class: 'switch-row', for: id }, input, ' ', label) };
  };
  const notify = box('notify-switch', 'Notify me of new messages while Parley is hidden', settings.notify, (on) => handlers.onNotify(on));
  notify.input.setAttribute('role', 'switch');
  const sound = box('notify-sound', 'Play a sound', settings.sound, (on) => handlers.onSetting('sound', on));
  const rooms = box('notify-rooms', 'Every message in rooms (not only mentions of me)', settings.allRoomMessages,
    (on) => handlers.onSetting('allRoomMessages', on));
  const error = h('p', { id: 'notify-error', class: 'form-error', role: 'alert' });
  // In the top bar, opened on a click: the settings take no room from the contact list.
  const root = h('details', { id: 'notify-panel', class: 'notify-settings' },
    h('summary', { class: 'notify-summary' }, 'Notifications'),
    h('div', { class: 'notify-body' }, notify.label, sound.label, rooms.label, error));
  return { root, notify: notify.input, sound: sound.input, rooms: rooms.input, error };
}
