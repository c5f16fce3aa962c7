// Sending a message so that a lost connection neither loses nor doubles it: the page gives the
// message a client message id and, when the connection was lost before the answer came, sends it
// again with the same id once it is attached again. The session stores and sends one message per id.
import { CLIENT_ID_FIELD, Command } from './contract.js';

/** How often the page itself sends a cut-off message again before it says so. */
export const SEND_RETRIES = 3;

/** Said when every retry was cut off as well: it may or may not have gone out. */
export class SendGaveUpError extends Error {
  constructor(attempts) {
    super('send gave up');
    this.code = 'SEND_GAVE_UP';
    this.attempts = attempts;
  }
}

/** A fresh client message id (a random UUID: 36 characters of the allowed ones). */
export function newClientId() {
  return globalThis.crypto.randomUUID();
}

/**
 * Sends message.send {body} with clientId; resolves with the reply. ports: request(type, body)
 * (the bridge's), whenAttached() (resolves once the page is attached again; rejects when it gave
 * up waiting), onRetry(n) (optional, before the n-th retry). A reply lost with the connection
 * (BRIDGE_LOST; or the bridge down again at a retry) is tried again, at most `retries` times; then
 * SendGaveUpError. Any other failure is the session's answer and is passed on.
 */
export async function sendOnce(ports, body, { clientId = newClientId(), retries = SEND_RETRIES } = {}) {
  const message = { ...body, [CLIENT_ID_FIELD]: clientId };
  for (let attempt = 0; ; attempt++) {
    try {
      return await ports.request(Command.MESSAGE_SEND, message);
    } catch (e) {
      const code = e && e.code;
      // Down at the first try: it never left the page, and the caller says "not sent".
      const cutOff = code === 'BRIDGE_LOST' || (attempt > 0 && code === 'BRIDGE_DOWN');
      if (!cutOff) throw e;
      if (attempt >= retries) throw new SendGaveUpError(attempt + 1);
      if (ports.onRetry) ports.onRetry(attempt + 1);
      try {
        await ports.whenAttached();
      } catch {
        throw new SendGaveUpError(attempt + 1);
      }
    }
  }
}
