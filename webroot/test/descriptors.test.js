// The page builds its account form, badges, checks and menus from the networks the nodes describe:
// only the networks running are offered, and a new network needs no change to the page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';
import { NETWORKS, byId } from './networks-fixture.js';

installDom();
const V = await import('../src/views.js');
const S = await import('../src/state.js');
const R = await import('../src/rooms.js');
const N = await import('../src/networks.js');
const { checkAddress, checkRoomAddress, checkServer } = await import('../src/limits.js');
const RV = await import('../src/roomViews.js');

const field = (form, id) => form.form.querySelector(`[id="${id}"]`);
const options = (select) => select.querySelectorAll('option').map((o) => [o.value, o.textContent]);

function attached(networks, accounts = []) {
  return S.attachReply(S.beginAttach(S.initialState()), {
    seq: 1, username: 'alice', complete: true,
    state: { networks, accounts, contacts: [], subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' } },
  });
}

test('the account form offers exactly the networks the running nodes describe, by their labels', () => {
  const form = V.accountForm({ onSave() {}, onCancel() {} });
  form.open(null, [byId('xmpp'), byId('irc')]);
  const network = field(form, 'account-network');
  assert.deepEqual(options(network), [['irc', 'IRC'], ['xmpp', 'XMPP (Jabber)']], 'no AIM / ICQ without an OSCAR node');
  assert.equal(network.value, 'xmpp', 'the contract\'s default network first, when it runs');
  form.open(null, NETWORKS);
  assert.deepEqual(options(field(form, 'account-network')).map(([v]) => v), ['oscar', 'irc', 'xmpp']);
  assert.equal(form.form.querySelector('label[for="account-login"]').textContent, 'Address (JID)');
  assert.equal(field(form, 'account-login').placeholder, 'alice@example.org');
  assert.equal(field(form, 'account-host').placeholder, 'from the address');
});

test('without any network the form says so; an account on a network no node describes can still be edited', () => {
  const form = V.accountForm({ onSave() {}, onCancel() {} });
  form.open(null, []);
  assert.match(form.error.textContent, /No IM network is available right now/);
  form.open({ id: 'a', network: 'oscar', login: 'alicesmith', host: 'h', port: 5190 }, [byId('xmpp')]);
  assert.equal(field(form, 'account-network').value, 'oscar');
  assert.equal(form.error.textContent, '');
});

test('a network the page has never heard of gets its form, badge and checks from its descriptor alone', () => {
  const matrix = {
    network: 'matrix', label: 'Matrix', badge: 'MX', badges: [],
    login: { label: 'Matrix ID', placeholder: '@alice:example.org', pattern: '@[a-z0-9._=/-]+:[A-Za-z0-9.-]+', rule: 'a Matrix ID like @alice:example.org', normalize: 'lower' },
    contact: { label: 'Matrix ID', placeholder: '@bob:example.org', pattern: '@[a-z0-9._=/-]+:[A-Za-z0-9.-]+', rule: 'a Matrix ID like @bob:example.org', normalize: 'lower' },
    server: { host: 'none', port: 'none', defaultPort: null, tls: false, tlsDefault: 'required' },
    capabilities: ['roster', 'groupChats', 'files'], commands: ['send-message'],
  };
  let saved = null;
  const form = V.accountForm({ onSave: (v) => { saved = v; }, onCancel() {} });
  form.open(null, [matrix]);
  assert.equal(field(form, 'account-network').value, 'matrix');
  assert.equal(form.form.querySelector('label[for="account-login"]').textContent, 'Matrix ID');
  assert.equal(form.form.querySelector('.tls-row').hidden, true);
  assert.equal(field(form, 'account-host').parentNode.hidden, true, 'no server host asked');
  field(form, 'account-login').value = '@alice:example.org';
  form.form.dispatch('submit');
  assert.equal(saved.network, 'matrix');

  assert.equal(checkAddress(matrix, '@alice:example.org', true), null);
  assert.equal(checkAddress(matrix, 'alice', true), 'That is not a Matrix ID like @alice:example.org.');
  assert.equal(checkServer(matrix, '', ''), null);
  const s = attached([matrix], [{ id: 'm', network: 'matrix', login: '@alice:example.org', state: 'connected' }]);
  assert.equal(V.networkBadge(s.accounts[0], s.networks), 'MX');
  assert.equal(R.roomsOffered(s), true);
  assert.equal(R.roomOffer(s.accounts[0], s.networks).why, '');
});

test('the server fields follow the descriptor: OSCAR\'s usual port filled in, and taken out again for another network', () => {
  const form = V.accountForm({ onSave() {}, onCancel() {} });
  form.open(null, NETWORKS);
  const network = field(form, 'account-network');
  const port = field(form, 'account-port');
  network.value = 'oscar';
  network.dispatch('change');
  assert.equal(port.value, '5190');
  assert.equal(form.form.querySelector('label[for="account-host"]').textContent, 'Server host');
  network.value = 'irc';
  network.dispatch('change');
  assert.equal(port.value, '', 'the usual OSCAR port is not left for IRC');
  assert.equal(port.placeholder, '6697 (6667 without TLS)');
  assert.equal(form.form.querySelector('.tls-row').hidden, false);
});

test('menus follow the capabilities: rooms, blocking, archive, files and editing only where the network has them', () => {
  const s = attached(NETWORKS, [
    { id: 'x', network: 'xmpp', login: 'alice@example.org', state: 'connected', features: ['rooms', 'blocking'] },
    { id: 'o', network: 'oscar', login: 'alicesmith', state: 'connected' },
    { id: 'i', network: 'irc', login: 'Alice', state: 'connected' },
  ]);
  assert.equal(R.roomOffer(s.accounts[0], s.networks).disabled, false);
  assert.equal(R.roomOffer(s.accounts[1], s.networks).why, 'Group chats are not supported on AIM / ICQ.');
  assert.equal(R.roomOffer(s.accounts[2], s.networks).disabled, false, 'IRC channels are group chats');
  assert.equal(R.roomOffer(s.accounts[2], s.networks).why, '');
  assert.equal(S.blockOffer(s, 'i', 'bob').why, 'Blocking is not supported on IRC.');
  assert.equal(S.blockOffer(s, 'x', 'bob@example.org').disabled, false);
  assert.equal(R.roomsOffered(attached(NETWORKS, [s.accounts[1]])), false, 'no room menu without a network that has rooms');
  assert.equal(R.roomsOffered(attached(NETWORKS, [s.accounts[1], s.accounts[2]])), true, 'IRC has rooms');
  assert.equal(R.roomsOffered(attached([], [s.accounts[0]])), false, 'nor before the network is described');

  for (const [id, files] of [['x', true], ['o', false], ['i', false]]) {
    const key = S.chatKey(id, id === 'x' ? 'bob@example.org' : 'bob');
    const chat = V.createChat(key, { onSend() {}, onInput() {}, onLoadOlder() {}, onCloseChat() {}, onSendFile() {} });
    V.updateChat(chat, key, S.openChat(s, id, id === 'x' ? 'bob@example.org' : 'bob'), true);
    assert.equal(chat.querySelector('.chat-attach').hidden, !files, `files on ${id}`);
  }
});

test('a networks event replaces the list; badges and the unknown network\'s fallback', () => {
  let s = attached([byId('xmpp')], [{ id: 'i', network: 'oscar', login: '123456789', state: 'connected' }]);
  assert.equal(V.networkBadge(s.accounts[0], s.networks), 'OSCAR', 'not described yet: the network id');
  s = S.applyEvent(s, { type: 'networks', seq: 2, networks: NETWORKS });
  assert.deepEqual(s.networks.map((d) => d.network), ['irc', 'oscar', 'xmpp']);
  assert.equal(V.networkBadge(s.accounts[0], s.networks), 'ICQ');
  assert.equal(N.networkTag(s.networks, 'oscar'), 'AIM/ICQ');
  // A malformed entry is left out rather than breaking the page.
  s = S.applyEvent(s, { type: 'networks', seq: 3, networks: [{ network: 'bad' }, byId('irc')] });
  assert.deepEqual(s.networks.map((d) => d.network), ['irc']);
  assert.equal(N.lacks(s.networks, s.accounts[0], 'typing'), 'No server for oscar accounts is running right now.');
});

test('networks described after the form opened are offered at once, and the choice made stays', () => {
  const form = V.accountForm({ onSave() {}, onCancel() {} });
  form.open(null, []);
  const network = field(form, 'account-network');
  assert.deepEqual(options(network), []);
  form.fillNetworks([byId('irc')], null);
  assert.deepEqual(options(network), [['irc', 'IRC']]);
  assert.equal(form.error.textContent, '', 'the "no network" sentence goes');
  assert.equal(form.form.querySelector('label[for="account-login"]').textContent, 'Nickname');
  form.fillNetworks(NETWORKS, null);
  assert.equal(network.value, 'irc', 'the choice made stays');
});

test('the contact form names the address as the chosen account\'s network does', () => {
  const form = V.contactForm({ onSave() {}, onCancel() {} });
  const accounts = [{ id: 'x', network: 'xmpp', login: 'alice@example.org' }, { id: 'i', network: 'irc', login: 'Alice' }];
  form.open(accounts, NETWORKS);
  assert.equal(form.form.querySelector('label[for="contact-jid"]').textContent, 'Address (JID)');
  assert.equal(form.form.querySelector('[id="contact-jid"]').placeholder, 'bob@example.org');
  const account = form.form.querySelector('[id="contact-account"]');
  account.value = 'i';
  account.dispatch('change');
  assert.equal(form.form.querySelector('label[for="contact-jid"]').textContent, 'Nickname or channel (#name)');
  assert.equal(form.form.querySelector('[id="contact-jid"]').placeholder, 'bob or #parley');
});

test('a room address is checked by the network\'s room rule, and the room form names it as the network does', () => {
  const irc = byId('irc');
  const xmpp = byId('xmpp');
  assert.equal(checkRoomAddress(irc, '#parley'), null);
  assert.equal(checkRoomAddress(irc, '&local'), null);
  // A nickname is a contact on IRC, not a room; nor is an XMPP room address.
  assert.match(checkRoomAddress(irc, 'bob'), /^That is not an IRC channel name/);
  assert.match(checkRoomAddress(irc, 'lobby@conference.example.org'), /^That is not an IRC channel name/);
  assert.equal(checkRoomAddress(xmpp, 'lobby@conference.example.org'), null, 'XMPP rooms follow its contact rule');
  assert.match(checkRoomAddress(xmpp, '#parley'), /not a valid address/);
  assert.equal(checkRoomAddress(null, 'anything'), null, 'a network no node describes: the session checks');

  const form = RV.roomForm({ onSave() {}, onCancel() {} });
  const accounts = [
    { id: 'x', network: 'xmpp', login: 'alice@example.org', state: 'connected', features: ['rooms'] },
    { id: 'i', network: 'irc', login: 'Alice', state: 'connected' },
  ];
  form.open(accounts, { accountId: 'x' }, NETWORKS);
  const room = form.form.querySelector('[id="room-jid"]');
  assert.equal(room.placeholder, 'lobby@conference.example.org');
  const account = form.form.querySelector('[id="room-account"]');
  account.value = 'i';
  account.dispatch('change');
  assert.equal(room.placeholder, '#parley');
  assert.equal(form.form.querySelector('label[for="room-jid"]').textContent, 'Channel');
  assert.equal(form.save.disabled, false);
  form.open(accounts, { accountId: 'i' }, NETWORKS);
  assert.equal(form.form.querySelector('[id="room-nick"]').value, 'Alice', 'the nickname of the account');
  assert.equal(room.placeholder, '#parley');
});
