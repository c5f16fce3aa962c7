// Notification decisions: only a received message while the tab is hidden, never one's own, rooms
// on mentions only unless asked; the permission and the settings decide notification and sound.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';

installDom();
const { notifyDecision, pageTitle, defaultSettings } = await import('../src/notify.js');
const S = await import('../src/state.js');

const A = 'acc-1';
const ON = { notify: true, sound: false, allRoomMessages: false };

function state() {
  return S.attachReply(S.beginAttach(S.initialState()), { seq: 1, complete: true, state: {
    accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }],
    contacts: [{ accountId: A, jid: 'bob@x.org', name: 'Bob', groups: [], presence: null }],
    rooms: [{ accountId: A, room: 'lobby@conf.x.org', state: 'joined', nick: 'alice', occupants: [] }] } });
}
const message = (peer, direction, text, extra = {}) => ({ type: 'message', seq: 2,
  message: { id: 7, accountId: A, peer, direction, text, ts: 1, status: 'sent', ...extra } });

test('a received message while the tab is hidden: a notification titled with the contact', () => {
  const d = notifyDecision(state(), message('bob@x.org', 'in', 'hello there'), { hidden: true, settings: ON, permission: 'granted' });
  assert.deepEqual(d, { notify: true, sound: false, key: S.chatKey(A, 'bob@x.org'), title: 'Bob', body: 'hello there' });
});

test('nothing while the tab is visible, for own messages, or for other events', () => {
  const opts = { hidden: true, settings: ON, permission: 'granted' };
  assert.equal(notifyDecision(state(), message('bob@x.org', 'in', 'hi'), { ...opts, hidden: false }), null);
  assert.equal(notifyDecision(state(), message('bob@x.org', 'out', 'mine'), opts), null);
  assert.equal(notifyDecision(state(), { ...message('bob@x.org', 'in', 'hi'), type: 'message.status' }, opts), null);
  assert.equal(notifyDecision(state(), message('bob@x.org', 'in', 'hi', { removed: true }), opts), null);
});

test('no notification without the switch or without the permission; the sound has its own setting', () => {
  const m = message('bob@x.org', 'in', 'hi');
  assert.equal(notifyDecision(state(), m, { hidden: true, settings: defaultSettings(), permission: 'granted' }), null);
  assert.equal(notifyDecision(state(), m, { hidden: true, settings: ON, permission: 'denied' }), null);
  assert.equal(notifyDecision(state(), m, { hidden: true, settings: ON, permission: 'default' }), null);
  const soundOnly = notifyDecision(state(), m, { hidden: true, settings: { ...ON, sound: true }, permission: 'denied' });
  assert.equal(soundOnly.notify, false);
  assert.equal(soundOnly.sound, true);
});

test('rooms notify on a mention of the nickname only, unless every room message is asked for', () => {
  const opts = { hidden: true, settings: ON, permission: 'granted' };
  assert.equal(notifyDecision(state(), message('lobby@conf.x.org', 'in', 'hi all', { nick: 'bob' }), opts), null);
  assert.equal(notifyDecision(state(), message('lobby@conf.x.org', 'in', 'malice is here', { nick: 'bob' }), opts), null);
  const mention = notifyDecision(state(), message('lobby@conf.x.org', 'in', 'hi Alice!', { nick: 'bob' }), opts);
  assert.equal(mention.title, 'bob in lobby@conf.x.org');
  assert.equal(mention.body, 'hi Alice!');
  assert.ok(notifyDecision(state(), message('lobby@conf.x.org', 'in', 'hi all', { nick: 'bob' }),
    { ...opts, settings: { ...ON, allRoomMessages: true } }));
});

test('a long text is cut for the notification', () => {
  const d = notifyDecision(state(), message('bob@x.org', 'in', 'x'.repeat(500)), { hidden: true, settings: ON, permission: 'granted' });
  assert.equal(d.body.length, 200);
});

test('the title counts unread messages', () => {
  assert.equal(pageTitle({}), 'Parley');
  assert.equal(pageTitle({ a: 2, b: 3 }), '(5) Parley');
});

test('switching notifications on asks the browser once; a refusal is said in words and the switch stays off', async () => {
  const { Notifier, PERMISSION_REFUSED, NOT_SUPPORTED } = await import('../src/notify.js');
  const stored = new Map();
  let asked = 0;
  let answer = 'denied';
  class FakeNotification {
    static permission = 'default';
    static async requestPermission() {
      asked++;
      FakeNotification.permission = answer;
      return answer;
    }
  }
  globalThis.window = {
    Notification: FakeNotification,
    localStorage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => stored.set(k, v) },
  };
  try {
    const n = new Notifier(() => {});
    assert.deepEqual(n.settings, defaultSettings(), 'all off on a new device');
    assert.equal(await n.setNotify(true), PERMISSION_REFUSED);
    assert.equal(asked, 1);
    assert.equal(n.settings.notify, false);
    // Refused once, the browser is not asked again (it would not ask the person anyway).
    assert.equal(await n.setNotify(true), PERMISSION_REFUSED);
    assert.equal(asked, 1);

    FakeNotification.permission = 'default';
    answer = 'granted';
    assert.equal(await n.setNotify(true), '');
    assert.equal(n.settings.notify, true);
    n.set('sound', true);
    assert.deepEqual(new Notifier(() => {}).settings, { notify: true, sound: true, allRoomMessages: false }, 'kept on this device');

    globalThis.window = { localStorage: window.localStorage };
    assert.equal(await new Notifier(() => {}).setNotify(true), NOT_SUPPORTED);
  } finally {
    delete globalThis.window;
  }
});
