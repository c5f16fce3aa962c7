// Group chats (XEP-0045) on the page: rooms beside people in the contact list, their occupants and
// subject, invitations, and mentions of the person's nickname.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const { h } = await import('../src/dom.js');
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const R = await import('../src/rooms.js');
const { Event } = await import('../src/contract.js');

const A = 'acc-1';
const ROOM = 'lobby@conference.example.org';

function attached(extra = {}, account = {}) {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null, features: ['rooms'], ...account }],
      contacts: [{ accountId: A, jid: 'bob@example.org', name: 'Bob', groups: [], subscription: 'both', presence: null }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
      ...extra,
    },
  });
  return s;
}

const joined = { accountId: A, room: ROOM, state: 'joined', nick: 'alice', role: 'participant', affiliation: 'none',
  subject: 'Friday', occupants: [{ nick: 'bob', available: true, role: 'moderator' }] };

test('rooms from the snapshot are listed beside people, in a section of their own', () => {
  const s = attached({ rooms: [joined], invitations: [] });
  const groups = S.groupedContacts(s);
  assert.equal(groups[0].name, S.ROOMS_GROUP);
  assert.equal(groups[0].contacts[0].contact.jid, ROOM);
  const list = h('div');
  V.renderContacts(list, s, { onOpenChat() {}, onRemoveContact() {}, onBlockContact() {} });
  const entry = list.querySelector('.room-entry');
  assert.equal(entry.querySelector('.contact-name').textContent, 'lobby');
  assert.equal(entry.querySelector('.contact-status').textContent, '2 in the room');
});

test('a room with messages is not listed again among the strangers', () => {
  let s = attached({ rooms: [joined] });
  s = S.applyEvent(s, { type: Event.MESSAGE, seq: 2, message: { id: 1, accountId: A, peer: ROOM, nick: 'bob', direction: 'in', text: 'hi', ts: Date.now() } });
  const keys = S.groupedContacts(s).flatMap((g) => g.contacts.map((c) => c.contact.jid + (g.rooms ? ' (room)' : '')));
  assert.deepEqual(keys.filter((k) => k.startsWith(ROOM)), [`${ROOM} (room)`]);
});

test('room events change the room, its occupants and the invitations', () => {
  let s = attached();
  s = S.applyEvent(s, { type: Event.ROOM_INVITATION, seq: 2, accountId: A, room: ROOM, from: 'bob@example.org', direct: false });
  assert.equal(s.invitations.length, 1);
  s = S.applyEvent(s, { type: Event.ROOM, seq: 3, accountId: A, room: { room: ROOM, state: 'joined', nick: 'alice', subject: '' } });
  assert.equal(s.invitations.length, 0, 'joined: the invitation is answered');
  s = S.applyEvent(s, { type: Event.ROOM_OCCUPANT, seq: 4, accountId: A, room: ROOM, occupant: { nick: 'bob', available: true } });
  assert.equal(R.occupantCount(s.rooms[S.chatKey(A, ROOM)]), 2);
  s = S.applyEvent(s, { type: Event.ROOM_OCCUPANT, seq: 5, accountId: A, room: ROOM, occupant: { nick: 'bob', available: false } });
  assert.equal(R.occupantCount(s.rooms[S.chatKey(A, ROOM)]), 1);
  s = S.applyEvent(s, { type: Event.ROOM, seq: 6, accountId: A, room: { room: ROOM, state: 'left', error: { code: 'IM_ERROR', text: 'A moderator removed you.' } } });
  assert.equal(RV_header(s).subtitle, `${ROOM} · A moderator removed you.`);
  s = S.applyEvent(s, { type: Event.ROOM, seq: 7, accountId: A, room: { room: ROOM, state: 'gone' } });
  assert.deepEqual(s.rooms, {});
});

const { roomHeader } = await import('../src/roomViews.js');
function RV_header(s) {
  return roomHeader(s.rooms[S.chatKey(A, ROOM)]);
}

