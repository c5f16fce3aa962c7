// People on the page: a person's entry in the contact list (one, with a badge per network), the
// People panel (Parley's merge suggestions, merging contacts the user picks), and a person's
// conversation (every network's messages in one timeline, each marked with its network; the
// network a reply goes through, said and choosable; a contact taken out of the person). The
// conversation's messages are drawn as a chat's are (messageList.js): links, day and "new messages"
// lines, older messages loaded as one scrolls up.
import { Direction, MessageStatus, Show } from './contract.js';
import { badgeOf, networkTag } from './networks.js';
import { clear, formatTime, h, reconcile, setAttr, setText } from './dom.js';
import * as P from './people.js';
import { createQueueList, renderQueued } from './outboxViews.js';
import { accountById, chatKey, contactShow, displayName, initials } from './state.js';
import { personFirstUnreadId, withSeparators } from './inbox.js';
import { failureLine, itemKey, redrawKeepingPlace, separatorItem, showText, statusWords, updateAttachment,
  whenScrolledToTop } from './messageList.js';

const SHOW_WORDS = {
  available: 'Available', chat: 'Free to chat', away: 'Away', xa: 'Away for long', dnd: 'Do not disturb', offline: 'Offline',
};

/** A network's short name, as the accounts show it (the descriptor's badge: XMPP, AIM, ICQ, IRC, ...). */
export function networkLabel(state, network, account) {
  return account ? badgeOf(state.networks, account) : networkTag(state.networks, network);
}

// ---- the contact list's entry -----------------------------------------------------------------

export function createPersonItem(item, handlers) {
  const id = item.contact.personId;
  const el = h('li', { class: 'contact person-entry', dataset: { 'person-id': id }, tabindex: '0', role: 'button' },
    h('span', { class: 'contact-avatar avatar', 'aria-hidden': 'true' }),
    h('span', { class: 'contact-presence', 'aria-hidden': 'true' }),
    h('div', { class: 'contact-main' },
      h('div', { class: 'contact-line' },
        h('span', { class: 'contact-name' }),
        h('span', { class: 'unread-count', hidden: true })),
      h('div', { class: 'contact-line small-text' },
        h('span', { class: 'contact-status' }),
        h('span', { class: 'person-networks' }))));
  el.addEventListener('click', () => handlers.onOpenPerson(id));
  el.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === el) {
      e.preventDefault();
      handlers.onOpenPerson(id);
    }
  });
  return el;
}

export function updatePersonItem(el, item, state) {
  const c = item.contact;
  const person = state.people[c.personId];
  const show = contactShow(c);
  setText(el.querySelector('.contact-name'), c.name);
  setText(el.querySelector('.contact-avatar'), initials(c));
  const pres = el.querySelector('.contact-presence');
  setAttr(pres, 'data-show', show);
  setAttr(pres, 'title', SHOW_WORDS[show] || show);
  setText(el.querySelector('.contact-status'), c.presence && typeof c.presence.status === 'string' ? c.presence.status : '');
  setAttr(el, 'title', person ? person.contacts.map((x) => x.jid).join(', ') : '');
  // One badge per contact's network, with the address it stands for.
  reconcile(el.querySelector('.person-networks'), person ? person.contacts : [], (x) => chatKey(x.accountId, x.jid),
    (x) => h('span', { class: 'person-network badge', dataset: { network: x.network, jid: x.jid } }),
    (b, x) => {
      setText(b, networkLabel(state, x.network, accountById(state, x.accountId)));
      setAttr(b, 'title', x.jid);
    });
  const n = P.personUnread(state, c.personId);
  const badge = el.querySelector('.unread-count');
  setText(badge, n > 0 ? String(n) : '');
  badge.hidden = n <= 0;
  el.classList.toggle('offline', show === Show.OFFLINE);
  el.classList.toggle('focused', state.personOpen === c.personId);
  el.classList.toggle('has-unread', n > 0);
}

// ---- the People panel: suggestions and merging ------------------------------------------------

