import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../src/state.js';

const A = 'acc-1';
const bob = 'bob@example.org';
const KEY = S.chatKey(A, bob);

function snapshot(extra = {}) {
  return {
    accounts: [{ id: A, network: 'xmpp', login: 'alice@example.org', host: null, port: null, tls: 'required', state: 'connected', error: null }],
    contacts: [{ accountId: A, jid: bob, name: 'Bob', groups: ['Friends'], subscription: 'both', presence: { available: true, show: 'away', status: 'lunch' } }],
    subscriptionRequests: [],
    unread: [],
    ownPresence: { show: 'available', status: '' },
    ...extra,
  };
}

const msg = (id, direction = 'in', text = 'hi') => ({ id, accountId: A, peer: bob, direction, text, ts: 1764060000000 + id });
const msgEvent = (seq, id, direction = 'in') => ({ type: 'message', seq, message: msg(id, direction) });

function attached(seq = 20, extra = {}) {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, { seq, username: 'alice', state: snapshot(extra), events: [], complete: true });
  return s;
}

test('attach applies state and sets seq from the reply', () => {
  const s = attached(20);
  assert.equal(s.seq, 20);
  assert.equal(s.username, 'alice');
  assert.equal(s.accounts.length, 1);
  assert.equal(s.contacts[KEY].name, 'Bob');
  assert.equal(s.attaching, false);
  assert.equal(s.attached, true);
});

test('pushed events apply in seq order; duplicates and old ones are ignored', () => {
  let s = attached(20);
  s = S.receive(s, msgEvent(21, 1));
  s = S.receive(s, msgEvent(21, 1)); // duplicate
  s = S.receive(s, msgEvent(19, 99)); // older than what we have
  s = S.receive(s, msgEvent(22, 2));
  assert.equal(s.seq, 22);
  assert.deepEqual(s.chats[KEY].messages.map((m) => m.id), [1, 2]);
  assert.equal(s.unread[KEY], 2);
});

test('receive returns the same state for an already applied event', () => {
  const s = attached(20);
  assert.equal(S.receive(s, msgEvent(20, 5)), s);
});

test('events pushed before the attach reply are buffered, then applied after it', () => {
  let s = S.beginAttach(S.initialState(17));
  s = S.receive(s, msgEvent(19, 3)); // also in the reply's events
  s = S.receive(s, msgEvent(21, 5)); // newer than the reply
  s = S.receive(s, msgEvent(20, 4)); // out of order in the buffer
  assert.equal(s.buffer.length, 3);
  assert.equal(s.chats[KEY], undefined, 'nothing applied while attaching');
  s = S.attachReply(s, {
    seq: 19, username: 'alice', complete: true,
    state: snapshot({ unread: [{ accountId: A, peer: bob, count: 1 }] }),
    events: [msgEvent(18, 2), msgEvent(19, 3)],
  });
  assert.equal(s.seq, 21);
  assert.deepEqual(s.chats[KEY].messages.map((m) => m.id), [2, 3, 4, 5]);
  // The snapshot's count (1) covers the replayed events; the two live ones (20, 21) add to it.
  assert.equal(s.unread[KEY], 3);
  assert.equal(s.buffer.length, 0);
  assert.equal(s.attaching, false);
});

test('replayed events at or below since are skipped', () => {
  let s = S.beginAttach(S.initialState(18));
  s = S.attachReply(s, { seq: 19, state: snapshot(), complete: true, events: [msgEvent(17, 1), msgEvent(18, 2), msgEvent(19, 3)] });
  assert.deepEqual(s.chats[KEY].messages.map((m) => m.id), [3]);
  assert.equal(s.seq, 19);
});

test('complete:false rebuilds from state only and flags open chats for a history reload', () => {
  let s = attached(20);
  s = S.openChat(s, A, bob);
  s = S.historyLoaded(s, KEY, [msg(1), msg(2)], 50);
  s = S.receive(s, { type: 'typing', seq: 21, accountId: A, peer: bob, state: 'composing' });
  s = S.beginAttach(s);
  s = S.attachReply(s, {
    seq: 500, complete: false,
    state: snapshot({ contacts: [], unread: [{ accountId: A, peer: bob, count: 4 }] }),
  });
  assert.equal(s.seq, 500);
  assert.deepEqual(s.contacts, {});
  assert.deepEqual(s.chats, {}, 'loaded history is forgotten');
  assert.equal(s.historyStale, true);
  assert.deepEqual(s.openChats, [KEY], 'open chats stay open');
  assert.deepEqual(s.typing, {});
  // The open chat is focused and visible, so its unread count is cleared and a read is queued.
  assert.equal(s.unread[KEY], undefined);
  assert.deepEqual(s.readsToSend, [KEY]);
  s = S.historyRefreshStarted(s);
  assert.equal(s.historyStale, false);
});

