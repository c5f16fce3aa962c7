// File links in messages: previews only for https images, links only for http(s), never markup.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, allElements } from './dom-shim.js';

installDom();
const { fileLink, attachmentView, uploadFile } = await import('../src/files.js');

test('an https image link is previewed lazily, without a referrer, inside a safe link', () => {
  const el = attachmentView('https://upload.example.org/file_share/abc/cat%20photo.png');
  assert.equal(el.tagName, 'A');
  assert.equal(el.getAttribute('rel'), 'noopener noreferrer');
  const img = allElements(el).find((e) => e.tagName === 'IMG');
  assert.ok(img, 'an image');
  assert.equal(img.getAttribute('src'), 'https://upload.example.org/file_share/abc/cat%20photo.png');
  assert.equal(img.getAttribute('loading'), 'lazy');
  assert.equal(img.getAttribute('referrerpolicy'), 'no-referrer');
  assert.equal(img.getAttribute('alt'), 'cat photo.png');
});

test('other files are links, not previews', () => {
  for (const url of ['https://upload.example.org/a/notes.pdf', 'http://upload.example.org/a/notes.pdf']) {
    const el = attachmentView(url);
    assert.equal(el.tagName, 'A', url);
    assert.equal(el.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(el.getAttribute('href'), url);
    assert.ok(!allElements(el).some((e) => e.tagName === 'IMG'), 'no preview of ' + url);
    assert.equal(el.getAttribute('class'), 'chat-file');
  }
});

test('an http image is a link that says why it is not previewed', () => {
  const url = 'http://upload.example.org/a/cat.png';
  const el = attachmentView(url);
  assert.ok(!allElements(el).some((e) => e.tagName === 'IMG'), 'no preview over http');
  const link = allElements(el).find((e) => e.tagName === 'A');
  assert.equal(link.getAttribute('href'), url);
  assert.equal(link.getAttribute('class'), 'chat-file');
  assert.equal(link.getAttribute('rel'), 'noopener noreferrer');
  assert.match(el.textContent, /not previewed: it is not on a secure \(https\) connection/);
});

test('other schemes and texts with more than a link stay text', () => {
  for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)//x.png', 'data:image/png;base64,AAAA', 'vbscript:x',
    'file:///etc/passwd', 'see https://example.org/cat.png', 'https://user:pw@example.org/cat.png', '', null,
    '<img src=x onerror=alert(1)>', 'https://example.org/' + 'a'.repeat(3000) + '.png']) {
    assert.equal(fileLink(text), null, String(text).slice(0, 40));
    assert.equal(attachmentView(text), null);
  }
});

test('a crafted file name is text, never markup', () => {
  const el = attachmentView('https://example.org/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.pdf');
  assert.deepEqual(allElements(el).map((e) => e.tagName), ['A']);
  assert.equal(el.textContent, '📎 <img src=x onerror=alert(1)>.pdf');
});

test('a chat shows a received image link as a preview and a javascript: link as text', async () => {
  const V = await import('../src/views.js');
  const S = await import('../src/state.js');
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'u', complete: true,
    state: {
      accounts: [{ id: 'a1', login: 'me@x.org', network: 'xmpp', state: 'connected' }],
      contacts: [{ accountId: 'a1', jid: 'bob@x.org', name: 'Bob', groups: [], subscription: 'both', presence: { available: true } }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
  s = S.receive(s, { type: 'message', seq: 2, message: { id: 1, accountId: 'a1', peer: 'bob@x.org', direction: 'in', text: 'https://up.x.org/f/cat.jpg', ts: 1764060000000 } });
  s = S.receive(s, { type: 'message', seq: 3, message: { id: 2, accountId: 'a1', peer: 'bob@x.org', direction: 'in', text: 'javascript:alert(1)//.png', ts: 1764060001000 } });
  const noop = new Proxy({}, { get: () => () => {} });
  const key = S.chatKey('a1', 'bob@x.org');
  const el = V.createChat(key, noop);
  V.updateChat(el, key, s, true);
  const imgs = allElements(el).filter((e) => e.tagName === 'IMG');
  assert.deepEqual(imgs.map((i) => i.getAttribute('src')), ['https://up.x.org/f/cat.jpg']);
  assert.ok(!allElements(el).some((e) => e.tagName === 'A' && String(e.getAttribute('href')).startsWith('javascript')));
});

test('a file goes as a slot request, then its bytes to the page origin upload route; refusals keep their words', async () => {
  const asked = [];
  const request = async (type, body) => { asked.push([type, body]); return { slotId: 'ab12', getUrl: 'https://up.x.org/f/cat.png' }; };
  const posted = [];
  const file = { name: 'cat.png', size: 3, type: 'image/png' };
  const ok = async (url, init) => { posted.push([url, init]); return { ok: true, status: 200, json: async () => ({ getUrl: 'https://up.x.org/f/cat.png' }) }; };
  assert.equal(await uploadFile(request, ok, { accountId: 'a1', to: 'bob@x.org', file }), 'https://up.x.org/f/cat.png');
  assert.deepEqual(asked, [['file.slot', { accountId: 'a1', to: 'bob@x.org', filename: 'cat.png', size: 3, contentType: 'image/png' }]]);
  assert.equal(posted[0][0], '/files/ab12');
  assert.equal(posted[0][1].method, 'POST');
  assert.equal(posted[0][1].headers['Content-Type'], 'application/octet-stream');
  assert.equal(posted[0][1].body, file);

  const refused = async () => ({ ok: false, status: 502, json: async () => ({ error: { code: 'IM_ERROR', text: 'The upload service refused the file (HTTP 413).' } }) });
  await assert.rejects(uploadFile(request, refused, { accountId: 'a1', to: 'bob@x.org', file }),
    (e) => e.error.text === 'The upload service refused the file (HTTP 413).');
});
