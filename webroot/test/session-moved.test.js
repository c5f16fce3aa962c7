import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../src/state.js';
import { Event } from '../src/contract.js';

// `session.moved`: the user's state moved to another session process; the page attaches again.

const A = 'acc-1';
const bob = 'bob@example.org';
const KEY = S.chatKey(A, bob);

function snapshot() {
  return {
    accounts: [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null }],
    contacts: [{ accountId: A, jid: bob, name: 'Bob', groups: [], subscription: 'both', presence: { available: true, show: 'available', status: '' } }],
    subscriptionRequests: [],
    unread: [],
    ownPresence: { show: 'available', status: '' },
  };
}

const msgEvent = (seq, id) => ({ type: 'message', seq, message: { id, accountId: A, peer: bob, direction: 'in', text: 'm' + id, ts: 1764060000000 + id } });
const moved = { type: Event.SESSION_MOVED };

function attached(seq) {
  return S.attachReply(S.beginAttach(S.initialState()), { seq, stream: 's1', state: snapshot(), events: [], complete: true });
}

test('session.moved asks for an attach, buffers what is pushed meanwhile and leaves seq alone', () => {
  let s = attached(20);
  s = S.receive(s, moved);
  assert.equal(s.resync, true, 'the page attaches again');
  assert.equal(s.attaching, true);
  assert.equal(s.seq, 20, 'not part of the stream');
  s = S.receive(s, msgEvent(23, 9));
  assert.equal(s.buffer.length, 1);

  // Resumed on the new owner: the missed events come with the reply, then the buffered one.
  s = S.beginAttach(s);
  s = S.attachReply(s, { seq: 22, stream: 's1', complete: true, state: snapshot(), events: [msgEvent(21, 7), msgEvent(22, 8)] });
  assert.equal(s.seq, 23);
  assert.equal(s.resync, false);
  assert.deepEqual(s.chats[KEY].messages.map((m) => m.id), [7, 8, 9]);
});

test('after session.moved to a new stream the page rebuilds from the snapshot and reloads history', () => {
  let s = attached(20);
  s = S.receive(s, msgEvent(21, 7));
  s = S.openChat(s, A, bob);
  s = S.receive(s, moved);
  s = S.beginAttach(s);
  // The new owner's stream is another one: it says the window was missed.
  s = S.attachReply(s, { seq: 3, stream: 's2', complete: false, state: snapshot(), events: [] });
  assert.equal(s.seq, 3, 'follows the new stream');
  assert.equal(s.attached, true);
  assert.equal(s.historyStale, true, 'open chats reload their history');
  assert.equal(s.contacts[KEY].name, 'Bob');
  s = S.receive(s, msgEvent(4, 10));
  assert.equal(s.seq, 4);
});

test('session.moved during an attach attaches once more after its reply', () => {
  let s = S.beginAttach(attached(20));
  s = S.receive(s, moved);
  assert.equal(s.attaching, true);
  s = S.attachReply(s, { seq: 20, stream: 's1', complete: true, state: snapshot(), events: [] });
  assert.equal(s.resync, true, 'the reply may have come from the old owner');
  assert.equal(s.attaching, false);
  s = S.beginAttach(s);
  s = S.attachReply(s, { seq: 21, stream: 's1', complete: true, state: snapshot(), events: [msgEvent(21, 7)] });
  assert.equal(s.resync, false, 'only once');
  assert.equal(s.seq, 21);
});