export function createPeoplePanel(handlers) {
  const suggestions = h('ul', { class: 'person-suggestions request-list' });
  const candidates = h('ul', { class: 'merge-candidates' });
  const mergePicked = h('button', { id: 'merge-picked-button', type: 'button', class: 'small primary', onclick: () => handlers.onMergePicked() }, 'Merge');
  const picker = h('div', { class: 'merge-picker', hidden: true },
    h('p', { class: 'small-text' }, 'Pick the contacts that are one person, on any of your accounts:'),
    candidates,
    h('div', { class: 'row' }, mergePicked,
      h('button', { type: 'button', class: 'small', onclick: () => handlers.onCancelPicking() }, 'Cancel')));
  const error = h('p', { class: 'form-error people-error', role: 'alert' });
  const start = h('button', { id: 'merge-contacts-button', type: 'button', class: 'small', onclick: () => handlers.onStartPicking() }, 'Merge…');
  const root = h('section', { class: 'panel people', hidden: true },
    h('div', { class: 'panel-head' }, h('h2', null, 'People'), start),
    suggestions, picker, error);
  return { root, suggestions, picker, candidates, mergePicked, error, start, handlers };
}

export function updatePeoplePanel(panel, state) {
  const shown = P.visibleSuggestions(state);
  const picking = Array.isArray(state.mergePick);
  reconcile(panel.suggestions, shown, P.suggestionKey,
    (s) => h('li', { class: 'person-suggestion', dataset: { key: P.suggestionKey(s) } },
      h('div', { class: 'request-text suggestion-text' }),
      h('div', { class: 'request-buttons' },
        h('button', { type: 'button', class: 'suggestion-merge small primary', onclick: () => panel.handlers.onMergeSuggestion(s) }, 'Merge'),
        h('button', { type: 'button', class: 'suggestion-dismiss small', onclick: () => panel.handlers.onDismissSuggestion(s) }, 'Not the same'))),
    (el, s) => setText(el.querySelector('.suggestion-text'), P.suggestionText(state, s)));
  panel.picker.hidden = !picking;
  panel.start.hidden = picking;
  const pick = state.mergePick || [];
  reconcile(panel.candidates, picking ? P.mergeCandidates(state) : [], (c) => c.key,
    (c) => {
      const box = h('input', { type: 'checkbox', class: 'merge-check', onchange: () => panel.handlers.onTogglePick(c.key) });
      return h('li', { class: 'merge-candidate', dataset: { 'account-id': c.accountId, jid: c.jid } },
        h('label', null, box, ' ', h('span', { class: 'merge-name' }), ' ', h('span', { class: 'merge-network badge' }),
          ' ', h('span', { class: 'merge-jid small-text' })));
    },
    (el, c) => {
      const account = accountById(state, c.accountId);
      setText(el.querySelector('.merge-name'), c.name);
      setText(el.querySelector('.merge-network'), networkLabel(state, account && account.network, account));
      setText(el.querySelector('.merge-jid'), c.personId ? `${c.jid} (already in a person)` : c.jid);
      el.querySelector('.merge-check').checked = pick.includes(c.key);
    });
  panel.mergePicked.disabled = pick.length < 2;
  setText(panel.mergePicked, pick.length >= 2 ? `Merge ${pick.length} contacts` : 'Merge');
  panel.root.hidden = shown.length === 0 && !picking && !panel.error.textContent
    && Object.keys(state.contacts).length < 2;
}

// ---- a person's conversation ------------------------------------------------------------------

