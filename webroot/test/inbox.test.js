// The inbox's page logic: the recent conversations list (from chats.recent, kept live by the
// stream), day separators, the "new messages" line, and moving between conversations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';

installDom();
const I = await import('../src/inbox.js');
const S = await import('../src/state.js');
const IV = await import('../src/inboxViews.js');

const A = 'acc-1';
const key = (peer) => S.chatKey(A, peer);
const msg = (id, peer, direction, text, ts = 1764900000000 + id) => ({ id, accountId: A, peer, direction, text, ts, status: 'sent' });

test('the first page replaces the list, newest chat first; a later page adds older chats', () => {
  let r = I.recentLoaded(I.emptyRecent(), { chats: [
    { accountId: A, peer: 'bob@x.org', network: 'xmpp', unread: 2, message: msg(9, 'bob@x.org', 'in', 'hi') },
    { accountId: A, peer: 'carol@x.org', network: 'xmpp', unread: 0, message: msg(5, 'carol@x.org', 'out', 'yo') },
  ], more: true });
  assert.deepEqual(r.chats.map((c) => c.peer), ['bob@x.org', 'carol@x.org']);
  assert.equal(r.more, true);
  assert.equal(I.recentCursor(r), 5);
  r = I.recentLoaded(r, { chats: [{ accountId: A, peer: 'dave@x.org', message: msg(2, 'dave@x.org', 'in', 'old') }], more: false }, true);
  assert.deepEqual(r.chats.map((c) => c.peer), ['bob@x.org', 'carol@x.org', 'dave@x.org']);
  assert.equal(r.more, false);
});

test('a new message moves its chat to the top; a status change updates it in place; an older one changes nothing', () => {
  let r = I.recentLoaded(I.emptyRecent(), { chats: [
    { accountId: A, peer: 'bob@x.org', network: 'xmpp', message: msg(9, 'bob@x.org', 'in', 'hi') },
    { accountId: A, peer: 'carol@x.org', network: 'xmpp', message: msg(5, 'carol@x.org', 'out', 'yo') },
  ] });
  r = I.recentOnEvent(r, { type: 'message', seq: 3, message: msg(12, 'carol@x.org', 'in', 'newer') });
  assert.deepEqual(r.chats.map((c) => c.peer), ['carol@x.org', 'bob@x.org']);
  assert.equal(r.chats[0].message.text, 'newer');
  assert.equal(r.chats[0].network, 'xmpp', 'the network is kept');
  r = I.recentOnEvent(r, { type: 'message', seq: 4, message: msg(13, 'eve@x.org', 'out', 'first to eve') });
  assert.deepEqual(r.chats.map((c) => c.peer), ['eve@x.org', 'carol@x.org', 'bob@x.org']);
  r = I.recentOnEvent(r, { type: 'message.status', seq: 5, message: { ...msg(13, 'eve@x.org', 'out', 'first to eve'), status: 'read' } });
  assert.equal(r.chats[0].message.status, 'read');
  const same = I.recentOnEvent(r, { type: 'message', seq: 6, message: msg(3, 'bob@x.org', 'in', 'older') });
  assert.equal(same, r);
  assert.equal(I.recentOnEvent(r, { type: 'presence', seq: 7 }), r);
});

test('a page that comes after live messages keeps them when they are newer', () => {
  let r = I.recentOnEvent(I.emptyRecent(), { type: 'message', message: msg(20, 'bob@x.org', 'in', 'live') });
  r = I.recentLoaded(r, { chats: [{ accountId: A, peer: 'bob@x.org', network: 'xmpp', message: msg(19, 'bob@x.org', 'in', 'stored') },
    { accountId: A, peer: 'zed@x.org', network: 'xmpp', message: msg(4, 'zed@x.org', 'in', 'z') }] });
  assert.deepEqual(r.chats.map((c) => c.message.text), ['live', 'z']);
  assert.equal(r.chats[0].network, 'xmpp');
});

test('the last message line: "You:" for own messages, the nick in a room, long texts cut', () => {
  assert.equal(I.lastMessageLine(msg(1, 'b', 'out', 'see\nyou')), 'You: see you');
  assert.equal(I.lastMessageLine({ ...msg(1, 'r', 'in', 'hello'), nick: 'bob' }), 'bob: hello');
  assert.equal(I.lastMessageLine({ ...msg(1, 'b', 'in', 'x'), removed: true }), 'message removed');
  assert.equal(I.lastMessageLine(msg(1, 'b', 'in', 'a'.repeat(200))).length, 80);
});

