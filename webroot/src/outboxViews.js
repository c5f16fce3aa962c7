// A chat's queued messages (outbox.js), drawn under its stored ones: waiting for the one before,
// on their way, or refused with the words why (closed with ×). Sent ones leave this list as the
// stored message appears above, in the same update.
import { h, setText, setAttr, reconcile } from './dom.js';
import { QueuedState } from './outbox.js';

const STATE_WORDS = {
  [QueuedState.WAITING]: 'waiting…',
  [QueuedState.SENDING]: 'sending…',
  [QueuedState.FAILED]: 'not sent',
};

/** The list the queued messages go into (inside the chat's scrolling part, after the messages). */
export function createQueueList() {
  return h('ol', { class: 'chat-queue', 'aria-live': 'polite' });
}

/** Draws items (Outbox.shown()) into list; onDismiss(key) closes a failed one. */
export function renderQueued(list, items, onDismiss) {
  reconcile(list, items, (i) => String(i.key),
    (i) => h('li', { class: 'chat-queued out' },
      h('div', { class: 'chat-text' }, String(i.text)),
      h('div', { class: 'chat-meta' },
        h('span', { class: 'chat-status' }),
        h('button', { type: 'button', class: 'chat-queued-dismiss small icon', title: 'Close', 'aria-label': 'Close',
          hidden: true, onclick: () => onDismiss(i.key) }, '×')),
      h('div', { class: 'chat-failure' })),
    (li, i) => {
      setAttr(li, 'data-state', i.state);
      setText(li.querySelector('.chat-status'), STATE_WORDS[i.state] || '');
      setText(li.querySelector('.chat-failure'), i.state === QueuedState.FAILED ? String(i.error) : '');
      li.querySelector('.chat-queued-dismiss').hidden = i.state !== QueuedState.FAILED;
    });
}