export function createPersonPane(handlers) {
  const messages = h('ol', { class: 'chat-messages person-messages', 'aria-live': 'polite' });
  const input = h('textarea', {
    class: 'chat-input person-input', rows: '2', 'aria-label': 'Message',
    placeholder: 'Write a message… (Enter sends, Shift+Enter for a new line)',
  });
  const older = h('button', { type: 'button', class: 'chat-load-older small', onclick: () => handlers.onPersonOlder(pane._id) }, 'Load older messages');
  const pick = h('select', { class: 'person-via-pick', 'aria-label': 'Reply through', onchange: () => handlers.onPickVia(pane._id, pick.value || null) });
  const send = h('button', { type: 'button', class: 'chat-send person-send primary', onclick: () => handlers.onPersonSend(pane._id) }, 'Send');
  // Messages sent while one before them is still on its way (outboxViews.js).
  const queued = createQueueList();
  const pane = h('section', { class: 'chat person-chat', hidden: true },
    h('header', { class: 'chat-header' },
      h('span', { class: 'chat-avatar avatar', 'aria-hidden': 'true' }),
      h('span', { class: 'chat-presence contact-presence' }),
      h('div', { class: 'chat-title-box' },
        h('h2', { class: 'chat-title person-title' }),
        h('div', { class: 'chat-subtitle small-text person-subtitle' })),
      h('button', { type: 'button', class: 'chat-close small icon', title: 'Close', 'aria-label': 'Close', onclick: () => handlers.onClosePerson() }, '×')),
    h('ul', { class: 'person-contacts' }),
    h('div', { class: 'chat-scroll' }, h('div', { class: 'chat-older-bar' }, older), messages, queued),
    h('div', { class: 'chat-error person-error', role: 'alert' }),
    h('div', { class: 'person-via-bar small-text' }, h('span', { class: 'person-via', role: 'status' }), ' ', pick),
    h('div', { class: 'chat-compose' }, input, h('div', { class: 'chat-compose-side' }, send)));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      handlers.onPersonSend(pane._id);
    }
  });
  pane._parts = { messages, queued, input, older, pick, send, scroll: pane.querySelector('.chat-scroll') };
  if (handlers.onPersonScrolledToTop) whenScrolledToTop(pane._parts.scroll, () => handlers.onPersonScrolledToTop(pane._id));
  pane._handlers = handlers;
  return pane;
}

/** What the page says about where a reply goes. */
export function viaText(state, via, name) {
  if (!via) return 'None of their contacts can be written to now.';
  const account = accountById(state, via.accountId);
  const where = `${networkLabel(state, via.network, account)} (${via.jid}${account ? `, from ${account.login}` : ''})`;
  if (via.why === 'picked') return `Replies go through ${where}, as you picked.`;
  if (via.why === 'last-active') return `Replies go through ${where}: the network ${name} was last active on.`;
  return `Replies go through ${where}: ${name} has written on none yet.`;
}