test('day separators before the first message of each day, labelled Today, Yesterday or the date', () => {
  const now = new Date(2026, 11, 5, 15, 0).getTime();
  const at = (d, h) => new Date(2026, 11, d, h, 0).getTime();
  const items = I.withSeparators([
    msg(1, 'b', 'in', 'a', at(3, 10)), msg(2, 'b', 'out', 'b', at(3, 23)),
    msg(3, 'b', 'in', 'c', at(4, 9)),
    msg(4, 'b', 'in', 'd', at(5, 8)), msg(5, 'b', 'in', 'e', at(5, 9)),
  ], null, now);
  assert.deepEqual(items.map((i) => (i.separator ? `[${i.label}]` : i.text)),
    ['[Thursday, 3 December 2026]', 'a', 'b', '[Yesterday]', 'c', '[Today]', 'd', 'e']);
  assert.equal(new Set(items.filter((i) => i.separator).map((i) => i.key)).size, 3, 'keys differ');
});

test('the "new messages" line goes before the first unread message', () => {
  const messages = [msg(1, 'b', 'in', 'a'), msg(2, 'b', 'out', 'b'), msg(3, 'b', 'in', 'c'), msg(4, 'b', 'in', 'd')];
  assert.equal(I.firstUnreadId(messages, { count: 2, upTo: 4 }), 3);
  assert.equal(I.firstUnreadId(messages, { count: 2, upTo: null }), 3);
  // Received after the person came to read: after the line, not counted in it.
  assert.equal(I.firstUnreadId([...messages, msg(5, 'b', 'in', 'e')], { count: 2, upTo: 4 }), 3);
  assert.equal(I.firstUnreadId(messages, { count: 9, upTo: 4 }), 1);
  assert.equal(I.firstUnreadId(messages, null), null);
  const items = I.withSeparators(messages, 3, messages[0].ts);
  const at = items.findIndex((i) => i.separator === 'new');
  assert.equal(items[at + 1].id, 3);
  assert.equal(items[at].label, 'New messages');
});

test('reading a chat with unread messages remembers its line; closing the chat forgets it', () => {
  let s = S.attachReply(S.beginAttach(S.initialState()), { seq: 1, complete: true, state: {
    accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }],
    unread: [{ accountId: A, peer: 'bob@x.org', count: 2 }] } });
  s = S.historyLoaded(s, key('bob@x.org'), [msg(1, 'bob@x.org', 'in', 'a'), msg(2, 'bob@x.org', 'in', 'b'), msg(3, 'bob@x.org', 'in', 'c')], 50);
  const opened = I.trackNewLines(s, S.openChat(s, A, 'bob@x.org'));
  assert.deepEqual(opened.newLines[key('bob@x.org')], { count: 2, upTo: 3 });
  assert.equal(I.firstUnreadId(opened.chats[key('bob@x.org')].messages, opened.newLines[key('bob@x.org')]), 2);
  // Hidden: nothing is read, so no line is taken yet.
  const hidden = S.setVisible(s, false);
  assert.equal(I.trackNewLines(hidden, S.openChat(hidden, A, 'bob@x.org')).newLines, undefined);
  const closed = I.trackNewLines(opened, S.closeChat(opened, key('bob@x.org')));
  assert.deepEqual(closed.newLines, {});
});

test('Alt+Down and Alt+Up go through the recent list, then the open chats', () => {
  const order = ['a', 'b', 'c'];
  assert.equal(I.nextConversation(order, 'a', 1), 'b');
  assert.equal(I.nextConversation(order, 'b', -1), 'a');
  assert.equal(I.nextConversation(order, 'c', 1), null);
  assert.equal(I.nextConversation(order, null, 1), 'a');
  assert.equal(I.nextConversation(order, null, -1), 'c');
  assert.equal(I.nextConversation([], null, 1), null);
  const s = { accounts: [{ id: A }], openChats: [key('z'), key('b')],
    recent: { chats: [{ key: key('b'), accountId: A }, { key: key('c'), accountId: A }, { key: 'gone\u0001x', accountId: 'gone' }] } };
  assert.deepEqual(I.conversationOrder(s), [key('b'), key('c'), key('z')]);
});