test('a reply older than our seq (server reset) is treated as incomplete', () => {
  let s = attached(20);
  s = S.receive(s, msgEvent(21, 7));
  s = S.beginAttach(s);
  s = S.attachReply(s, { seq: 3, complete: true, state: snapshot(), events: [msgEvent(3, 1)] });
  assert.equal(s.seq, 3);
  assert.equal(s.chats[KEY], undefined);
  s = S.receive(s, msgEvent(4, 8));
  assert.equal(s.seq, 4);
});

test('a gap in pushed events asks for a resync and keeps the event', () => {
  let s = attached(20);
  s = S.receive(s, msgEvent(23, 9));
  assert.equal(s.resync, true);
  assert.equal(s.attaching, true);
  assert.equal(s.seq, 20);
  s = S.beginAttach(s);
  assert.equal(s.resync, false);
  s = S.attachReply(s, { seq: 22, complete: true, state: snapshot(), events: [msgEvent(21, 7), msgEvent(22, 8)] });
  assert.equal(s.seq, 23);
  assert.deepEqual(s.chats[KEY].messages.map((m) => m.id), [7, 8, 9]);
});

test('unread: incoming messages count unless the chat is focused and visible', () => {
  let s = attached(20);
  s = S.receive(s, msgEvent(21, 1));
  assert.equal(s.unread[KEY], 1);
  s = S.receive(s, msgEvent(22, 2, 'out'));
  assert.equal(s.unread[KEY], 1, 'outgoing messages do not count');
  s = S.openChat(s, A, bob);
  assert.equal(s.unread[KEY], undefined, 'opening clears');
  assert.deepEqual(s.readsToSend, [KEY], 'and tells the server');
  s = S.readsSent(s);
  s = S.receive(s, msgEvent(23, 3));
  assert.equal(s.unread[KEY], undefined, 'focused chat stays read');
  assert.deepEqual(s.readsToSend, [KEY]);
  s = S.readsSent(s);
  s = S.setVisible(s, false);
  s = S.receive(s, msgEvent(24, 4));
  assert.equal(s.unread[KEY], 1, 'hidden tab counts');
  s = S.setVisible(s, true);
  assert.equal(s.unread[KEY], undefined);
  assert.deepEqual(s.readsToSend, [KEY]);
});

test('unread: chat.read from another tab clears; snapshot counts are kept on replay', () => {
  let s = S.beginAttach(S.initialState(10));
  s = S.attachReply(s, {
    seq: 12, complete: true,
    state: snapshot({ unread: [{ accountId: A, peer: bob, count: 1 }] }),
    events: [msgEvent(11, 1), { type: 'chat.read', seq: 12, accountId: A, peer: bob }],
  });
  assert.equal(s.unread[KEY], 1, 'replayed chat.read does not undo the snapshot');
  s = S.receive(s, { type: 'chat.read', seq: 13, accountId: A, peer: bob });
  assert.equal(s.unread[KEY], undefined);
});

test('typing shows while composing and clears on paused or an incoming message', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'typing', seq: 21, accountId: A, peer: bob, state: 'composing' });
  assert.equal(s.typing[KEY], 'composing');
  s = S.receive(s, { type: 'typing', seq: 22, accountId: A, peer: bob, state: 'paused' });
  assert.equal(s.typing[KEY], undefined);
  s = S.receive(s, { type: 'typing', seq: 23, accountId: A, peer: bob, state: 'composing' });
  s = S.receive(s, msgEvent(24, 1));
  assert.equal(s.typing[KEY], undefined);
});

