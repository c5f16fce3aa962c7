// Desktop notifications and the sound for new messages while the tab is hidden. The decision is
// pure (notifyDecision, unit-tested); Notifier does the browser side: the settings kept per device
// (localStorage), asking for the Notification permission only when the person switches
// notifications on (a user action), and showing each notification. Rooms notify only when a
// message mentions the person's nickname, unless the person asks for every room message.
import { Direction, Event } from './contract.js';
import { chatKey, displayName } from './state.js';
import { mentionParts } from './rooms.js';

/** Said when the browser refuses notifications for this page. */
export const PERMISSION_REFUSED = 'Your browser refuses notifications from Parley. To be told of new messages while '
  + 'this tab is hidden, allow notifications for this site in the browser\'s site settings, then switch them on here again.';
export const NOT_SUPPORTED = 'This browser cannot show notifications.';
const BODY_CHARS = 200;

/** The settings as a device keeps them: every one off by default. */
export function defaultSettings() {
  return { notify: false, sound: false, allRoomMessages: false };
}

/**
 * What a pushed event calls for: `{notify, sound, key, title, body}` or null for nothing. Only a
 * new received message, only while the tab is hidden, never one's own; in a room only a mention
 * of the person's nickname unless `allRoomMessages`. `notify` needs the setting and the permission
 * granted; `sound` its own setting.
 */
export function notifyDecision(state, event, { hidden, settings, permission }) {
  if (!event || event.type !== Event.MESSAGE || !hidden || !state) return null;
  const m = event.message;
  if (!m || m.direction !== Direction.IN || m.removed || m.accountId == null || m.peer == null) return null;
  const key = chatKey(m.accountId, m.peer);
  const room = state.rooms && state.rooms[key];
  if (room && !settings.allRoomMessages && !mentionParts(String(m.text || ''), room.nick).some((p) => p.mention)) return null;
  const notify = !!settings.notify && permission === 'granted';
  const sound = !!settings.sound;
  if (!notify && !sound) return null;
  const from = room ? `${m.nick || 'Someone'} in ${m.peer}` : displayName(state.contacts[key], m.peer);
  const text = String(m.text == null ? '' : m.text);
  return { notify, sound, key, title: from, body: text.length > BODY_CHARS ? text.slice(0, BODY_CHARS - 1) + '…' : text };
}

/** The title of the page: the number of unread messages first when there are any. */
export function pageTitle(unread) {
  const total = Object.values(unread || {}).reduce((a, b) => a + (b > 0 ? b : 0), 0);
  return total > 0 ? `(${total}) Parley` : 'Parley';
}

const STORE_KEY = 'parley.notifications';

/** The browser side: settings per device, permission, notifications and the sound. */
export class Notifier {
  constructor(onOpen) {
    this.onOpen = onOpen; // (accountId, peer) when a notification is clicked
    this.settings = { ...defaultSettings(), ...this.load() };
    this.audio = null;
  }

  load() {
    try {
      const saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || '{}');
      return saved && typeof saved === 'object' ? {
        notify: saved.notify === true, sound: saved.sound === true, allRoomMessages: saved.allRoomMessages === true,
      } : {};
    } catch {
      return {};
    }
  }

  save() {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(this.settings));
    } catch {
      // Not kept (private mode): it holds for this page.
    }
  }

  permission() {
    return typeof window.Notification === 'function' ? window.Notification.permission : 'unsupported';
  }

  /**
   * The person switched notifications on or off (a click: the only moment Parley asks the browser).
   * Resolves to a sentence to show ('' when all is well).
   */
  async setNotify(on) {
    if (!on) {
      this.settings = { ...this.settings, notify: false };
      this.save();
      return '';
    }
    if (typeof window.Notification !== 'function') return NOT_SUPPORTED;
    let permission = window.Notification.permission;
    if (permission === 'default') {
      try {
        permission = await window.Notification.requestPermission();
      } catch {
        permission = window.Notification.permission;
      }
    }
    if (permission !== 'granted') return PERMISSION_REFUSED;
    this.settings = { ...this.settings, notify: true };
    this.save();
    return '';
  }

  set(name, on) {
    this.settings = { ...this.settings, [name]: !!on };
    this.save();
  }

  /** A pushed event: a notification and/or the sound when notifyDecision says so. */
  onEvent(state, event) {
    const hidden = document.visibilityState === 'hidden';
    const d = notifyDecision(state, event, { hidden, settings: this.settings, permission: this.permission() });
    if (!d) return;
    if (d.notify) this.show(d);
    if (d.sound) this.beep();
  }

  show(d) {
    try {
      // One per chat: a newer message replaces the chat's notification (tag).
      const n = new window.Notification(d.title, { body: d.body, tag: d.key });
      n.onclick = () => {
        window.focus();
        const i = d.key.indexOf('\u0001');
        this.onOpen(d.key.slice(0, i), d.key.slice(i + 1));
        n.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker: nothing is shown there.
    }
  }

  /** A short soft tone (made here, no sound file to load). */
  beep() {
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      this.audio = this.audio || new Ctx();
      const osc = this.audio.createOscillator();
      const gain = this.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, this.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, this.audio.currentTime + 0.25);
      osc.connect(gain).connect(this.audio.destination);
      osc.start();
      osc.stop(this.audio.currentTime + 0.25);
    } catch {
      // No sound: the notification and the title still tell.
    }
  }
}
