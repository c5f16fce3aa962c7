// Avatars: only a data:image URL of an allowed type, checked by the page, becomes an <img src>;
// otherwise the initials show as text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, allElements } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const V = await import('../src/views.js');
const S = await import('../src/state.js');

const A = 'acc-1';
const HASH = '0123456789abcdef0123456789abcdef01234567';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const noop = new Proxy({}, { get: () => () => {} });

function withContact(contact) {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }],
      contacts: [{ accountId: A, jid: 'bob@x.org', groups: [], subscription: 'both', presence: null, ...contact }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
  return s;
}

const KEY = S.chatKey(A, 'bob@x.org');

test('only a base64 png, jpeg, gif or webp data URL is accepted', () => {
  assert.equal(S.avatarUrl({ url: PNG }), PNG);
  assert.equal(S.avatarUrl({ url: 'data:image/webp;base64,UklGRg==' }), 'data:image/webp;base64,UklGRg==');
  for (const bad of [
    'data:image/svg+xml;base64,PHN2Zz4=',
    'data:text/html;base64,PHNjcmlwdD4=',
    'javascript:alert(1)',
    'https://evil.example/track.png',
    'data:image/png;base64,AAAA" onerror="alert(1)',
    'data:image/png,<svg onload=alert(1)>',
    'data:image/png;base64,' + 'A'.repeat(200001),
  ]) {
    assert.equal(S.avatarUrl({ url: bad }), null, bad);
  }
  assert.equal(S.avatarUrl({ url: 42 }), null);
  assert.equal(S.avatarUrl(null), null);
});

test('a new hash is fetched once; the image shows for that hash only', () => {
  let s = withContact({ name: 'Bob Smith', avatar: HASH });
  assert.deepEqual(S.avatarsToFetch(s), [KEY]);
  s = S.avatarLoaded(s, KEY, HASH, null);
  assert.deepEqual(S.avatarsToFetch(s), [], 'not twice while loading');
  assert.equal(S.avatarOf(s, KEY), null);
  s = S.avatarLoaded(s, KEY, HASH, { hash: HASH, url: PNG });
  assert.equal(S.avatarOf(s, KEY), PNG);

  const list = document.createElement('div');
  V.renderContacts(list, s, noop);
  const imgs = allElements(list).filter((e) => e.tagName === 'IMG');
  assert.equal(imgs.length, 1);
  assert.equal(imgs[0].getAttribute('src'), PNG);

  // A contact that changed its avatar: the old image is not shown for the new hash.
  s = S.receive(s, { type: 'contact.updated', seq: 2, accountId: A,
    contact: { accountId: A, jid: 'bob@x.org', name: 'Bob Smith', groups: [], subscription: 'both', avatar: null } });
  assert.equal(S.avatarOf(s, KEY), null);
  V.renderContacts(list, s, noop);
  assert.equal(allElements(list).filter((e) => e.tagName === 'IMG').length, 0);
  assert.equal(list.querySelector('.contact-avatar').textContent, 'BS');
});

test('a refused URL leaves the initials, as text', () => {
  let s = withContact({ name: '<img src=x onerror=alert(1)>', avatar: HASH });
  s = S.avatarLoaded(s, KEY, HASH, { hash: HASH, url: 'data:image/svg+xml;base64,PHN2Zz4=' });
  const list = document.createElement('div');
  V.renderContacts(list, s, noop);
  assert.equal(allElements(list).filter((e) => e.tagName === 'IMG').length, 0);
  assert.equal(list.querySelector('.contact-avatar').textContent, '<S', 'as text, never markup');
  assert.equal(S.initials({ jid: 'carol.jones@x.org' }), 'CJ');
});

test('a picture for the own avatar is checked before it is sent', async () => {
  const { checkAvatarFile } = await import('../src/limits.js');
  assert.equal(checkAvatarFile({ type: 'image/png', size: 1000 }), null);
  assert.equal(checkAvatarFile({ type: 'image/svg+xml', size: 100 }), 'The picture must be a PNG, JPEG, GIF or WebP image.');
  assert.equal(checkAvatarFile({ type: 'image/jpeg', size: 40000 }), 'The picture is too large: 40,000 bytes, the limit is 32,768.');
  assert.equal(checkAvatarFile(null), 'Choose a picture first.');
});

test('the picture button is offered where the network lets the avatar be set (XMPP), not on AIM / ICQ', () => {
  const xmpp = V.createAccountItem({ id: 'a', network: 'xmpp', login: 'alice@x.org', state: 'connected' }, noop);
  V.updateAccountItem(xmpp, { id: 'a', network: 'xmpp', login: 'alice@x.org', state: 'connected' }, NETWORKS);
  assert.equal(xmpp.querySelector('.account-avatar').hidden, false);
  const aim = V.createAccountItem({ id: 'b', network: 'oscar', login: 'alice', state: 'connected' }, noop);
  V.updateAccountItem(aim, { id: 'b', network: 'oscar', login: 'alice', state: 'connected' }, NETWORKS);
  assert.equal(aim.querySelector('.account-avatar').hidden, true);
});
