// Links in message texts made clickable, safely: only http and https addresses become links
// (never javascript:, data: or anything else), each opens in a new tab without giving that tab a
// way back to Parley (rel="noopener noreferrer"), and every part is a text node (never markup).
import { h } from './dom.js';

// A run of non-space characters starting with http:// or https:// (any case).
const URL_RUN = /\bhttps?:\/\/[^\s<>"]+/gi;
// Punctuation that ends a sentence rather than the address ("see https://x.org/a.").
const TRAILING = '.,;:!?\'"]}>';

/** The address without the punctuation after it; a ")" stays when the address opened a "(" for it. */
function trimEnd(url) {
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1];
    if (ch === ')') {
      const body = url.slice(0, end);
      if (body.split('(').length >= body.split(')').length) break;
      end--;
    } else if (TRAILING.includes(ch)) {
      end--;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/** The address `candidate` as a link target when it is http(s), else null. */
export function safeHref(candidate) {
  let url;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/**
 * A text as parts `{text}` and `{text, href}` (a link) in order; joined, the parts' texts are the
 * text unchanged.
 */
export function linkParts(text) {
  const t = text == null ? '' : String(text);
  const parts = [];
  let at = 0;
  for (const match of t.matchAll(URL_RUN)) {
    const url = trimEnd(match[0]);
    const href = safeHref(url);
    if (!href) continue;
    if (match.index > at) parts.push({ text: t.slice(at, match.index) });
    parts.push({ text: url, href });
    at = match.index + url.length;
  }
  if (at < t.length || parts.length === 0) parts.push({ text: t.slice(at) });
  return parts;
}

/** The nodes of a text with its links: text nodes and <a> elements holding text nodes. */
export function linkNodes(text) {
  return linkParts(text).map((p) => (p.href
    ? h('a', { class: 'chat-link', href: p.href, target: '_blank', rel: 'noopener noreferrer' }, p.text)
    : document.createTextNode(p.text)));
}
