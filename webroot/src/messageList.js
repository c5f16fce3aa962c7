// What a chat and a person's conversation (peopleViews.js) share in their list of messages: a
// message's text with its links made clickable and its file shown, its status in words, the day and "new messages"
// lines among the messages, and the scrolling (older messages asked for at the top, the reader's
// place kept when they come, the newest followed at the bottom).
import { clear, h } from './dom.js';
import { Direction, MessageStatus } from './contract.js';
import { ERROR_WORDS } from './errors.js';
import { attachmentView, fileLink } from './files.js';
import { linkNodes } from './links.js';

/** What an outgoing message's status says, in a few words. */
const STATUS_WORDS = {
  [MessageStatus.PENDING]: 'sending…',
  [MessageStatus.SENT]: '✓ sent',
  [MessageStatus.DELIVERED]: '✓✓ delivered',
  [MessageStatus.READ]: '✓✓ read',
  [MessageStatus.FAILED]: 'not delivered',
  [MessageStatus.UNSURE]: 'may not have been sent',
};

/** The words for an outgoing message's status ('' for none or one not known). */
export function statusWords(status) {
  return (status && STATUS_WORDS[status]) || '';
}

/**
 * The line under an outgoing message that failed or may not have been sent: why, in the server's
 * words when it gave them ('' for any other status).
 */
export function failureLine(m, status) {
  const why = m.error && m.error.text ? String(m.error.text) : '';
  if (status === MessageStatus.FAILED) return `Not delivered: ${why || 'The IM server did not take it.'}`;
  if (status === MessageStatus.UNSURE) return why || ERROR_WORDS.SEND_UNSURE;
  return '';
}

/** How near the top of a list (in pixels) scrolling up asks for its older messages. */
const SCROLL_TOP_PX = 40;
/** How near the bottom (in pixels) counts as reading the newest messages. */
const AT_BOTTOM_PX = 40;

/**
 * A message's text with its http(s) links clickable (links.js), built again only when the text
 * changed. A text that is just one link shows it as its attachment (files.js), so the text stays plain.
 */
export function showText(el, text) {
  if (el._text === text) return;
  el._text = text;
  clear(el);
  if (fileLink(text)) el.appendChild(document.createTextNode(text));
  else for (const n of linkNodes(text)) el.appendChild(n);
}

/** A message that is just a link to a file shows it (an https image as a preview), built again only when its text changed. */
export function updateAttachment(el, text) {
  const t = text == null ? '' : String(text);
  if (!el || el._shownFor === t) return;
  el._shownFor = t;
  clear(el);
  const view = attachmentView(t);
  if (view) el.appendChild(view);
}

/** A day separator or the "new messages" line among the messages (inbox.js withSeparators). */
export function separatorItem(item) {
  return h('li', { class: item.separator === 'new' ? 'chat-separator new-messages' : 'chat-separator day-separator',
    role: 'separator' }, h('span', { class: 'chat-separator-label' }, item.label));
}

/** The key of a message or separator in the list: separators apart from messages; archived messages (no id) by theirs. */
export function itemKey(m) {
  return m.separator ? m.key : m.id != null ? String(m.id) : `a:${m.stanzaId || m.ts}`;
}

/** Scrolled up to the top of `scroll`: `onTop()`, as if "Load older messages" was clicked. */
export function whenScrolledToTop(scroll, onTop) {
  scroll.addEventListener('scroll', () => {
    if (scroll.scrollTop < SCROLL_TOP_PX) onTop();
  });
}

function sameMessage(a, b) {
  return a === b || (a != null && b != null && a.id != null && a.id === b.id);
}

/**
 * Draws a list that showed `before` and now shows `after` (messages, oldest first) with `draw()`,
 * then scrolls: older messages put above keep the reader's place; a reader at the bottom, a message
 * just sent and a first drawing follow the newest.
 */
export function redrawKeepingPlace(scroll, before, after, draw) {
  const fromBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight;
  const last = after[after.length - 1];
  const olderOnly = before.length > 0 && after.length > before.length && sameMessage(last, before[before.length - 1]);
  const justSent = !!last && last.direction === Direction.OUT && !sameMessage(last, before[before.length - 1]);
  draw();
  if (olderOnly) scroll.scrollTop = scroll.scrollHeight - scroll.clientHeight - fromBottom;
  else if (fromBottom < AT_BOTTOM_PX || justSent || before.length === 0) scroll.scrollTop = scroll.scrollHeight;
}
