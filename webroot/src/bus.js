// The SockJS event-bus bridge: one connection, re-opened with backoff when it closes.
import EventBus from '@vertx/eventbus-bridge-client.js';
import { Addresses, BRIDGE_PATH, BridgeSocket, browserEvents } from './contract.js';

const REPLY_TIMEOUT_MS = 30000;

export class BridgeDownError extends Error {
  constructor() {
    super('bridge down');
    this.code = 'BRIDGE_DOWN';
  }
}

/**
 * The request had left the page when the connection closed (its web process died, say): it may
 * have been carried out, only its answer is lost. Not "not sent": the stream shows what happened.
 */
export class BridgeLostError extends Error {
  constructor() {
    super('bridge lost');
    this.code = 'BRIDGE_LOST';
  }
}

/** Backoff in ms for the n-th retry (0-based): 0.5 s, 1 s, 2 s, … up to 15 s, with jitter. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(15000, 500 * Math.pow(2, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The server's reason for closing a socket on purpose (codes 4000–4999), or null. */
export function closeReason(e) {
  return e && e.code >= 4000 && e.code < 5000 && typeof e.reason === 'string' && e.reason ? e.reason : null;
}

export class Bridge {
  /**
   * handlers: onOpen() after (re)registering, onEvent(body), onClose(wasOpen, reason) (reason:
   * the server's sentence when it closed the socket on purpose, else null), beforeReconnect()
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
      eb = new EventBus(BRIDGE_PATH, { vertxbus_ping_interval: BridgeSocket.PING_INTERVAL_MS });
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.eb = eb;
    eb.enableReconnect(false);
    let closing = null; // the server's reason, sent just before it closes the socket
    eb.onerror = (e) => {
      if (e && e.failureType === BridgeSocket.CLOSING_FAILURE_TYPE && typeof e.message === 'string') closing = e.message;
    };
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
    eb.onclose = (e) => {
      if (this.eb !== eb) return;
      const wasOpen = this.open;
      this.open = false;
      this.eb = null;
      this.failPending();
      if (this.stopped) return;
      this.h.onClose(wasOpen, closeReason(e) || closing);
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
    for (const fail of [...this.pending]) fail(new BridgeLostError());
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
