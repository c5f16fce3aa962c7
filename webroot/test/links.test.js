// Links in messages: only http(s) becomes a link, with rel="noopener noreferrer"; the rest stays
// text, and nothing is ever markup.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, allElements, textNodes } from './dom-shim.js';

installDom();
const { linkParts, linkNodes, safeHref } = await import('../src/links.js');

test('http and https addresses become links, the words around them stay text', () => {
  const parts = linkParts('see https://example.org/a?b=1 and http://x.org/');
  assert.deepEqual(parts, [
    { text: 'see ' },
    { text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
    { text: ' and ' },
    { text: 'http://x.org/', href: 'http://x.org/' },
  ]);
  assert.equal(parts.map((p) => p.text).join(''), 'see https://example.org/a?b=1 and http://x.org/');
});

test('punctuation after an address is not part of it; a bracket the address opened is', () => {
  assert.deepEqual(linkParts('look: https://example.org/page.'), [{ text: 'look: ' },
    { text: 'https://example.org/page', href: 'https://example.org/page' }, { text: '.' }]);
  assert.deepEqual(linkParts('(https://example.org/x)'), [{ text: '(' },
    { text: 'https://example.org/x', href: 'https://example.org/x' }, { text: ')' }]);
  assert.equal(linkParts('https://en.wikipedia.org/wiki/Foo_(bar)')[0].href, 'https://en.wikipedia.org/wiki/Foo_(bar)');
});

test('javascript:, data: and other schemes are never links', () => {
  for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://example.org/', 'xhttps://example.org', 'https://']) {
    const parts = linkParts(text);
    assert.deepEqual(parts, [{ text }], text);
  }
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('https://example.org'), 'https://example.org/');
});

test('a javascript: text next to a link: only the https part is a link, and it goes there', () => {
  const parts = linkParts('javascript:alert(1)//https://example.org');
  assert.equal(parts.filter((p) => p.href).length, 1);
  assert.equal(parts.find((p) => p.href).href, 'https://example.org/');
});

test('link nodes: <a> with target _blank and rel noopener noreferrer, texts as text nodes', () => {
  const box = document.createElement('div');
  for (const n of linkNodes('<b>hi</b> https://example.org/<img> javascript:alert(1)')) box.appendChild(n);
  const links = allElements(box).filter((e) => e.tagName && e.tagName.toLowerCase() === 'a');
  assert.equal(links.length, 1);
  assert.equal(links[0].getAttribute('href'), 'https://example.org/');
  assert.equal(links[0].getAttribute('rel'), 'noopener noreferrer');
  assert.equal(links[0].getAttribute('target'), '_blank');
  assert.equal(allElements(box).length, 2, 'no element from the text');
  assert.equal(textNodes(box).join(''), '<b>hi</b> https://example.org/<img> javascript:alert(1)');
});

test('in a chat, a message that is just one link shows it once (its attachment), other texts get their links', async () => {
  const S = await import('../src/state.js');
  const V = await import('../src/views.js');
  const A = 'acc-1';
  let s = S.attachReply(S.beginAttach(S.initialState()), { seq: 1, complete: true, state: {
    accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' }] } });
  const key = S.chatKey(A, 'bob@x.org');
  s = S.openChat(s, A, 'bob@x.org');
  s = S.historyLoaded(s, key, [
    { id: 1, accountId: A, peer: 'bob@x.org', direction: 'in', text: 'https://files.x.org/a/notes.pdf', ts: 1, status: 'sent' },
    { id: 2, accountId: A, peer: 'bob@x.org', direction: 'in', text: 'read https://x.org/a then', ts: 2, status: 'sent' },
  ], 50);
  const el = V.createChat(key, { onLoadOlder() {}, onSend() {}, onInput() {}, onCloseChat() {} });
  V.updateChat(el, key, s, true);
  const [file, text] = el.querySelectorAll('.chat-message');
  const anchors = (li) => allElements(li).filter((e) => e.tagName === 'A');
  assert.equal(anchors(file).length, 1, 'the file link once');
  assert.equal(anchors(file.querySelector('.chat-text')).length, 0);
  assert.deepEqual(anchors(text).map((a) => a.getAttribute('href')), ['https://x.org/a']);
});
