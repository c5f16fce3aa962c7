// Rendering never interprets server-provided strings as HTML: the DOM shim throws on
// innerHTML/outerHTML/insertAdjacentHTML, and the tests check the strings end up as text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, textNodes, allElements } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const { h, setText, reconcile } = await import('../src/dom.js');
const V = await import('../src/views.js');
const S = await import('../src/state.js');

const EVIL = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
const A = 'acc"><b>1';

function evilState() {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: EVIL, complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, login: EVIL + '@x.org', state: 'failed', error: { code: 'IM_ERROR', text: EVIL } }],
      contacts: [{ accountId: A, jid: 'bob@x.org', name: EVIL, groups: [EVIL], subscription: 'both', presence: { available: true, show: 'away', status: EVIL } }],
      subscriptionRequests: [{ accountId: A, jid: EVIL }],
      unread: [{ accountId: A, peer: 'bob@x.org', count: 3 }],
      ownPresence: { show: 'available', status: EVIL },
    },
  });
  s = S.receive(s, { type: 'message', seq: 2, message: { id: 1, accountId: A, peer: 'bob@x.org', direction: 'in', text: EVIL, ts: 1764060000000 } });
  s = S.receive(s, { type: 'typing', seq: 3, accountId: A, peer: 'bob@x.org', state: 'composing' });
  return s;
}

const noop = new Proxy({}, { get: () => () => {} });

function assertNoMarkup(root) {
  for (const el of allElements(root)) {
    assert.ok(['LI', 'DIV', 'SPAN', 'SECTION', 'H2', 'H3', 'UL', 'OL', 'BUTTON', 'HEADER', 'TEXTAREA', 'TIME', 'STRONG'].includes(el.tagName),
      'unexpected element ' + el.tagName);
  }
}

test('h() puts strings in text nodes and refuses markup attributes', () => {
  const el = h('div', { class: 'x', dataset: { jid: EVIL } }, EVIL, 42, null, [h('span', null, 'a')]);
  assert.deepEqual(textNodes(el), [EVIL, '42', 'a']);
  assert.equal(el.getAttribute('data-jid'), EVIL);
  assert.throws(() => h('div', { innerHTML: EVIL }));
  setText(el, EVIL);
  assert.deepEqual(textNodes(el), [EVIL]);
});

test('reconcile keeps elements by key and orders them', () => {
  const ul = h('ul');
  reconcile(ul, [1, 2, 3], String, (i) => h('li', null, String(i)), () => {});
  const two = ul.childNodes[1];
  reconcile(ul, [3, 2], String, (i) => h('li', null, String(i)), () => {});
  assert.deepEqual(ul.childNodes.map((n) => n.textContent), ['3', '2']);
  assert.equal(ul.childNodes[1], two, 'the same element survives');
});

test('accounts, contacts, requests and chats render server strings as text', () => {
  const s = evilState();
  const accounts = h('ul');
  V.renderAccounts(accounts, s, noop);
  const acc = accounts.querySelector('.account');
  assert.equal(acc.getAttribute('data-account-id'), A);
  assert.equal(acc.querySelector('.account-login').textContent, EVIL + '@x.org');
  assert.equal(acc.querySelector('.account-state').textContent, 'failed');
  assert.ok(acc.querySelector('.account-error').textContent.length > 0);
  assert.ok(!acc.querySelector('.account-error').textContent.includes('<'), 'unreadable text replaced by words');
  assertNoMarkup(accounts);

  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  const c = contacts.querySelector('.contact');
  assert.equal(c.getAttribute('data-jid'), 'bob@x.org');
  assert.equal(c.querySelector('.contact-name').textContent, EVIL);
  assert.equal(c.querySelector('.contact-status').textContent, EVIL);
  assert.equal(c.querySelector('.contact-presence').getAttribute('data-show'), 'away');
  assert.equal(c.querySelector('.unread-count').textContent, '4');
  // Bob has unread messages: he is listed among the recent conversations, at the top.
  assert.equal(contacts.querySelector('.group-name').textContent, S.RECENT_GROUP);
  assert.ok(contacts.querySelector('.recent-group').querySelector('.contact') === c);
  assertNoMarkup(contacts);

  const reqs = h('ul');
  V.renderRequests(reqs, s, noop);
  assert.equal(reqs.querySelector('.subscription-request').getAttribute('data-jid'), EVIL);
  assert.ok(reqs.querySelector('.approve') && reqs.querySelector('.deny'));
  assertNoMarkup(reqs);

  const key = S.chatKey(A, 'bob@x.org');
  const chat = V.createChat(key, noop);
  V.updateChat(chat, key, s, true);
  const m = chat.querySelector('.chat-message');
  assert.ok(m.classList.contains('in'));
  assert.equal(m.querySelector('.chat-text').textContent, EVIL);
  assert.equal(chat.querySelector('.typing-indicator').textContent, `${EVIL} is typing…`);
  assertNoMarkup(chat);
});