test('accounts: added, state with error, updated, removed (closing its chats)', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'account.added', seq: 21, account: { id: 'acc-2', login: 'x@y.org', state: 'connecting', error: null } });
  assert.equal(s.accounts.length, 2);
  s = S.receive(s, { type: 'account.state', seq: 22, accountId: 'acc-2', state: 'failed', error: { code: 'IM_AUTH_FAILED', text: 'The IM server refused the username or password.' } });
  assert.equal(S.accountById(s, 'acc-2').state, 'failed');
  assert.equal(S.accountById(s, 'acc-2').error.code, 'IM_AUTH_FAILED');
  s = S.receive(s, { type: 'account.state', seq: 23, accountId: 'acc-2', state: 'connected' });
  assert.equal(S.accountById(s, 'acc-2').error, null);
  s = S.openChat(s, A, bob);
  s = S.receive(s, { type: 'account.removed', seq: 24, accountId: A });
  assert.equal(s.accounts.length, 1);
  assert.deepEqual(s.contacts, {});
  assert.deepEqual(s.openChats, []);
  assert.equal(s.focus, null);
});

test('roster replaces one account\'s contacts and keeps known presence', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'roster', seq: 21, accountId: A, contacts: [{ jid: bob, name: 'Bobby', groups: [], subscription: 'both' }, { jid: 'eve@example.org', name: null, groups: [], subscription: 'to' }] });
  assert.equal(s.contacts[KEY].name, 'Bobby');
  assert.equal(s.contacts[KEY].presence.show, 'away');
  assert.equal(S.contactShow(s.contacts[S.chatKey(A, 'eve@example.org')]), 'offline');
  s = S.receive(s, { type: 'presence', seq: 22, accountId: A, jid: 'eve@example.org', presence: { available: true, show: 'dnd', status: 'busy' } });
  assert.equal(S.contactShow(s.contacts[S.chatKey(A, 'eve@example.org')]), 'dnd');
  s = S.receive(s, { type: 'contact.removed', seq: 23, accountId: A, jid: bob });
  assert.equal(s.contacts[KEY], undefined);
});

test('subscription requests: added once, removed when answered or approved elsewhere', () => {
  let s = attached(20);
  const carol = 'carol@example.org';
  s = S.receive(s, { type: 'subscription.request', seq: 21, accountId: A, jid: carol });
  s = S.receive(s, { type: 'subscription.request', seq: 22, accountId: A, jid: carol });
  assert.equal(s.subscriptionRequests.length, 1);
  assert.equal(S.subscriptionAnswered(s, A, carol).subscriptionRequests.length, 0);
  s = S.receive(s, { type: 'contact.updated', seq: 23, accountId: A, contact: { jid: carol, name: null, groups: [], subscription: 'from' } });
  assert.equal(s.subscriptionRequests.length, 0);
});

test('own presence and signed-out events', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'own-presence', seq: 21, show: 'away', status: 'back soon' });
  assert.deepEqual(s.ownPresence, { show: 'away', status: 'back soon' });
  s = S.receive(s, { type: 'signed-out', seq: 22 });
  assert.equal(s.signedOut, true);
});

test('history pages merge by id, oldest first, and know when there is no more', () => {
  let s = attached(20);
  s = S.openChat(s, A, bob);
  s = S.receive(s, msgEvent(21, 60)); // also in the first page
  s = S.receive(s, msgEvent(22, 61));
  s = S.historyLoaded(s, KEY, Array.from({ length: 50 }, (_, i) => msg(11 + i)), 50);
  assert.equal(s.chats[KEY].messages.length, 51);
  assert.equal(s.chats[KEY].hasMore, true);
  s = S.historyLoaded(s, KEY, Array.from({ length: 10 }, (_, i) => msg(1 + i)), 50);
  assert.equal(s.chats[KEY].messages[0].id, 1);
  assert.equal(s.chats[KEY].messages.length, 61);
  assert.equal(s.chats[KEY].hasMore, false);
  s = S.messageSent(s, msg(62, 'out'));
  s = S.receive(s, msgEvent(23, 62, 'out')); // the same message as an event: not doubled
  assert.equal(s.chats[KEY].messages.length, 62);
});

test('chats: open, focus and close move the focus sensibly', () => {
  let s = attached(20);
  s = S.openChat(s, A, bob);
  s = S.openChat(s, A, 'eve@example.org');
  assert.equal(s.focus, S.chatKey(A, 'eve@example.org'));
  s = S.focusChat(s, KEY);
  assert.equal(s.focus, KEY);
  s = S.closeChat(s, KEY);
  assert.equal(s.focus, S.chatKey(A, 'eve@example.org'));
  s = S.closeChat(s, s.focus);
  assert.equal(s.focus, null);
});

