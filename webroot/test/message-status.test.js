// A sent message's status (pending, sent, failed with the reason) and the storage notice: the
// reducer and how a chat shows them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, textNodes } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const { Event, MessageStatus } = await import('../src/contract.js');

const A = 'acc-1';
const bob = 'bob@example.org';
const KEY = S.chatKey(A, bob);
const out = (id, status, error = null) => ({ id, accountId: A, peer: bob, direction: 'out', text: 'hi ' + id, ts: 1764060000000, status, error });
const bounce = { code: 'IM_ERROR', text: 'bob@example.org does not exist on that server.' };

function attached() {
  let s = S.beginAttach(S.initialState());
  return S.attachReply(s, {
    seq: 10, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null }],
      contacts: [{ accountId: A, jid: bob, name: 'Bob', groups: [], subscription: 'both', presence: null }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
}

test('message.status replaces the message in its chat and counts nothing as unread', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.PENDING) });
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 12, message: out(1, MessageStatus.SENT) });
  assert.equal(s.chats[KEY].messages.length, 1);
  assert.equal(s.chats[KEY].messages[0].status, MessageStatus.SENT);
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 13, message: out(1, MessageStatus.FAILED, bounce) });
  assert.deepEqual(s.chats[KEY].messages[0].error, bounce);
  assert.equal(s.unread[KEY], undefined);
  assert.equal(s.seq, 13);
});

test('a copy that is older than what the page knows does not undo a status', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 11, message: out(1, MessageStatus.FAILED, bounce) });
  // A history page read before the bounce was written, or the send's own late reply.
  s = S.historyLoaded(s, KEY, [out(1, MessageStatus.PENDING)], 50);
  s = S.messageSent(s, out(1, MessageStatus.SENT));
  assert.equal(s.chats[KEY].messages[0].status, MessageStatus.FAILED);
  assert.deepEqual(s.chats[KEY].messages[0].error, bounce);
});

test('the storage notice follows the storage events', () => {
  let s = attached();
  assert.equal(S.storageNotice(s), '');
  const text = 'The server cannot store messages right now; new messages will appear when it can.';
  s = S.receive(s, { type: Event.STORAGE, seq: 11, available: false, text });
  assert.equal(S.storageNotice(s), text);
  s = S.receive(s, { type: Event.STORAGE, seq: 12, available: true });
  assert.equal(S.storageNotice(s), '');
});

function chatOf(state) {
  const el = V.createChat(KEY, new Proxy({}, { get: () => () => {} }));
  V.updateChat(el, KEY, state, true);
  return el;
}

test('an outgoing message shows sending, then nothing more once sent, and the reason when it failed', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.PENDING) });
  const el = chatOf(s);
  const item = el.querySelector('.chat-message');
  assert.equal(item.getAttribute('data-status'), MessageStatus.PENDING);
  assert.ok(textNodes(item).some((t) => /sending/i.test(t)), textNodes(item).join('|'));

  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 12, message: out(1, MessageStatus.SENT) });
  V.updateChat(el, KEY, s, true);
  assert.equal(el.querySelector('.chat-message'), item, 'the same bubble, updated');
  assert.equal(item.getAttribute('data-status'), MessageStatus.SENT);
  assert.ok(!textNodes(item).some((t) => /sending|not delivered/i.test(t)), textNodes(item).join('|'));

  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 13, message: out(1, MessageStatus.FAILED, bounce) });
  V.updateChat(el, KEY, s, true);
  assert.equal(item.getAttribute('data-status'), MessageStatus.FAILED);
  assert.ok(textNodes(item).some((t) => t.includes('Not delivered: bob@example.org does not exist on that server.')),
    textNodes(item).join('|'));
});

test('an incoming message carries no status marker', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: { ...out(1, MessageStatus.SENT), direction: 'in' } });
  const item = chatOf(s).querySelector('.chat-message');
  assert.ok(!textNodes(item).some((t) => /sending|sent|delivered/i.test(t)), textNodes(item).join('|'));
});