test('mentions are the nickname as a word, in any case', () => {
  assert.equal(R.mentions('hi @alice!', 'alice'), true);
  assert.equal(R.mentions('Alice: look', 'alice'), true);
  assert.equal(R.mentions('alicetown is far', 'alice'), false);
  assert.equal(R.mentions('hi all', 'alice'), false);
  assert.equal(R.mentions('a.b is here', 'a.b'), true, 'a nickname is not a pattern');
  assert.equal(R.mentions('axb is here', 'a.b'), false);
  assert.deepEqual(R.mentionParts('hi alice, alice', 'alice').map((p) => p.mention), [false, true, false, true]);
});

test('a room chat shows who said what and highlights the mentions as text', () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  s = S.applyEvent(s, { type: Event.MESSAGE, seq: 2, message: { id: 7, accountId: A, peer: ROOM, nick: 'bob', direction: 'in', text: 'hi <b>alice</b>', ts: 1 } });
  const key = S.chatKey(A, ROOM);
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  V.updateChat(el, key, s, true);
  const li = el.querySelector('.chat-message');
  assert.equal(li.querySelector('.chat-nick').textContent, 'bob');
  assert.ok(li.classList.contains('mention'));
  assert.equal(li.querySelector('mark.mention').textContent, 'alice');
  assert.equal(li.querySelector('.chat-text').textContent, 'hi <b>alice</b>', 'markup in a message stays text');
  assert.equal(el.querySelector('.chat-title').textContent, 'lobby');
  assert.equal(el.querySelector('.chat-room-leave').hidden, false);
});

test("a room's older messages come from the room's own archive, before its oldest known stanza id", () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  const key = S.chatKey(A, ROOM);
  const stored = (id, stanzaId) => ({ id, accountId: A, peer: ROOM, nick: 'bob', direction: 'in', text: 'kept ' + id, ts: 100 + id,
    status: 'sent', ...(stanzaId ? { stanzaId } : {}) });
  s = S.historyLoaded(s, key, [stored(1), stored(2, 'R2'), stored(3, 'R3')], 50);
  assert.equal(S.canLoadFromArchive(s, key), true, 'the room may keep an archive');
  assert.deepEqual(S.archiveCursor(s, key), { before: 'R2' }, "the room's archive knows only its own ids, never a time");
  s = S.archiveLoaded(s, key, [{ accountId: A, peer: ROOM, nick: 'carol', direction: 'in', text: 'older', ts: 50,
    status: 'sent', error: null, stanzaId: 'R1', archived: true }], false);
  assert.deepEqual(S.archiveCursor(s, key), { before: 'R1' });
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  V.updateChat(el, key, s, true);
  const first = el.querySelector('.chat-message');
  assert.ok(first.classList.contains('archived'));
  assert.equal(first.querySelector('.chat-nick').textContent, 'carol', 'who said it, from the archive too');
  assert.equal(el.querySelector('.chat-load-older').textContent, 'Load older messages from the server');

  const none = S.historyLoaded(S.openChat(attached({ rooms: [joined] }), A, ROOM), key, [stored(1)], 50);
  assert.deepEqual(S.archiveCursor(none, key), {}, 'no room id known: the newest page (each message shown once)');
});

test('a room that keeps no archive is said so in words, and nothing more is offered', () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  const key = S.chatKey(A, ROOM);
  s = S.historyLoaded(s, key, [], 50);
  s = S.archiveUnavailable(s, key);
  assert.equal(S.canLoadFromArchive(s, key), false);
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  V.updateChat(el, key, s, true);
  const older = el.querySelector('.chat-load-older');
  assert.equal(older.textContent, 'No older messages');
  assert.equal(older.disabled, true);
});