test('Alt+Up/Down step through people: a merged person is one stop, wherever their chats are', () => {
  const B = 'acc-2';
  const bobAim = S.chatKey(B, 'bobaim');
  const person = { id: 'p1', contacts: [{ accountId: A, jid: 'bob@x.org' }, { accountId: B, jid: 'bobaim' }] };
  const s = { accounts: [{ id: A }, { id: B }], people: { p1: person }, personOpen: null, focus: null,
    openChats: [key('z'), bobAim],
    recent: { chats: [{ key: key('bob@x.org'), accountId: A }, { key: key('c'), accountId: A },
      { key: bobAim, accountId: B }] } };
  // Bob's XMPP and AIM chats are one stop (where his newest is); his open AIM chat too.
  assert.deepEqual(I.conversationOrder(s), ['p:p1', key('c'), key('z')]);
  assert.equal(I.currentConversation(s), null);
  assert.equal(I.currentConversation({ ...s, personOpen: 'p1' }), 'p:p1');
  assert.equal(I.currentConversation({ ...s, focus: bobAim }), 'p:p1', 'a chat of a person stands for the person');
  assert.equal(I.currentConversation({ ...s, focus: key('c') }), key('c'));
  const order = I.conversationOrder(s);
  assert.equal(I.nextConversation(order, I.currentConversation({ ...s, personOpen: 'p1' }), 1), key('c'));
  assert.equal(I.nextConversation(order, I.currentConversation({ ...s, focus: key('c') }), -1), 'p:p1');
  assert.deepEqual(I.conversationTarget('p:p1'), { personId: 'p1' });
  assert.deepEqual(I.conversationTarget(key('c')), { accountId: A, jid: 'c' });
});

test('the panel lists chats newest first with name, network, unread count and last message as text', () => {
  let s = S.attachReply(S.beginAttach(S.initialState()), { seq: 1, complete: true, state: {
    accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }],
    contacts: [{ accountId: A, jid: 'bob@x.org', name: '<b>Bob</b>', groups: [], presence: null }],
    unread: [{ accountId: A, peer: 'bob@x.org', count: 3 }] } });
  s = { ...s, recent: I.recentLoaded(I.emptyRecent(), { chats: [
    { accountId: A, peer: 'bob@x.org', network: 'xmpp', message: msg(9, 'bob@x.org', 'in', '<img src=x onerror=alert(1)>') },
    { accountId: A, peer: 'carol@x.org', network: 'xmpp', message: msg(5, 'carol@x.org', 'out', 'yo') },
    { accountId: 'removed', peer: 'x@x.org', network: 'xmpp', message: msg(4, 'x@x.org', 'out', 'gone') },
  ], more: true }) };
  const opened = [];
  const panel = IV.recentPanel({ onOpen: (a, p) => opened.push(p), onMore() {} });
  IV.renderRecent(panel, s);
  const items = panel.list.querySelectorAll('.recent-chat');
  assert.equal(items.length, 2, 'a removed account\'s chat is not listed');
  assert.equal(items[0].querySelector('.recent-name').textContent, '<b>Bob</b>');
  assert.equal(items[0].querySelector('.recent-network').textContent, 'XMPP');
  assert.equal(items[0].querySelector('.recent-unread').textContent, '3');
  assert.equal(items[0].querySelector('.recent-last').textContent, '<img src=x onerror=alert(1)>');
  assert.equal(items[1].querySelector('.recent-last').textContent, 'You: yo');
  assert.equal(items[1].querySelector('.recent-unread').hidden, true);
  assert.equal(panel.more.hidden, false);
  assert.equal(panel.root.hidden, false);
  // Read elsewhere (chat.read): the count goes.
  IV.renderRecent(panel, S.applyEvent(s, { type: 'chat.read', accountId: A, peer: 'bob@x.org' }));
  assert.equal(items[0].querySelector('.recent-unread').hidden, true);
  IV.renderRecent(panel, { ...s, recent: I.emptyRecent() });
  assert.equal(panel.root.hidden, true, 'no conversations: no panel');
});

test('scrolling a chat up to its top asks for its older messages; scrolling elsewhere does not', async () => {
  const V = await import('../src/views.js');
  const asked = [];
  const el = V.createChat(key('bob@x.org'), { onScrolledToTop: (k) => asked.push(k), onLoadOlder() {}, onSend() {}, onInput() {}, onCloseChat() {} });
  el._parts.scroll.scrollTop = 300;
  el._parts.scroll.dispatch('scroll');
  assert.deepEqual(asked, []);
  el._parts.scroll.scrollTop = 10;
  el._parts.scroll.dispatch('scroll');
  assert.deepEqual(asked, [key('bob@x.org')]);
});