test('delivered and read move a sent message forward and show it; a late copy does not take it back', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.PENDING) });
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 12, message: out(1, MessageStatus.SENT) });
  const el = chatOf(s);
  const item = el.querySelector('.chat-message');
  assert.ok(textNodes(item).some((t) => /sent/.test(t)), textNodes(item).join('|'));

  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 13, message: out(1, MessageStatus.DELIVERED) });
  V.updateChat(el, KEY, s, true);
  assert.equal(item.getAttribute('data-status'), MessageStatus.DELIVERED);
  assert.ok(textNodes(item).some((t) => /delivered/.test(t) && !/not/.test(t)), textNodes(item).join('|'));

  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 14, message: out(1, MessageStatus.READ) });
  // The send's own late reply, and a history page read before: still read.
  s = S.messageSent(s, out(1, MessageStatus.SENT));
  s = S.historyLoaded(s, KEY, [out(1, MessageStatus.DELIVERED)], 50);
  V.updateChat(el, KEY, s, true);
  assert.equal(s.chats[KEY].messages[0].status, MessageStatus.READ);
  assert.equal(item.getAttribute('data-status'), MessageStatus.READ);
  assert.ok(textNodes(item).some((t) => /read/.test(t)), textNodes(item).join('|'));
  assert.equal(s.unread[KEY], undefined);
});

test('a message the person sent from another client shows as their own, and is not unread', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(7, MessageStatus.SENT) });
  assert.equal(s.chats[KEY].messages[0].direction, 'out');
  assert.equal(s.unread[KEY], undefined);
  const item = chatOf(s).querySelector('.chat-message');
  assert.ok(item.getAttribute('class').includes('out'), item.getAttribute('class'));
});

test('a message its sender corrected shows the new text as edited; one taken back shows as removed, for good', () => {
  let s = attached();
  const inMsg = (extra) => ({ ...out(3, MessageStatus.SENT), direction: 'in', text: 'helo', ...extra });
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: inMsg({}) });
  const el = chatOf(s);
  const item = el.querySelector('.chat-message');
  s = S.receive(s, { type: Event.MESSAGE_UPDATED, seq: 12, message: inMsg({ text: 'hello', edited: true }) });
  V.updateChat(el, KEY, s, true);
  assert.equal(item.querySelector('.chat-text').textContent, 'hello');
  assert.ok(textNodes(item).includes('edited'), textNodes(item).join('|'));
  assert.equal(s.unread[KEY], 1, 'a correction is not a new unread message');

  // A history page read before the correction does not bring the typo back.
  s = S.historyLoaded(s, KEY, [inMsg({})], 50);
  assert.equal(s.chats[KEY].messages[0].text, 'hello');

  s = S.receive(s, { type: Event.MESSAGE_UPDATED, seq: 13, message: inMsg({ text: '', removed: true }) });
  s = S.historyLoaded(s, KEY, [inMsg({ text: 'hello', edited: true })], 50);
  V.updateChat(el, KEY, s, true);
  assert.equal(item.getAttribute('data-removed'), 'true');
  assert.equal(item.querySelector('.chat-text').textContent, 'This message was removed by its sender.');
  assert.ok(!textNodes(item).some((t) => t.includes('hello') || t === 'edited'), textNodes(item).join('|'));
});

test('only the last message sent offers Edit; a sent one offers Remove; one taken back shows so', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.SENT) });
  s = S.receive(s, { type: Event.MESSAGE, seq: 12, message: out(2, MessageStatus.SENT) });
  s = S.receive(s, { type: Event.MESSAGE, seq: 13, message: out(3, MessageStatus.PENDING) });
  const el = chatOf(s);
  const [one, two, three] = el.querySelectorAll('.chat-message');
  assert.equal(one.querySelector('.chat-edit').hidden, true);
  assert.equal(one.querySelector('.chat-actions').hidden, false, 'a sent message can be taken back');
  assert.equal(three.querySelector('.chat-actions').hidden, true, 'not while it is being sent');
  assert.equal(three.querySelector('.chat-edit').hidden, false);

  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 14, message: out(3, MessageStatus.FAILED, bounce) });
  s = S.receive(s, { type: Event.MESSAGE_UPDATED, seq: 15, message: { ...out(2, MessageStatus.READ), text: '', removed: true } });
  V.updateChat(el, KEY, s, true);
  assert.equal(three.querySelector('.chat-actions').hidden, true, 'nothing to correct in a message that failed');
  assert.equal(two.querySelector('.chat-actions').hidden, true);
  assert.equal(two.querySelector('.chat-text').textContent, 'You removed this message.');

  s = S.receive(s, { type: Event.MESSAGE, seq: 16, message: { ...out(4, MessageStatus.SENT), elsewhere: true } });
  V.updateChat(el, KEY, s, true);
  const four = el.querySelectorAll('.chat-message')[3];
  assert.equal(four.querySelector('.chat-actions').hidden, true, 'sent from another client: changed only there');
});

