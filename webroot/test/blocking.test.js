// Blocking (XEP-0191) and the server's features on the page: Block / Unblock offered only where the
// account's server can, with the reason in words where it cannot.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const { h } = await import('../src/dom.js');
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const { serverLacks } = await import('../src/serverFeatures.js');
const { Command, Event } = await import('../src/contract.js');

const A = 'acc-1';

function attached(account) {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null, ...account }],
      contacts: [{ accountId: A, jid: 'bob@example.org', name: 'Bob', groups: [], subscription: 'both', presence: { available: true, show: 'available', status: 'here' } }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
  return s;
}

function blockButton(s) {
  const contacts = h('div');
  const calls = [];
  V.renderContacts(contacts, s, new Proxy({}, { get: (_, name) => (...args) => calls.push([name, ...args]) }));
  const li = contacts.querySelector('.contact');
  return { li, button: li.querySelector('.contact-block'), calls };
}

test('the contract names the block commands and the blocklist event', () => {
  assert.equal(Command.CONTACT_BLOCK, 'contact.block');
  assert.equal(Command.CONTACT_UNBLOCK, 'contact.unblock');
  assert.equal(Event.BLOCKLIST, 'blocklist');
});

test('a server that offers blocking: Block, then Unblock once the blocklist says so', () => {
  let s = attached({ features: ['carbons', 'blocking'], blocked: [] });
  let { li, button, calls } = blockButton(s);
  assert.equal(button.textContent, 'Block');
  assert.equal(button.disabled, false);
  button.click();
  assert.deepEqual(calls.find((c) => c[0] === 'onBlockContact'), ['onBlockContact', A, 'bob@example.org', true]);
  assert.equal(li.classList.contains('blocked'), false);

  s = S.receive(s, { type: Event.BLOCKLIST, seq: 2, accountId: A, blocked: ['bob@example.org'] });
  ({ li, button, calls } = blockButton(s));
  assert.equal(button.textContent, 'Unblock');
  assert.equal(li.classList.contains('blocked'), true);
  assert.equal(li.querySelector('.contact-status').textContent, 'Blocked');
  button.click();
  assert.deepEqual(calls.find((c) => c[0] === 'onBlockContact'), ['onBlockContact', A, 'bob@example.org', false]);
});

test('a server without blocking: the button is disabled and says why', () => {
  const s = attached({ features: ['carbons'], blocked: [] });
  const { button } = blockButton(s);
  assert.equal(button.disabled, true);
  assert.equal(button.getAttribute('title'), "alice@example.org's server does not support blocking.");
});

test('the features come with the account state and replace what was known', () => {
  let s = attached({ features: ['blocking'], blocked: [] });
  s = S.receive(s, { type: Event.ACCOUNT_STATE, seq: 2, accountId: A, state: 'connected', error: null, features: ['archive'] });
  assert.equal(serverLacks(s.accounts[0], 'blocking'), true);
  assert.equal(serverLacks(s.accounts[0], 'archive'), false);
  // A state without the field (an older session) keeps what was known.
  s = S.receive(s, { type: Event.ACCOUNT_STATE, seq: 3, accountId: A, state: 'connected', error: null });
  assert.deepEqual(s.accounts[0].features, ['archive']);
  // Not known yet: nothing is said to be lacking.
  assert.equal(serverLacks({ features: null }, 'blocking'), false);
});

test('AIM and ICQ accounts cannot block, and say so', () => {
  const s = attached({ network: 'oscar', login: 'alice smith', features: null });
  const offer = S.blockOffer(s, A, 'bob@example.org');
  assert.equal(offer.disabled, true);
  // The session's NOT_SUPPORTED sentence, from the OSCAR descriptor's label.
  assert.equal(offer.why, 'Blocking is not supported on AIM / ICQ.');
});