test('unread badge is empty and hidden at zero', () => {
  let s = evilState();
  s = S.receive(s, { type: 'chat.read', seq: 4, accountId: A, peer: 'bob@x.org' });
  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  const badge = contacts.querySelector('.unread-count');
  assert.equal(badge.textContent, '');
  assert.equal(badge.hidden, true);
  // Read, and its message is old: Bob is back in his group, whose name is text.
  assert.equal(contacts.querySelector('.group-name').textContent, EVIL);
});

test('account state words are exactly the contract words', () => {
  for (const w of ['connected', 'connecting', 'reconnecting', 'disconnected', 'failed']) {
    assert.equal(V.accountStateWord({ state: w }), w);
  }
  assert.equal(V.accountStateWord({ state: 'bogus' }), 'disconnected');
  assert.equal(V.accountErrorText({ error: null }), '');
  assert.equal(V.accountErrorText({ error: { code: 'IM_AUTH_FAILED', text: 'The IM server refused the username or password.' } }),
    'The IM server refused the username or password.');
});

test('someone who wrote but is not a contact is listed, not as .contact', () => {
  let s = evilState();
  s = S.receive(s, { type: 'message', seq: 4, message: { id: 2, accountId: A, peer: 'zoe@x.org', direction: 'in', text: 'hi', ts: 1 } });
  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  assert.equal(contacts.querySelectorAll('.contact').length, 1);
  const z = contacts.querySelector('.stranger-chat');
  assert.equal(z.getAttribute('data-jid'), 'zoe@x.org');
  assert.equal(z.querySelector('.unread-count').textContent, '1');
  assert.equal(z.querySelector('.contact-remove').hidden, true);
});

test('someone who wrote but is not a contact is listed at the top with the unread count', () => {
  let s = evilState();
  s = S.receive(s, { type: 'message', seq: 4, message: { id: 2, accountId: A, peer: 'zoe@x.org', direction: 'in', text: 'hi', ts: Date.now() } });
  s = S.receive(s, { type: 'chat.read', seq: 5, accountId: A, peer: 'bob@x.org' });
  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  const first = contacts.querySelector('li');
  assert.equal(first.getAttribute('data-jid'), 'zoe@x.org');
  assert.ok(first.classList.contains('stranger-chat'));
  assert.equal(first.querySelector('.unread-count').textContent, '1');
  assert.equal(first.querySelector('.unread-count').hidden, false);
});

test('an account that needs TLS from a server without it says what to try', () => {
  let s = evilState();
  const error = { code: 432, text: 'The IM server does not offer a secure connection (TLS), and this account requires one.' };
  s = S.applyEvent(s, { type: 'account.state', accountId: A, state: 'reconnecting', error });
  const accounts = h('ul');
  V.renderAccounts(accounts, s, noop);
  assert.match(accounts.querySelector('.account-hint').textContent, /choose Encryption \(TLS\) "If offered"/);
  s = S.applyEvent(s, { type: 'account.state', accountId: A, state: 'connected', error: null });
  V.renderAccounts(accounts, s, noop);
  assert.equal(accounts.querySelector('.account-hint').textContent, '');
});

test('Send is off while the message is blank or being sent', () => {
  const key = S.chatKey(A, 'bob@x.org');
  const chat = V.createChat(key, noop);
  const send = chat.querySelector('.chat-send');
  assert.equal(send.disabled, true, 'nothing typed yet');
  chat._parts.input.value = ' \u200b\n ';
  V.updateSendButton(chat);
  assert.equal(send.disabled, true, 'only blank characters');
  chat._parts.input.value = ' hi ';
  V.updateSendButton(chat);
  assert.equal(send.disabled, false);
  chat._sending = true;
  V.updateSendButton(chat);
  assert.equal(send.disabled, true, 'while sending');
});

test('a contact moving into the recent conversations keeps its element; a stranger who is added becomes a contact', () => {
  let s = evilState();
  s = S.receive(s, { type: 'chat.read', seq: 4, accountId: A, peer: 'bob@x.org' });
  const contacts = h('div');
  V.renderContacts(contacts, s, noop);
  const bob = contacts.querySelector('.contact');
  s = S.receive(s, { type: 'message', seq: 5, message: { id: 2, accountId: A, peer: 'bob@x.org', direction: 'in', text: 'hi', ts: Date.now() } });
  s = S.receive(s, { type: 'message', seq: 6, message: { id: 3, accountId: A, peer: 'zoe@x.org', direction: 'in', text: 'hi', ts: Date.now() } });
  V.renderContacts(contacts, s, noop);
  assert.ok(contacts.querySelector('.recent-group').querySelector('.contact') === bob, 'the same element');
  assert.equal(contacts.querySelectorAll('.contact').length, 1, 'and only one');
  assert.equal(contacts.querySelector('.stranger-chat').getAttribute('data-jid'), 'zoe@x.org');
  s = S.receive(s, { type: 'contact.updated', seq: 7, accountId: A, contact: { jid: 'zoe@x.org', name: 'Zoe', groups: [], subscription: 'none' } });
  V.renderContacts(contacts, s, noop);
  assert.equal(contacts.querySelectorAll('.stranger-chat').length, 0);
  assert.deepEqual(contacts.querySelectorAll('.contact').map((e) => e.getAttribute('data-jid')).sort(), ['bob@x.org', 'zoe@x.org']);
});