test('a joined room offers to invite someone; a chat with a person does not', () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  const key = S.chatKey(A, ROOM);
  const invited = [];
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {}, onInviteToRoom: (k) => invited.push(k) });
  V.updateChat(el, key, s, true);
  const invite = el.querySelector('.chat-room-invite');
  assert.equal(invite.hidden, false);
  invite.click();
  assert.deepEqual(invited, [key]);

  const person = S.chatKey(A, 'bob@example.org');
  const chat = V.createChat(person, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  V.updateChat(chat, person, S.openChat(s, A, 'bob@example.org'), true);
  assert.equal(chat.querySelector('.chat-room-invite').hidden, true);
});

test('rooms are offered only where the account and its server can, and say why not', () => {
  assert.equal(R.roomOffer({ network: 'xmpp', login: 'a@x.org', state: 'connected', features: ['rooms'] }, NETWORKS).disabled, false);
  assert.equal(R.roomOffer({ network: 'xmpp', login: 'a@x.org', state: 'connected', features: ['carbons'] }, NETWORKS).why,
    'The server of a@x.org offers no group chats, so rooms cannot be joined from this account.');
  assert.equal(R.roomOffer({ network: 'oscar', login: 'bob', state: 'connected' }, NETWORKS).why,
    'Group chats are not supported on AIM / ICQ.');
  // IRC channels are group chats (its descriptor says so), with no "rooms" feature to wait for.
  assert.equal(R.roomOffer({ network: 'irc', login: 'bob', state: 'connected' }, NETWORKS).disabled, false);
  assert.equal(R.roomOffer({ network: 'irc', login: 'bob', state: 'offline' }, NETWORKS).why, 'bob is not connected.');
  assert.equal(R.defaultNick({ login: 'alice@example.org' }), 'alice');
});

test('only a "keeps no archive" answer stops offering older messages; a timeout or another error lets the person try again', () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  const key = S.chatKey(A, ROOM);
  s = S.historyLoaded(s, key, [], 50);
  s = S.historyLoading(s, key, true);
  const timedOut = S.archiveFailed(s, key, 'IM_ERROR');
  assert.equal(timedOut.chats[key].loading, false);
  assert.equal(S.canLoadFromArchive(timedOut, key), true, 'try again');
  const none = S.archiveFailed(s, key, 'NO_ARCHIVE');
  assert.equal(S.canLoadFromArchive(none, key), false, 'nothing more is offered');
});

