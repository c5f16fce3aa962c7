// Links in messages: a received or sent message that is just one link to a file shows it as a file.
// An https link to an image gets an inline preview (<img>, loaded lazily, no referrer); any other
// http(s) link is a plain link opened without the opener or a referrer (an http image says why it has
// no preview). Other schemes (javascript:, data:, …) stay text. Everything is built with h(): attributes and text, never markup.
import { h } from './dom.js';
import { Command, FILES_PATH } from './contract.js';

const IMAGE = /\.(png|jpe?g|gif|webp|avif)$/i;
const MAX_LINK = 2048;

/** The message's text as a link {url, name, image, insecureImage}, when it is one http(s) URL and nothing else; or null. */
export function fileLink(text) {
  const t = text == null ? '' : String(text).trim();
  if (t.length === 0 || t.length > MAX_LINK || /\s/.test(t)) return null;
  let url;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const last = url.pathname.split('/').filter(Boolean).pop() || url.hostname;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // kept as it is
  }
  const image = IMAGE.test(url.pathname);
  return { url: url.href, name, image: image && url.protocol === 'https:', insecureImage: image && url.protocol === 'http:' };
}

/** The element that shows a message's file link (a preview or a link), or null when the text is not one. */
export function attachmentView(text) {
  const link = fileLink(text);
  if (!link) return null;
  const a = { href: link.url, target: '_blank', rel: 'noopener noreferrer', referrerpolicy: 'no-referrer' };
  if (link.image) {
    return h('a', { ...a, class: 'chat-image-link' },
      h('img', { class: 'chat-image', src: link.url, alt: link.name, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' }));
  }
  const file = h('a', { ...a, class: 'chat-file' }, '📎 ' + link.name);
  if (!link.insecureImage) return file;
  // Loaded over http, a picture could be changed on its way, and the page's policy (img-src https:) blocks it anyway.
  return h('span', { class: 'chat-file-unpreviewed' }, file,
    h('span', { class: 'chat-file-note' }, ' (a picture, not previewed: it is not on a secure (https) connection)'));
}

/**
 * Sends a file's bytes to the IM server through Parley: a slot ({@code file.slot}), then the bytes to
 * Parley's upload route (same origin, the session cookie), which PUTs them to the slot. Resolves with
 * the link to share; rejects with the server's refusal ({error: {code, text}}).
 */
export async function uploadFile(request, fetchFn, { accountId, to, file }) {
  const slot = await request(Command.FILE_SLOT, {
    accountId, to, filename: file.name || 'file', size: file.size, contentType: file.type || null,
  });
  const response = await fetchFn(FILES_PATH + encodeURIComponent(slot.slotId), {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' }, body: file,
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok || !body || typeof body.getUrl !== 'string') {
    throw body && body.error ? body : { error: { code: 'IM_ERROR', text: `The file could not be sent (HTTP ${response.status}).` } };
  }
  return body.getUrl;
}