test('an AIM or ICQ chat offers neither Edit nor Remove', () => {
  let s = attached();
  s = { ...s, accounts: s.accounts.map((a) => ({ ...a, network: 'oscar', login: 'bobsmith' })) };
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.SENT) });
  const item = chatOf(s).querySelector('.chat-message');
  assert.equal(item.querySelector('.chat-actions').hidden, true);
});

// A message whose send a stopped Parley server cut off: it may or may not have gone out.
const cutOff = { code: 'SEND_UNSURE', text: 'The Parley server sending this message stopped before the IM server answered, '
  + 'so it may or may not have gone out. It is not sent again by itself: send it again if it did not arrive.' };

test('an unsure message replaces its pending copy, a late pending copy does not undo it, and the IM server\'s word still settles it', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.PENDING) });
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 12, message: out(1, MessageStatus.UNSURE, cutOff) });
  s = S.historyLoaded(s, KEY, [out(1, MessageStatus.PENDING)], 50);
  assert.equal(s.chats[KEY].messages[0].status, MessageStatus.UNSURE);
  assert.deepEqual(s.chats[KEY].messages[0].error, cutOff);
  // The peer's receipt came after all: it went out.
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 13, message: out(1, MessageStatus.DELIVERED) });
  assert.equal(s.chats[KEY].messages[0].status, MessageStatus.DELIVERED);
  assert.equal(s.chats[KEY].messages[0].error, null);
});

test('an unsure message says why in words and offers Send again, once; nothing to edit in it', () => {
  let s = attached();
  s = S.receive(s, { type: Event.MESSAGE, seq: 11, message: out(1, MessageStatus.UNSURE, cutOff) });
  const asked = [];
  const el = V.createChat(KEY, new Proxy({}, {
    get: (_, name) => (name === 'onSendAgain' ? (key, id) => asked.push([key, id]) : () => {}),
  }));
  V.updateChat(el, KEY, s, true);
  const item = el.querySelector('.chat-message');
  assert.equal(item.getAttribute('data-status'), MessageStatus.UNSURE);
  assert.ok(textNodes(item).some((t) => /may not have been sent/.test(t)), textNodes(item).join('|'));
  assert.ok(textNodes(item).some((t) => t.includes(cutOff.text)), textNodes(item).join('|'));
  assert.ok(!textNodes(item).some((t) => t === 'sending…' || /not delivered/i.test(t)), textNodes(item).join('|'));
  assert.equal(item.querySelector('.chat-actions').hidden, true, 'not corrected or taken back');
  const again = item.querySelector('.chat-send-again');
  assert.equal(again.hidden, false);
  assert.equal(again.textContent, 'Send again');
  again.click();
  assert.deepEqual(asked, [[KEY, 1]]);
  // Sent again (a new message): the button goes, the words stay.
  V.markSentAgain(el, 1);
  V.updateChat(el, KEY, S.receive(s, { type: Event.TYPING, seq: 12, accountId: A, from: bob, state: 'composing' }), true);
  assert.equal(again.hidden, true);
  assert.ok(textNodes(item).some((t) => t.includes(cutOff.text)), textNodes(item).join('|'));

  // One that turned out sent shows neither the words nor the button.
  s = S.receive(s, { type: Event.MESSAGE, seq: 12, message: out(2, MessageStatus.UNSURE, cutOff) });
  s = S.receive(s, { type: Event.MESSAGE_STATUS, seq: 13, message: out(2, MessageStatus.SENT) });
  V.updateChat(el, KEY, s, true);
  const two = el.querySelectorAll('.chat-message')[1];
  assert.equal(two.querySelector('.chat-send-again').hidden, true);
  assert.ok(!textNodes(two).some((t) => t.includes(cutOff.text)), textNodes(two).join('|'));
});