test('a nickname the person cleared to type another is not filled in again when the contact list changes', async () => {
  const RV = await import('../src/roomViews.js');
  const form = RV.roomForm({ onSave() {}, onCancel() {} });
  const accounts = [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', features: ['rooms'] }];
  form.open(accounts, { accountId: A }, NETWORKS);
  const nick = form.form.querySelector('[id="room-nick"]');
  assert.equal(nick.value, 'alice', 'the account\'s name is offered');
  nick.value = '';
  // A presence or roster event re-renders the page while the form is open.
  form.fillAccounts(accounts, NETWORKS);
  assert.equal(nick.value, '', 'what the person is typing stays theirs');
});

test("a room's refusal stays in the join form when the page re-renders, and Join stays off while a join is under way", async () => {
  const RV = await import('../src/roomViews.js');
  const form = RV.roomForm({ onSave() {}, onCancel() {} });
  const accounts = [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', features: ['rooms'] }];
  form.open(accounts, { accountId: A }, NETWORKS);
  form.busy(true);
  // Events re-render the page while the join is under way: Join is not offered twice.
  form.fillAccounts(accounts, NETWORKS);
  assert.equal(form.save.disabled, true, 'no second Join while the first is under way');
  form.busy(false);
  form.error.textContent = "The nickname 'bob' is already taken in friday@conference.example.org; choose another.";
  // A room's history or a presence re-renders the page right after the refusal.
  form.fillAccounts(accounts, NETWORKS);
  assert.equal(form.error.textContent, "The nickname 'bob' is already taken in friday@conference.example.org; choose another.");
  assert.equal(form.save.disabled, false, 'Join is offered again, to try another nickname');
  // The account going offline says why Join is off; back online, that reason goes, not the refusal before it.
  form.fillAccounts([{ ...accounts[0], state: 'disconnected' }], NETWORKS);
  assert.equal(form.save.disabled, true);
  const offline = form.error.textContent;
  assert.ok(offline.length > 0, 'the reason Join is off');
  form.fillAccounts(accounts, NETWORKS);
  assert.equal(form.error.textContent, '');
  assert.equal(form.save.disabled, false);
});

test('the account lists of the contact and room forms are kept while open: the option picked stays the same element, chosen', async () => {
  const RV = await import('../src/roomViews.js');
  const V = await import('../src/views.js');
  const accounts = [{ id: 'acc-1', network: 'xmpp', login: 'alice@example.org', state: 'connected', features: ['rooms'] },
    { id: 'acc-2', network: 'xmpp', login: 'alice@other.org', state: 'connected', features: ['rooms'] }];
  for (const form of [V.contactForm({ onSave() {}, onCancel() {} }), RV.roomForm({ onSave() {}, onCancel() {} })]) {
    form.open(accounts, {}, NETWORKS);
    const select = form.form.querySelector('select');
    const picked = select.children[1];
    select.value = 'acc-2';
    // An event re-renders the page while the form is open: the same accounts (new objects), then one more.
    form.fillAccounts(accounts.map((a) => ({ ...a })), NETWORKS);
    form.fillAccounts([...accounts, { id: 'acc-3', network: 'xmpp', login: 'alice@third.org', state: 'connected' }], NETWORKS);
    assert.equal(select.children[1], picked, 'the option is not replaced under the person\'s pointer');
    assert.equal(select.value, 'acc-2');
    assert.deepEqual(select.children.map((o) => o.textContent), ['alice@example.org', 'alice@other.org', 'alice@third.org']);
  }
});

test("a room's chat lists its occupants with their role and presence, live, as text", () => {
  let s = attached({ rooms: [joined] });
  s = S.openChat(s, A, ROOM);
  const key = S.chatKey(A, ROOM);
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  const shown = () => [...el.querySelectorAll('.room-occupant')].map((li) => [
    li.querySelector('.occupant-nick').textContent, li.querySelector('.occupant-role').textContent,
    li.querySelector('.occupant-presence').textContent]);
  V.updateChat(el, key, s, true);
  assert.equal(el.querySelector('.chat-room-occupants').hidden, false);
  assert.deepEqual(shown(), [['alice (you)', 'participant', 'online'], ['bob', 'moderator', 'online']]);

  s = S.applyEvent(s, { type: Event.ROOM_OCCUPANT, seq: 2, accountId: A, room: ROOM,
    occupant: { nick: '<img src=x onerror=alert(1)>', available: true, role: 'visitor', show: 'away', status: 'lunch' } });
  V.updateChat(el, key, s, true);
  assert.deepEqual(shown(), [['<img src=x onerror=alert(1)>', 'visitor', 'away — lunch'], ['alice (you)', 'participant', 'online'],
    ['bob', 'moderator', 'online']], 'sorted by nickname; a nickname with markup stays text');
  assert.equal(el.querySelector('.chat-room-occupants').querySelector('img'), null);

  s = S.applyEvent(s, { type: Event.ROOM_OCCUPANT, seq: 3, accountId: A, room: ROOM, occupant: { nick: 'bob', available: false } });
  V.updateChat(el, key, s, true);
  assert.deepEqual(shown().map((o) => o[0]), ['<img src=x onerror=alert(1)>', 'alice (you)'], 'bob left');

  s = S.applyEvent(s, { type: Event.ROOM, seq: 4, accountId: A, room: { room: ROOM, state: 'left', error: null } });
  V.updateChat(el, key, s, true);
  assert.equal(el.querySelector('.chat-room-occupants').hidden, true, 'not in the room: no list');

  const person = S.chatKey(A, 'bob@example.org');
  const chat = V.createChat(person, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {} });
  V.updateChat(chat, person, S.openChat(s, A, 'bob@example.org'), true);
  assert.equal(chat.querySelector('.chat-room-occupants').hidden, true, 'a chat with a person has none');
});