test('contacts are grouped by first group, ungrouped last, online first', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'roster', seq: 21, accountId: A, contacts: [
    { jid: 'a@x.org', name: 'Zed', groups: ['Work'], presence: { available: true, show: 'available', status: '' } },
    { jid: 'b@x.org', name: 'Amy', groups: ['Work'] },
    { jid: 'c@x.org', name: 'Cy', groups: [] },
    { jid: 'd@x.org', name: 'Di', groups: ['Friends'] },
  ] });
  const g = S.groupedContacts(s);
  assert.deepEqual(g.map((x) => x.name), ['Friends', 'Work', '']);
  assert.deepEqual(g[1].contacts.map((x) => x.contact.name), ['Zed', 'Amy']);
});

test('people who wrote but are not contacts are listed first so their messages are seen', () => {
  let s = attached(20);
  s = S.receive(s, { type: 'message', seq: 21, message: { id: 1, accountId: A, peer: 'zoe@example.org', direction: 'in', text: 'hi', ts: 1 } });
  const g = S.groupedContacts(s);
  const first = g[0];
  assert.equal(first.name, S.RECENT_GROUP);
  assert.equal(first.recent, true);
  assert.equal(first.contacts[0].contact.jid, 'zoe@example.org');
  assert.equal(first.contacts[0].contact.stranger, true);
  assert.equal(s.unread[S.chatKey(A, 'zoe@example.org')], 1);
  assert.deepEqual(g.map((x) => x.name), [S.RECENT_GROUP, 'Friends'], 'Bob stays in his group');
});

// ---- the order of the contact list ----------------------------------------------------------

const NOW = 1764060000000 + 1000;
const HOUR = 3600 * 1000;
const at = (id, peer, ts, direction = 'in') => ({ id, accountId: A, peer, direction, text: 't' + id, ts });
const keysOf = (group) => group.contacts.map((x) => x.key);

function withRoster() {
  let s = attached(20);
  s = S.receive(s, { type: 'roster', seq: 21, accountId: A, contacts: [
    { jid: 'amy@x.org', name: 'Amy', groups: ['Work'] },
    { jid: 'cy@x.org', name: 'Cy', groups: ['Work'] },
    { jid: 'di@x.org', name: 'Di', groups: ['Friends'] },
    { jid: 'ed@x.org', name: 'Ed', groups: [] },
  ] });
  return s;
}

test('a stranger who writes is listed at the top with the unread count, above every contact', () => {
  let s = withRoster();
  const zoe = S.chatKey(A, 'zoe@example.org');
  s = S.receive(s, { type: 'message', seq: 22, message: at(1, 'zoe@example.org', NOW - 1000) });
  const g = S.groupedContacts(s, NOW);
  assert.equal(g[0].name, S.RECENT_GROUP);
  assert.deepEqual(keysOf(g[0]), [zoe]);
  assert.equal(g[0].contacts[0].contact.stranger, true);
  assert.equal(s.unread[zoe], 1);
  assert.deepEqual(g.slice(1).map((x) => x.name), ['Friends', 'Work', ''], 'the rest as before');
  assert.ok(!g.some((x) => x.strangers), 'not also at the bottom');
});

test('unread conversations first, then recent ones, newest first; the rest as before, nobody twice', () => {
  let s = withRoster();
  const key = (jid) => S.chatKey(A, jid);
  s = S.receive(s, { type: 'message', seq: 22, message: at(1, 'amy@x.org', NOW - 3 * HOUR) }); // unread, older
  s = S.receive(s, { type: 'message', seq: 23, message: at(2, 'zoe@example.org', NOW - 2 * HOUR) }); // unread stranger
  s = S.messageSent(s, at(3, 'di@x.org', NOW - HOUR, 'out')); // our own, read, newest
  s = S.messageSent(s, at(4, 'ed@x.org', NOW - 5 * HOUR, 'out')); // read, older
  const g = S.groupedContacts(s, NOW);
  assert.deepEqual(keysOf(g[0]), [key('zoe@example.org'), key('amy@x.org'), key('di@x.org'), key('ed@x.org')]);
  assert.deepEqual(g.slice(1).map((x) => [x.name, keysOf(x)]), [['Work', [key('cy@x.org')]]]);
  const all = g.flatMap(keysOf);
  assert.equal(new Set(all).size, all.length, 'each conversation once');
  assert.equal(all.length, 5);
});