export function updatePersonPane(pane, state) {
  const id = state.personOpen;
  const person = id && state.people[id];
  pane.hidden = !person;
  if (!person) return;
  if (pane._id !== id) {
    pane._id = id;
    pane._shown = null;
    setText(pane.querySelector('.person-error'), '');
  }
  setAttr(pane, 'data-person-id', id);
  const name = P.personName(state, person);
  const presence = P.bestPresence(state, person);
  const show = contactShow({ presence });
  setText(pane.querySelector('.person-title'), name);
  setText(pane.querySelector('.chat-avatar'), initials({ name }, person.contacts[0].jid));
  setAttr(pane.querySelector('.chat-presence'), 'data-show', show);
  setText(pane.querySelector('.person-subtitle'), `${SHOW_WORDS[show] || show}${presence.status ? ` — ${presence.status}` : ''}`
    + ` · ${person.contacts.length} contacts on ${[...new Set(person.contacts.map((c) => networkLabel(state, c.network, accountById(state, c.accountId))))].join(', ')}`);

  reconcile(pane.querySelector('.person-contacts'), person.contacts, (c) => chatKey(c.accountId, c.jid),
    (c) => h('li', { class: 'person-contact', dataset: { 'account-id': c.accountId, jid: c.jid, network: c.network } },
      h('span', { class: 'contact-presence', 'aria-hidden': 'true' }),
      h('span', { class: 'person-network badge' }), ' ',
      h('span', { class: 'person-contact-name' }), ' ',
      h('button', { type: 'button', class: 'person-split small', title: 'Take this contact out of the person',
        onclick: () => pane._handlers.onSplit(id, c.accountId, c.jid) }, 'Take out')),
    (el, c) => {
      const contact = state.contacts[chatKey(c.accountId, c.jid)];
      const account = accountById(state, c.accountId);
      setAttr(el.querySelector('.contact-presence'), 'data-show', contactShow(contact));
      setText(el.querySelector('.person-network'), networkLabel(state, c.network, account));
      setText(el.querySelector('.person-contact-name'), `${displayName(contact, c.jid)} · ${c.jid}${account ? ` (${account.login})` : ''}`);
    });

  const view = P.personView(state, id);
  const p = pane._parts;
  setText(p.older, view.loading ? 'Loading…' : view.hasMore ? 'Load older messages' : 'No older messages');
  p.older.disabled = !!view.loading || !view.hasMore;

  const via = P.replyVia(state, id);
  setText(pane.querySelector('.person-via'), viaText(state, via, name));
  setAttr(pane.querySelector('.person-via'), 'data-network', via ? via.network : null);
  setAttr(pane.querySelector('.person-via'), 'data-jid', via ? via.jid : null);
  const options = [{ value: '', label: 'Automatically' }, ...person.contacts.map((c) => ({
    value: chatKey(c.accountId, c.jid), label: `${networkLabel(state, c.network, accountById(state, c.accountId))}: ${c.jid}`,
  }))];
  reconcile(p.pick, options, (o) => o.value || '-', (o) => h('option', { value: o.value }), (el, o) => setText(el, o.label));
  const picked = view.pick || '';
  if (p.pick.value !== picked) p.pick.value = picked;

  drawQueued(pane);
  // Drawn again when one of the person's chats or their "new messages" line changed.
  const sources = person.contacts.map((c) => (state.chats[chatKey(c.accountId, c.jid)] || {}).messages);
  const firstUnread = personFirstUnreadId(state, id);
  const before = pane._shown;
  if (!before || firstUnread !== pane._firstUnread || sources.length !== pane._sources.length
    || sources.some((m, i) => m !== pane._sources[i])) {
    const timeline = P.personTimeline(state, id);
    redrawKeepingPlace(p.scroll, before || [], timeline, () => reconcile(p.messages, withSeparators(timeline, firstUnread), itemKey,
      (m) => (m.separator ? separatorItem(m) : personMessageItem(m, state)),
      (li, m) => (m.separator ? setText(li.querySelector('.chat-separator-label'), m.label) : updatePersonMessage(li, m))));
    pane._shown = timeline;
    pane._sources = sources;
    pane._firstUnread = firstUnread;
  }
}

function personMessageItem(m, state) {
  const d = new Date(m.ts);
  const account = accountById(state, m.accountId);
  return h('li', {
    class: `chat-message ${m.direction === Direction.OUT ? 'out' : 'in'}`,
    dataset: { 'message-id': m.id, network: m.network, 'account-id': m.accountId, peer: m.peer },
  },
  h('div', { class: 'chat-text' }),
  h('div', { class: 'chat-attachment' }),
  h('div', { class: 'chat-meta' },
    // Which network it came or went through.
    h('span', { class: 'message-network badge', title: m.peer }, networkLabel(state, m.network, account)),
    h('span', { class: 'chat-status' }),
    h('time', { class: 'chat-time', datetime: Number.isNaN(d.getTime()) ? null : d.toISOString() }, formatTime(m.ts))),
  h('div', { class: 'chat-failure' }));
}

function updatePersonMessage(el, m) {
  const text = m.removed ? 'This message was removed.' : (m.text == null ? '' : String(m.text));
  showText(el.querySelector('.chat-text'), text);
  updateAttachment(el.querySelector('.chat-attachment'), m.removed ? '' : text);
  const status = m.direction === Direction.OUT ? (m.status || MessageStatus.SENT) : null;
  setAttr(el, 'data-status', status);
  setText(el.querySelector('.chat-status'), statusWords(status));
  setText(el.querySelector('.chat-failure'), failureLine(m, status));
}

/** The open person's queued messages (the pane's outbox, peopleApp.js), under their conversation. */
export function drawQueued(pane) {
  if (!pane._outbox) return;
  renderQueued(pane._parts.queued, pane._outbox.shown().filter((i) => i.personId === pane._id), (k) => pane._outbox.dismiss(k));
}

/** Empties the pane's message list (a person closed). */
export function resetPersonPane(pane) {
  clear(pane._parts.messages);
  pane._parts.messages._keyed = new Map();
  pane._shown = null;
}
