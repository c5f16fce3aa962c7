// The SockJS event-bus bridge: one connection, re-opened with backoff when it closes.
import EventBus from '@vertx/eventbus-bridge-client.js';
import { Addresses, BRIDGE_PATH, browserEvents } from './contract.js';

const REPLY_TIMEOUT_MS = 30000;

export class BridgeDownError extends Error {
  constructor() {
    super('bridge down');
    this.code = 'BRIDGE_DOWN';
  }
}

/** Backoff in ms for the n-th retry (0-based): 0.5 s, 1 s, 2 s, … up to 15 s, with jitter. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(15000, 500 * Math.pow(2, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

export class Bridge {
  /**
   * handlers: onOpen() after (re)registering, onEvent(body), onClose(), beforeReconnect()
   * (may return false to stop reconnecting, e.g. when signed out).
   */
  constructor(userId, handlers) {
    this.userId = userId;
    this.h = handlers;
    this.eb = null;
    this.open = false;
    this.stopped = false;
    this.attempt = 0;
    this.timer = null;
    this.pending = new Set();
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  connect() {
    if (this.stopped) return;
    let eb;
    try {
      eb = new EventBus(BRIDGE_PATH, { vertxbus_ping_interval: 10000 });
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.eb = eb;
    eb.enableReconnect(false);
    eb.onerror = () => {};
    eb.onopen = () => {
      if (this.eb !== eb || this.stopped) return;
      this.open = true;
      this.attempt = 0;
      try {
        eb.registerHandler(browserEvents(this.userId), (err, msg) => {
          if (err || !msg || this.eb !== eb) return;
          this.h.onEvent(msg.body);
        });
      } catch (e) {
        return;
      }
      this.h.onOpen();
    };
    eb.onclose = () => {
      if (this.eb !== eb) return;
      const wasOpen = this.open;
      this.open = false;
      this.eb = null;
      this.failPending();
      if (this.stopped) return;
      this.h.onClose(wasOpen);
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    if (this.stopped || this.timer) return;
    const delay = backoffDelay(this.attempt++);
    this.timer = setTimeout(async () => {
      this.timer = null;
      if (this.stopped) return;
      let go = true;
      try {
        if (this.h.beforeReconnect) go = await this.h.beforeReconnect();
      } catch {
        go = true;
      }
      if (go === false) return;
      this.connect();
    }, delay);
  }

  /** Sends a command (or a request to another browser address); resolves with the reply body, rejects with the bus failure. */
  request(type, body = {}, address = Addresses.BROWSER_COMMANDS) {
    return new Promise((resolve, reject) => {
      const eb = this.eb;
      if (!eb || !this.open) {
        reject(new BridgeDownError());
        return;
      }
      let done = false;
      const fail = (e) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(e);
      };
      const timer = setTimeout(() => fail({ failureType: 'TIMEOUT', failureCode: -1, message: null }),
        REPLY_TIMEOUT_MS);
      this.pending.add(fail);
      try {
        eb.send(address, { ...body, type }, {}, (err, msg) => {
          if (err) {
            fail(err);
            return;
          }
          if (done) return;
          done = true;
          clearTimeout(timer);
          this.pending.delete(fail);
          resolve((msg && msg.body) || {});
        });
      } catch (e) {
        fail(new BridgeDownError());
      }
    });
  }

  failPending() {
    for (const fail of [...this.pending]) fail(new BridgeDownError());
  }

  stop() {
    this.stopped = true;
    this.failPending();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const eb = this.eb;
    this.eb = null;
    this.open = false;
    if (eb) {
      try { eb.close(); } catch { /* already closed */ }
    }
  }
}
