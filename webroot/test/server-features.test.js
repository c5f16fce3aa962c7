// What an account's IM server lacks (its `features`, XEP-0030 disco at login) is not offered on the
// page, and the page says why in words: the server's archive, file upload, copies of messages sent
// from other devices.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const { h } = await import('../src/dom.js');
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const F = await import('../src/serverFeatures.js');
const { Event } = await import('../src/contract.js');

const X = 'acc-x';
const bob = 'bob@example.org';
const KEY = S.chatKey(X, bob);
const ROOM = 'lobby@conference.example.org';
const ALL = ['archive', 'carbons', 'blocking', 'rooms', 'upload'];

function attached(features, extra = {}) {
  let s = S.beginAttach(S.initialState());
  return S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: X, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null, features, blocked: [] }],
      contacts: [], subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
      ...extra,
    },
  });
}

function chatOf(s, key = KEY) {
  const el = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {}, onSendFile() {} });
  V.updateChat(el, key, s, true);
  return el;
}

const ranOut = (s, key = KEY) => S.historyLoaded(S.openChat(s, X, S.splitKey(key).jid), key, [], 50);

test('no "older messages from the server" where the server keeps no archive, and the chat says why', () => {
  const without = ranOut(attached(['carbons', 'blocking', 'rooms', 'upload']));
  assert.equal(S.canLoadFromArchive(without, KEY), false);
  const older = chatOf(without).querySelector('.chat-load-older');
  assert.equal(older.textContent, "No older messages here: alice@example.org's server keeps no archive of messages to fetch them from.");
  assert.equal(older.disabled, true);

  const withArchive = ranOut(attached(ALL));
  assert.equal(chatOf(withArchive).querySelector('.chat-load-older').textContent, 'Load older messages from the server');
  assert.equal(S.canLoadFromArchive(ranOut(attached(null)), KEY), true, 'not known yet: offered, the server answers');
});

test("a room's own archive is offered even where the account's server keeps none", () => {
  const room = { accountId: X, room: ROOM, state: 'joined', nick: 'alice', role: 'participant', occupants: [] };
  const key = S.chatKey(X, ROOM);
  const s = ranOut(attached(['rooms'], { rooms: [room], invitations: [] }), key);
  assert.equal(S.canLoadFromArchive(s, key), true);
});

test('no file button where the server has no upload service, with the reason', () => {
  const attach = chatOf(ranOut(attached(['archive', 'carbons']))).querySelector('.chat-attach');
  assert.equal(attach.hidden, false);
  assert.equal(attach.disabled, true);
  assert.equal(attach.getAttribute('title'), "alice@example.org's server has no file upload service, so files cannot be sent from this account.");

  const offered = chatOf(ranOut(attached(ALL))).querySelector('.chat-attach');
  assert.equal(offered.disabled, false);
  assert.equal(offered.getAttribute('title'), 'Send a file or picture');
});

test("the file button names the server's size limit when the server gave one", () => {
  let s = attached(ALL);
  s = S.applyEvent(s, { type: Event.ACCOUNT_STATE, seq: 2, accountId: X, state: 'connected', error: null, features: ALL, uploadMaxBytes: 4096 });
  assert.equal(S.accountById(s, X).uploadMaxBytes, 4096);
  assert.equal(chatOf(ranOut(s)).querySelector('.chat-attach').getAttribute('title'),
    "Send a file or picture (alice@example.org's server takes files up to 4,096 bytes)");
  s = S.applyEvent(s, { type: Event.ACCOUNT_STATE, seq: 3, accountId: X, state: 'connected', error: null, features: ['upload'] });
  assert.equal(S.accountById(s, X).uploadMaxBytes, null, 'the next login names none');
  assert.equal(F.uploadOffer(s.networks, S.accountById(s, X)).title, 'Send a file or picture');
});

test('an account whose server does not copy messages from other devices says so', () => {
  const list = h('ul');
  V.renderAccounts(list, attached(['archive', 'blocking']), new Proxy({}, { get: () => () => {} }));
  assert.equal(list.querySelector('.account-server-notes').textContent,
    "Messages you send from other devices will not show here: alice@example.org's server does not copy them to Parley (XEP-0280).");
  const withCarbons = h('ul');
  V.renderAccounts(withCarbons, attached(ALL), new Proxy({}, { get: () => () => {} }));
  assert.equal(withCarbons.querySelector('.account-server-notes').textContent, '');
  const unknown = h('ul');
  V.renderAccounts(unknown, attached(null), new Proxy({}, { get: () => () => {} }));
  assert.equal(unknown.querySelector('.account-server-notes').textContent, '', 'not connected yet: nothing is known');
});
