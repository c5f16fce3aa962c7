// AIM and ICQ accounts next to XMPP and IRC: the badge, the form that fits the network, the address checks,
// all from the networks' descriptors (the ones the real nodes publish: networks-fixture.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';

installDom();
const V = await import('../src/views.js');
const { h } = await import('../src/dom.js');
const S = await import('../src/state.js');
const { checkAddress, checkServer } = await import('../src/limits.js');
const { NETWORKS, byId } = await import('./networks-fixture.js');

const noop = new Proxy({}, { get: () => () => {} });

function stateWith(accounts, contacts) {
  const s = S.beginAttach(S.initialState());
  return S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: { networks: NETWORKS, accounts, contacts, subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' } },
  });
}

test('accounts and contacts carry a network badge: XMPP, AIM or ICQ', () => {
  const s = stateWith([
    { id: 'x', network: 'xmpp', login: 'alice@example.org', state: 'connected' },
    { id: 'a', network: 'oscar', login: 'alicesmith', state: 'connected' },
    { id: 'i', network: 'oscar', login: '123456789', state: 'connected' },
  ], [
    { accountId: 'a', jid: 'bobjones', name: 'Bob Jones', groups: ['Friends'], subscription: 'to' },
    { accountId: 'i', jid: '987654321', name: '987654321', groups: [], subscription: 'to' },
  ]);
  const accounts = h('ul');
  V.renderAccounts(accounts, s, noop);
  const badges = accounts.querySelectorAll('.account').map((a) => a.querySelector('.account-network').textContent);
  assert.deepEqual(badges, ['XMPP', 'AIM', 'ICQ']);

  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  const bob = contacts.querySelectorAll('.contact').find((c) => c.getAttribute('data-jid') === 'bobjones');
  assert.equal(bob.querySelector('.contact-network').textContent, 'AIM');
  assert.equal(bob.querySelector('.contact-name').textContent, 'Bob Jones');
  const icq = contacts.querySelectorAll('.contact').find((c) => c.getAttribute('data-jid') === '987654321');
  assert.equal(icq.querySelector('.contact-network').textContent, 'ICQ');
});

test('the account form fits the network and sends it', () => {
  let saved = null;
  const form = V.accountForm({ onSave: (v) => { saved = v; }, onCancel: () => {} });
  form.open(null, NETWORKS);
  const field = (id) => form.form.querySelector(`[id="${id}"]`);
  const network = field('account-network');
  const port = field('account-port');
  const tlsRow = form.form.querySelector('.tls-row');
  assert.equal(network.value, 'xmpp');
  assert.equal(tlsRow.hidden, false);
  assert.equal(port.value, '');

  network.value = 'oscar';
  network.dispatch('change');
  assert.equal(port.value, '5190', 'OSCAR has no discovery: the usual port is filled in');
  assert.equal(tlsRow.hidden, true, 'OSCAR has no TLS to choose');
  assert.equal(form.form.querySelector('label[for="account-login"]').textContent, 'Screen name or ICQ number');

  field('account-login').value = 'Alice Smith';
  field('account-host').value = '127.0.0.1';
  form.form.dispatch('submit');
  assert.equal(saved.network, 'oscar');
  assert.equal(saved.login, 'Alice Smith');
  assert.equal(saved.port, '5190');

  form.open({ id: 'a', network: 'oscar', login: 'alicesmith', host: 'h', port: 5191 }, NETWORKS);
  assert.equal(network.value, 'oscar');
  assert.equal(network.disabled, true, 'the network of an account does not change');
  assert.equal(port.value, '5191');
});

test('screen names, ICQ numbers and OSCAR servers are checked in words', () => {
  const oscar = byId('oscar');
  const xmpp = byId('xmpp');
  assert.equal(checkAddress(oscar, 'Alice Smith', true), null);
  assert.equal(checkAddress(oscar, '123456789', true), null);
  assert.match(checkAddress(oscar, '1abc', true), /not a valid AIM screen name/);
  assert.match(checkAddress(oscar, 'ab', true), /not a valid AIM screen name/);
  assert.match(checkAddress(oscar, '', true), /Enter the screen name/);
  assert.equal(checkAddress(oscar, 'bobjones'), null);
  assert.match(checkAddress(xmpp, 'bobjones'), /name@example.org/);
  assert.equal(checkAddress(xmpp, 'bob@example.org'), null);
  assert.match(checkServer(oscar, '', '5190'), /server host/);
  assert.match(checkServer(oscar, 'h', ''), /port/);
  assert.equal(checkServer(oscar, 'h', '5190'), null);
  assert.equal(checkServer(xmpp, '', ''), null);
});

test('IRC accounts: a nickname, a server host, and TLS explained for IRC', () => {
  const form = V.accountForm({ onSave: () => {}, onCancel: () => {} });
  form.open(null, NETWORKS);
  const field = (id) => form.form.querySelector(`[id="${id}"]`);
  const network = field('account-network');
  network.value = 'irc';
  network.dispatch('change');
  assert.equal(form.form.querySelector('label[for="account-login"]').textContent, 'Nickname');
  assert.equal(field('account-port').value, '', 'the port follows TLS: 6697 or 6667');
  assert.equal(form.form.querySelector('.tls-row').hidden, false);
  assert.match(form.form.querySelector('.tls-help').textContent, /IRC servers offer no encryption on their plain port/);
  form.open({ id: 'r', network: 'irc', login: 'Alice', host: 'irc.example.org' }, NETWORKS);
  assert.equal(network.value, 'irc');

  const accounts = h('ul');
  V.renderAccounts(accounts, stateWith([{ id: 'r', network: 'irc', login: 'Alice', state: 'connected' }], []), noop);
  assert.equal(accounts.querySelector('.account-network').textContent, 'IRC');
});

test('IRC nicknames and channels are checked in words', () => {
  const irc = byId('irc');
  assert.equal(checkAddress(irc, 'Alice', true), null);
  assert.match(checkAddress(irc, '#parley', true), /not a valid IRC nickname/);
  assert.match(checkAddress(irc, '9lives', true), /not a valid IRC nickname/);
  assert.equal(checkAddress(irc, '#parley'), null);
  assert.equal(checkAddress(irc, 'bob'), null);
  // The sentence the session gives too (the descriptor's rule).
  assert.match(checkAddress(irc, 'bob smith'), /not a valid IRC nickname .* or channel \(#name\)/);
  assert.match(checkServer(irc, '', ''), /IRC server host/);
  assert.equal(checkServer(irc, 'irc.example.org', ''), null);
});