test('reading a conversation keeps it among the recent ones until it is a day old', () => {
  let s = withRoster();
  const amy = S.chatKey(A, 'amy@x.org');
  s = S.receive(s, { type: 'message', seq: 22, message: at(1, 'amy@x.org', NOW - 1000) });
  s = S.openChat(s, A, 'amy@x.org');
  assert.equal(s.unread[amy], undefined);
  assert.deepEqual(keysOf(S.groupedContacts(s, NOW)[0]), [amy]);
  const later = S.groupedContacts(s, NOW + S.RECENT_MS);
  assert.notEqual(later[0].name, S.RECENT_GROUP);
  assert.deepEqual(keysOf(later.find((x) => x.name === 'Work')), [amy, S.chatKey(A, 'cy@x.org')]);
});

test('unread counts of the attach snapshot (no message loaded) count as recent, after timed ones', () => {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, { seq: 5, complete: true, state: snapshot({
    contacts: [{ accountId: A, jid: bob, name: 'Bob', groups: ['Friends'] }, { accountId: A, jid: 'amy@x.org', name: 'Amy', groups: [] }],
    unread: [{ accountId: A, peer: bob, count: 2 }, { accountId: A, peer: 'old@example.org', count: 1 }],
  }) });
  s = S.receive(s, { type: 'message', seq: 6, message: at(9, 'amy@x.org', NOW - 1000) });
  const g = S.groupedContacts(s, NOW);
  assert.deepEqual(keysOf(g[0]), [S.chatKey(A, 'amy@x.org'), KEY, S.chatKey(A, 'old@example.org')]);
  assert.equal(g.length, 1, 'every contact is in a recent conversation');
});

test('a stranger whose conversation is read and old is listed last, as before', () => {
  let s = withRoster();
  s = S.receive(s, { type: 'message', seq: 22, message: at(1, 'zoe@example.org', NOW - 2 * S.RECENT_MS) });
  s = S.openChat(s, A, 'zoe@example.org');
  const g = S.groupedContacts(s, NOW);
  const last = g[g.length - 1];
  assert.equal(last.name, S.STRANGERS_GROUP);
  assert.equal(last.strangers, true);
  assert.deepEqual(keysOf(last), [S.chatKey(A, 'zoe@example.org')]);
  assert.ok(!g.some((x) => x.recent));
});

test('subscription.answered in another tab removes the request; typing needs no seq', () => {
  let s = attached(20, { subscriptionRequests: [{ accountId: A, jid: 'carol@example.org' }] });
  assert.equal(s.subscriptionRequests.length, 1);
  s = S.receive(s, { type: 'subscription.answered', seq: 21, accountId: A, jid: 'carol@example.org', approve: false });
  assert.equal(s.subscriptionRequests.length, 0);
  assert.equal(s.seq, 21);
  s = S.receive(s, { type: 'typing', accountId: A, peer: bob, state: 'composing' });
  assert.equal(s.typing[KEY], 'composing');
  assert.equal(s.seq, 21, 'a passing signal leaves seq alone');
  assert.equal(s.resync, false);
});

test('a message whose answer was lost counts as sent once the stream shows it after the last one before', () => {
  const key = S.chatKey('a1', 'bob@example.org');
  let s = S.openChat(S.initialState(0), 'a1', 'bob@example.org');
  s = S.historyLoaded(s, key, [
    { id: 7, accountId: 'a1', peer: 'bob@example.org', direction: 'out', text: 'hello', ts: 1, status: 'sent' },
  ], 50);
  assert.equal(S.lastMessageId(s, key), 7);
  assert.equal(S.sentAfter(s, key, 'hello', 7), false, 'the same text sent before does not count');
  s = S.receive(s, { type: 'message', seq: 1, message: { id: 8, accountId: 'a1', peer: 'bob@example.org',
    direction: 'out', text: 'hello', ts: 2, status: 'pending' } });
  assert.equal(S.sentAfter(s, key, 'hello', 7), true);
  assert.equal(S.sentAfter(s, key, 'other', 7), false);
  assert.equal(S.lastMessageId(S.initialState(0), key), null);
});