test('older messages put above keep the reader\'s place; the newest is followed only from the bottom or when sent', async () => {
  const { redrawKeepingPlace } = await import('../src/messageList.js');
  const scroll = { scrollHeight: 1000, clientHeight: 400, scrollTop: 10 };
  const page = [msg(5, 'b', 'in', 'e'), msg(6, 'b', 'in', 'f')];
  const grows = (px) => () => { scroll.scrollHeight += px; };
  // Near the top, 590 px from the bottom: 300 px of older messages come above, the reader's message stays put.
  let shown = [msg(3, 'b', 'in', 'c'), msg(4, 'b', 'in', 'd'), ...page];
  redrawKeepingPlace(scroll, page, shown, grows(300));
  assert.equal(scroll.scrollTop, 310);
  // The same messages as new objects (a person's timeline is built afresh): compared by id.
  const again = shown.map((m) => ({ ...m }));
  redrawKeepingPlace(scroll, shown, [msg(1, 'b', 'in', 'a'), ...again], grows(100));
  assert.equal(scroll.scrollTop, 410);
  shown = [msg(1, 'b', 'in', 'a'), ...again];
  // Reading further up: a new message from the other side leaves the place alone ...
  redrawKeepingPlace(scroll, shown, [...shown, msg(7, 'b', 'in', 'g')], grows(50));
  assert.equal(scroll.scrollTop, 410);
  shown = [...shown, msg(7, 'b', 'in', 'g')];
  // ... one's own message just sent is followed ...
  redrawKeepingPlace(scroll, shown, [...shown, msg(8, 'b', 'out', 'h')], grows(50));
  assert.equal(scroll.scrollTop, scroll.scrollHeight);
  shown = [...shown, msg(8, 'b', 'out', 'h')];
  // ... and at the bottom, so is the next one in.
  scroll.scrollTop = scroll.scrollHeight - scroll.clientHeight;
  redrawKeepingPlace(scroll, shown, [...shown, msg(9, 'b', 'in', 'i')], grows(50));
  assert.equal(scroll.scrollTop, scroll.scrollHeight);
  // A first drawing shows the newest.
  const fresh = { scrollHeight: 0, clientHeight: 400, scrollTop: 0 };
  redrawKeepingPlace(fresh, [], shown, () => { fresh.scrollHeight = 2000; });
  assert.equal(fresh.scrollTop, 2000);
});

test('a group chat is listed by the room\'s name, moved to the top by a message in it, with its unread count and who said it', () => {
  const ROOM = 'lobby@conference.x.org';
  let s = S.attachReply(S.beginAttach(S.initialState()), { seq: 1, complete: true, state: {
    accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }],
    contacts: [{ accountId: A, jid: 'bob@x.org', name: 'Bob', groups: [], presence: null }],
    rooms: [{ accountId: A, room: ROOM, state: 'joined', nick: 'alice', role: 'participant', affiliation: 'none', occupants: [] }],
    unread: [{ accountId: A, peer: ROOM, count: 1 }] } });
  s = { ...s, recent: I.recentLoaded(I.emptyRecent(), { chats: [
    { accountId: A, peer: 'bob@x.org', network: 'xmpp', message: msg(3, 'bob@x.org', 'in', 'hi') },
    { accountId: A, peer: ROOM, network: 'xmpp', message: { ...msg(2, ROOM, 'in', 'first'), nick: 'carol' } },
  ] }) };
  const opened = [];
  const panel = IV.recentPanel({ onOpen: (a, p) => opened.push(p), onOpenPerson() {}, onMore() {} });
  IV.renderRecent(panel, s);
  assert.deepEqual(panel.list.querySelectorAll('.recent-chat').map((li) => li.getAttribute('data-jid')), ['bob@x.org', ROOM]);

  // Dave says something in the room: it goes to the top, one more unread, his words as the last message.
  const e = { type: 'message', seq: 2, message: { ...msg(4, ROOM, 'in', 'hello all'), nick: 'dave' } };
  s = { ...S.receive(s, e), recent: I.recentOnEvent(s.recent, e) };
  IV.renderRecent(panel, s);
  const items = panel.list.querySelectorAll('.recent-chat');
  assert.deepEqual(items.map((li) => li.getAttribute('data-jid')), [ROOM, 'bob@x.org']);
  assert.equal(items[0].querySelector('.recent-name').textContent, 'lobby');
  assert.equal(items[0].querySelector('.recent-network').textContent, 'XMPP');
  assert.equal(items[0].querySelector('.recent-unread').textContent, '2');
  assert.equal(items[0].querySelector('.recent-last').textContent, 'dave: hello all');
  items[0].click();
  assert.deepEqual(opened, [ROOM], 'the room\'s chat opens');
});
