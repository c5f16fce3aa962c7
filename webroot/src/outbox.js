// A chat's messages on their way out. Enter takes the text from the box at once and queues it here;
// the page sends them one at a time, in the order typed, so a quick typist loses none and none
// overtakes another. Each keeps the client id it got when queued (resend.js: the session sends it once).

/** Where a queued message is: waiting for the one before it, on its way, or refused (with words). */
export const QueuedState = Object.freeze({ WAITING: 'waiting', SENDING: 'sending', FAILED: 'failed' });

export class Outbox {
  /**
   * send(item): sends one; resolves with the words to show when it was not sent (null when it was).
   * onChange(): after each change of what shown() answers, to draw it.
   */
  constructor(send, onChange = () => {}) {
    this.send = send;
    this.onChange = onChange;
    this.items = [];
    this.running = false;
    this.seq = 0;
    this.settlers = new Map(); // item → resolve of push()'s promise
  }

  /**
   * Queues a message ({text, clientId, …}) and sends it after those before it; resolves once it was
   * tried. The same text queued again takes the place of its failed line.
   */
  push(fields) {
    this.items = this.items.filter((i) => !(i.state === QueuedState.FAILED && i.text === fields.text));
    const item = { ...fields, key: ++this.seq, state: QueuedState.WAITING, error: null };
    const tried = new Promise((resolve) => this.settlers.set(item, resolve));
    this.items.push(item);
    this.onChange();
    this.run();
    return tried;
  }

  /** True while a message is waiting or on its way. */
  get busy() {
    return this.items.some((i) => i.state !== QueuedState.FAILED);
  }

  /** The messages to show as pending: waiting, on their way, or failed with their words. */
  shown() {
    return this.items;
  }

  /** The person closed a failed message's line. */
  dismiss(key) {
    this.removeFailed((i) => i.key === key);
  }

  /** Failed lines that no longer say anything true (the stream shows the message went out after all). */
  removeFailed(matches) {
    const before = this.items.length;
    this.items = this.items.filter((i) => !(i.state === QueuedState.FAILED && matches(i)));
    if (this.items.length !== before) this.onChange();
  }

  async run() {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        item.state = QueuedState.SENDING;
        this.onChange();
        let words;
        try {
          words = await this.send(item);
        } catch (e) {
          words = (e && e.message) || 'Not sent.';
        }
        if (words) {
          item.state = QueuedState.FAILED;
          item.error = words;
        } else {
          this.items = this.items.filter((i) => i !== item);
        }
        this.onChange();
        this.settlers.get(item)();
        this.settlers.delete(item);
      }
    } finally {
      this.running = false;
    }
  }

  next() {
    return this.items.find((i) => i.state === QueuedState.WAITING);
  }
}
