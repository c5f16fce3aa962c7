// The IM server's archive on the page: older messages when local history ran out, and the
// notice that messages may have been missed while Parley was away.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const { Event, Command } = await import('../src/contract.js');

const X = 'acc-x';
const O = 'acc-o';
const bob = 'bob@example.org';
const KEY = S.chatKey(X, bob);
const noop = new Proxy({}, { get: () => () => {} });

function attached() {
  let s = S.beginAttach(S.initialState());
  return S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [
        { id: X, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null },
        { id: O, network: 'oscar', login: 'AliceSmith', state: 'connected', error: null },
      ],
      contacts: [], subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
}

const stored = (id, stanzaId) => ({ id, accountId: X, peer: bob, direction: 'in', text: 'stored ' + id, ts: 1764060000000 + id, status: 'sent', ...(stanzaId ? { stanzaId } : {}) });
const archived = (stanzaId, ts, direction = 'in') => ({ accountId: X, peer: bob, direction, text: 'old ' + stanzaId, ts, status: 'sent', error: null, stanzaId, archived: true });

test('the contract names the command and the event as the server does', () => {
  assert.equal(Command.HISTORY_ARCHIVE, 'history.archive');
  assert.equal(Event.ARCHIVE_GAP, 'archive.gap');
});

test('older messages come from the server only for XMPP chats whose local history ran out', () => {
  let s = attached();
  s = S.historyLoaded(s, KEY, [stored(5, 'S5'), stored(6)], 50);
  assert.equal(S.canLoadFromArchive(s, KEY), true);
  assert.deepEqual(S.archiveCursor(s, KEY), { before: 'S5' }, 'before the oldest message the server knows');

  let more = S.historyLoaded(attached(), KEY, [stored(5, 'S5')], 1);
  assert.equal(S.canLoadFromArchive(more, KEY), false, 'local history first');

  const oscarKey = S.chatKey(O, 'BobJones');
  const o = S.historyLoaded(s, oscarKey, [], 50);
  assert.equal(S.canLoadFromArchive(o, oscarKey), false, 'OSCAR has no archive');

  const noId = S.historyLoaded(attached(), KEY, [stored(7)], 50);
  assert.deepEqual(S.archiveCursor(noId, KEY), { beforeTs: 1764060000007 }, 'else before its time');
});

test('an archive page is shown before the stored messages, each message once, until the server says complete', () => {
  let s = S.historyLoaded(attached(), KEY, [stored(5, 'S5'), stored(6, 'S6')], 50);
  s = S.archiveLoaded(s, KEY, [archived('S3', 1), archived('S4', 2, 'out'), archived('S5', 3)], false);
  const chat = s.chats[KEY];
  assert.deepEqual(S.shownMessages(chat).map((m) => m.text), ['old S3', 'old S4', 'stored 5', 'stored 6'],
    'S5 is stored already: not shown twice');
  assert.deepEqual(S.archiveCursor(s, KEY), { before: 'S3' });
  assert.equal(S.canLoadFromArchive(s, KEY), true);
  s = S.archiveLoaded(s, KEY, [archived('S1', 0), archived('S3', 1)], true);
  assert.deepEqual(S.shownMessages(s.chats[KEY]).map((m) => m.text).slice(0, 3), ['old S1', 'old S3', 'old S4']);
  assert.equal(S.canLoadFromArchive(s, KEY), false, 'nothing older on the server');

  const el = V.createChat(KEY, noop);
  V.updateChat(el, KEY, s, true);
  const items = el.querySelectorAll('.chat-message');
  assert.equal(items.length, 5);
  assert.ok(items[0].classList.contains('archived'));
  assert.ok(items[2].classList.contains('out'));
  assert.equal(el.querySelector('.chat-load-older').textContent, 'No older messages');
});

test('the older button offers the server once local history ran out', () => {
  const s = S.historyLoaded(attached(), KEY, [stored(5, 'S5')], 50);
  const el = V.createChat(KEY, noop);
  V.updateChat(el, KEY, s, true);
  const button = el.querySelector('.chat-load-older');
  assert.equal(button.textContent, 'Load older messages from the server');
  assert.equal(button.disabled, false);
});

test('archive.gap says messages may have been missed, per account, until dismissed', () => {
  let s = attached();
  assert.equal(S.archiveNotice(s), '');
  const text = 'The server of alice@example.org keeps no message archive, so messages sent to you while Parley was away may have been missed.';
  s = S.receive(s, { type: Event.ARCHIVE_GAP, seq: 2, accountId: X, reason: 'no-archive', text });
  assert.equal(S.archiveNotice(s), text);
  s = S.receive(s, { type: Event.ARCHIVE_GAP, seq: 3, accountId: X, reason: 'no-archive', text });
  assert.equal(S.archiveNotice(s), text, 'said once per account');
  s = S.dismissArchiveNotice(s);
  assert.equal(S.archiveNotice(s), '');
});
