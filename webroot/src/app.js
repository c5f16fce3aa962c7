// The page controller: sign-in, the bridge, commands, and wiring state changes to views.
import * as api from './api.js';
import { Bridge, BridgeDownError } from './bus.js';
import { Capability, Command, ConnectionState, Limits, MessageStatus, TypingState } from './contract.js';
import { can, descriptorOf } from './networks.js';
import { AdminPage, UsagePage } from './billingPages.js';
import { h, setText } from './dom.js';
import { describeError, errorText } from './errors.js';
import {
  checkAddress, checkRoomAddress, checkMessageText, checkServer, checkPassword, checkPort, checkStatusText, checkUsername, counterText,
  isBlankText, checkAvatarFile,
} from './limits.js';
import * as S from './state.js';
import * as V from './views.js';
import { uploadFile } from './files.js';
import * as RV from './roomViews.js';
import { defaultNick, roomOffer, roomsOffered } from './rooms.js';
import * as Search from './search.js';
import { newClientId, sendOnce, SendGaveUpError } from './resend.js';
import { Outbox } from './outbox.js';
import { renderQueued } from './outboxViews.js';
import * as P from './people.js';
import * as PV from './peopleViews.js';
import { PeopleController } from './peopleApp.js';
import * as Inbox from './inbox.js';
import * as IV from './inboxViews.js';
import { Notifier, pageTitle, PERMISSION_REFUSED } from './notify.js';

/** Shown when the connection closed while a message was on its way: it may have gone out. */
export const SEND_UNSURE = 'The connection to Parley was lost while sending. If the message went out it appears in the '
  + 'chat when Parley is back; if it does not, send it again.';

/** Shown while a message waits longer than SLOW_SEND_MS for the IM server (for example its rate limit). */
export const SENDING_HELD_BACK = 'Sending… the IM server is holding messages back for a moment.';
const SLOW_SEND_MS = 1000;

/** Shown while the page sends a message again whose answer the lost connection took (same id: never twice). */
export const SEND_RETRYING = 'The connection to Parley was lost while sending; sending it again once it is back…';
/** Shown when the page's own retries of such a message were cut off too. */
export const SEND_GAVE_UP = 'The connection to Parley was lost while sending, and sending it again did not get through. '
  + 'If the message went out it appears in the chat when Parley is back; if it does not, send it again (it will not be sent twice).';
/** How long a cut-off send waits for the page to be attached again before it gives up. */
const RESEND_WAIT_MS = 60000;

const TYPING_IDLE_MS = 5000;
/** Recent conversations a page asks for at a time. */
const RECENT_PAGE = 30;
const ATTACH_RETRY_MS = 3000;

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export class App {
  constructor(root, noticeBar) {
    this.root = root;
    this.noticeBar = noticeBar;
    this.notice = noticeBar.querySelector('#notice');
    this.user = null;
    this.state = null;
    this.bridge = null;
    this.attachInFlight = false;
    this.attachRetry = null;
    this.attachWaiters = new Set(); // resolved at the next successful attach (a cut-off send waits for it)
    this.typing = new Map(); // key -> {composing, timer}
    this.chatEls = new Map();
    this.editingAccountId = null;
    this.presenceDirty = false;
    this.restoreChats = null;
    this.people = new PeopleController(this);
    noticeBar.querySelector('#notice-dismiss').addEventListener('click', () => this.showNotice(''));
    document.addEventListener('visibilitychange', () => {
      if (this.state) this.update(S.setVisible(this.state, document.visibilityState !== 'hidden'));
    });
    // Capture: seen before a chat's own Escape (which ends a correction) has run.
    document.addEventListener('keydown', (e) => this.onKey(e), true);
  }

  // ---- start, sign in, sign out -------------------------------------------------------------

  async start() {
    let user = null;
    try {
      user = await api.me();
    } catch (e) {
      this.showSignIn(errorText(e));
      return;
    }
    if (user && user.userId) this.signedIn(user);
    else this.showSignIn('');
  }

  showSignIn(message) {
    this.teardown();
    this.root.replaceChildren();
    const view = V.authView({
      onSignIn: (u, p, ui) => this.authenticate(api.signIn, u, p, ui, false),
      onSignUp: (u, p, ui) => this.authenticate(api.signUp, u, p, ui, true),
    });
    this.root.appendChild(view.root);
    setText(view.error, message || '');
    document.title = 'Parley — sign in';
    view.username.focus();
  }

  async authenticate(fn, username, password, ui, signingUp) {
    const problem = checkUsername(username) || (signingUp ? checkPassword(password)
      : (password ? null : 'Enter your password.'));
    if (problem) {
      setText(ui.error, problem);
      return;
    }
    setText(ui.error, '');
    ui.busy(true);
    try {
      await fn(username, password);
      const user = await api.me();
      if (!user) throw new api.ApiError(401, 'NOT_SIGNED_IN', 'Signing in did not work. Please make sure cookies are allowed for this site.');
      this.signedIn(user);
    } catch (e) {
      ui.busy(false);
      const d = describeError(e);
      let text = d.text;
      if (d.code === 'BAD_CREDENTIALS' && !e.readable) text = 'Wrong username or password.';
      setText(ui.error, text);
    }
  }

  async signOut() {
    try {
      await api.signOut();
    } catch (e) {
      // Signed out or not, the page returns to the sign-in view.
    }
    this.signedOut('You are signed out.');
  }

  signedOut(message) {
    if (this.user) this.forgetTab(this.user.userId);
    this.showNotice('');
    this.showSignIn(message);
  }

  teardown() {
    if (this.bridge) this.bridge.stop();
    this.bridge = null;
    if (this.attachRetry) clearTimeout(this.attachRetry);
    this.attachRetry = null;
    this.attachInFlight = false;
    for (const t of this.typing.values()) clearTimeout(t.timer);
    this.typing.clear();
    this.people.stop();
    this.chatEls.clear();
    this.closeBillingPage();
    this.state = null;
    this.user = null;
    this.ui = null;
  }

  signedIn(user) {
    this.teardown();
    this.user = user;
    const store = storage();
    const seqText = store && store.getItem(this.seqKey());
    const seq = seqText != null && /^\d+$/.test(seqText) ? Number(seqText) : null;
    this.state = { ...S.setVisible(S.initialState(seq), document.visibilityState !== 'hidden'), recent: Inbox.emptyRecent() };
    this.notifier = new Notifier((accountId, jid) => this.openChat(accountId, jid));
    this.showList = false;
    try {
      this.restoreChats = JSON.parse((store && store.getItem(this.chatsKey())) || 'null');
    } catch {
      this.restoreChats = null;
    }
    this.buildMain();
    this.setBridgeState('connecting…');
    this.bridge = new Bridge(user.userId, {
      onOpen: () => {
        this.setBridgeState('connected');
        this.attach();
      },
      onEvent: (body) => this.onEvent(body),
      onClose: (wasOpen, reason) => {
        this.attachInFlight = false;
        this.setBridgeState(reason || 'reconnecting…');
      },
      beforeReconnect: async () => {
        try {
          const me = await api.me();
          if (!me) {
            this.signedOut('Your session has ended. Please sign in again.');
            return false;
          }
        } catch {
          // Server unreachable: keep trying.
        }
        return true;
      },
    });
    this.bridge.start();
  }

  seqKey() {
    return 'parley.seq.' + this.user.userId;
  }

  /** The id of the event stream the stored seq belongs to (it changes when the server restarts). */
  streamKey() {
    return 'parley.stream.' + this.user.userId;
  }

  chatsKey() {
    return 'parley.chats.' + this.user.userId;
  }

  forgetTab(userId) {
    const store = storage();
    if (!store) return;
    store.removeItem('parley.seq.' + userId);
    store.removeItem('parley.stream.' + userId);
    store.removeItem('parley.chats.' + userId);
  }

  // ---- the event stream -----------------------------------------------------------------------

  async attach() {
    if (!this.bridge || this.attachInFlight) return;
    if (this.attachRetry) clearTimeout(this.attachRetry);
    this.attachRetry = null;
    this.attachInFlight = true;
    this.state = S.beginAttach(this.state);
    const since = this.state.seq;
    const bridge = this.bridge;
    try {
      const store = storage();
      const stream = store && store.getItem(this.streamKey());
      const reply = await bridge.request(Command.ATTACH, since != null && stream ? { stream, since } : {});
      if (bridge !== this.bridge) return;
      if (store && reply && typeof reply.stream === 'string') store.setItem(this.streamKey(), reply.stream);
      this.attachInFlight = false;
      let s = S.attachReply(this.state, reply);
      if (this.restoreChats && Array.isArray(this.restoreChats.open)) {
        for (const k of this.restoreChats.open) {
          if (typeof k !== 'string') continue;
          const { accountId, jid } = S.splitKey(k);
          if (S.accountById(s, accountId)) s = S.openChat(s, accountId, jid);
        }
        if (this.restoreChats.focus && s.openChats.includes(this.restoreChats.focus)) {
          s = S.focusChat(s, this.restoreChats.focus);
        }
        this.restoreChats = null;
      }
      this.update(s);
      this.people.changed(null);
      this.loadRecent(false);
      for (const w of this.attachWaiters) w();
      this.attachWaiters.clear();
    } catch (e) {
      if (bridge !== this.bridge) return;
      this.attachInFlight = false;
      if (this.handleAuthFailure(e)) return;
      if (e && (e.code === 'BRIDGE_DOWN' || e.code === 'BRIDGE_LOST')) return; // re-attaches when the bridge is back
      this.showNotice('Could not load your accounts and contacts: ' + lowerFirst(errorText(e)) + ' Trying again…');
      this.attachRetry = setTimeout(() => this.attach(), ATTACH_RETRY_MS);
    }
  }

  /** Resolves at the next successful attach; rejects after RESEND_WAIT_MS. */
  whenAttached() {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.attachWaiters.delete(done);
        reject(new Error('not attached again in time'));
      }, RESEND_WAIT_MS);
      this.attachWaiters.add(done);
    });
  }

  onEvent(body) {
    if (!this.state || !body) return;
    const seen = typeof body.seq === 'number' && this.state.seq != null && body.seq <= this.state.seq;
    const next = S.receive(this.state, body);
    this.update({ ...next, recent: Inbox.recentOnEvent(next.recent, body) });
    this.people.changed(body);
    // An event seen before (sent again around a re-attach) does not notify twice.
    if (this.notifier && this.state && !seen) this.notifier.onEvent(this.state, body);
  }

  /** A page of recent conversations: the newest (after each attach) or the next older ones. */
  async loadRecent(older) {
    if (!this.state || !this.bridge) return;
    const body = { limit: RECENT_PAGE };
    if (older) body.before = Inbox.recentCursor(this.state.recent);
    try {
      const reply = await this.command(Command.CHATS_RECENT, body, { quiet: true });
      if (!this.state) return;
      this.update({ ...this.state, recent: Inbox.recentLoaded(this.state.recent, reply, older) });
    } catch (e) {
      if (!this.state || (e && (e.code === 'BRIDGE_DOWN' || e.code === 'BRIDGE_LOST'))) return;
      this.showNotice('Could not load your recent conversations: ' + lowerFirst(errorText(e)));
    }
  }

  /**
   * Keys that work anywhere on the page: Alt+Up and Alt+Down go to the previous and next
   * conversation (the recent list's order; a merged person is one), Escape goes from a chat or a person's conversation
   * back to the list (on a narrow screen the list shows instead of it). Escape while correcting a message only cancels that.
   */
  onKey(e) {
    if (!this.state || !this.ui || this.billingPage || document.querySelector('#confirm')) return;
    if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      // People, not chats: a merged person is one stop, opening their one conversation.
      const stop = Inbox.nextConversation(Inbox.conversationOrder(this.state), Inbox.currentConversation(this.state),
        e.key === 'ArrowDown' ? 1 : -1);
      if (!stop) return;
      e.preventDefault();
      const target = Inbox.conversationTarget(stop);
      if (target.personId) {
        this.people.open(target.personId);
      } else {
        this.openChat(target.accountId, target.jid);
      }
    } else if (e.key === 'Escape' && !e.defaultPrevented && (this.state.focus || this.state.personOpen)) {
      const t = e.target;
      if (t && t.classList && t.classList.contains('editing')) return;
      // Only from the chat (or nowhere in particular): Escape in a form of the sidebar stays the form's.
      if (t && t !== document.body && t.closest && !t.closest('.chat-area')) return;
      this.showList = true;
      this.render();
      const item = this.ui.recent.list.querySelector('.recent-chat.focused') || this.ui.recent.list.querySelector('.recent-chat');
      if (item) item.focus();
    }
  }

  /** Applies a new state: side effects first (sign-out, re-attach, reads, history), then views. */
  update(next) {
    if (!next || !this.state) return;
    // A person's conversation on screen reads what arrives in their chats.
    next = P.readPersonChats(next);
    const prev = this.state;
    next = Inbox.trackNewLines(prev, next);
    this.state = next;
    if (next.signedOut) {
      this.signedOut('You were signed out (perhaps in another tab).');
      return;
    }
    const store = storage();
    if (store && next.seq !== prev.seq && next.seq != null) store.setItem(this.seqKey(), String(next.seq));
    if (next.resync && !this.attachInFlight && this.bridge && this.bridge.open) this.attach();
    if (next.readsToSend.length) {
      const keys = next.readsToSend;
      this.state = S.readsSent(this.state);
      for (const k of keys) {
        const { accountId, jid } = S.splitKey(k);
        this.command(Command.CHAT_READ, { accountId, peer: jid }, { quiet: true });
      }
    }
    for (const k of S.avatarsToFetch(this.state)) this.loadAvatar(k);
    if (next.historyStale) {
      this.state = S.historyRefreshStarted(this.state);
      for (const k of this.state.openChats) this.loadHistory(k, false);
    }
    for (const k of this.state.openChats) {
      const c = this.state.chats[k];
      if (k === this.state.focus && c && !c.loaded && !c.loading && this.state.attached) this.loadHistory(k, false);
    }
    if (store && (prev.openChats !== this.state.openChats || prev.focus !== this.state.focus)) {
      store.setItem(this.chatsKey(), JSON.stringify({ open: this.state.openChats, focus: this.state.focus }));
    }
    this.resolveUnsureSends();
    this.render();
    this.people.afterUpdate();
  }

  handleAuthFailure(e) {
    const d = describeError(e);
    if (d.code === 'NOT_SIGNED_IN') {
      this.signedOut('Your session has ended. Please sign in again.');
      return true;
    }
    return false;
  }

  /** Sends a command; failures become sentences (shown in #notice unless quiet or handled). */
  async command(type, body, { quiet = false } = {}) {
    if (!this.bridge) throw new Error('signed out');
    try {
      return await this.bridge.request(type, body);
    } catch (e) {
      if (this.handleAuthFailure(e)) throw e;
      if (!quiet) this.showNotice(errorText(e));
      throw e;
    }
  }

  // ---- main view ------------------------------------------------------------------------------

  buildMain() {
    this.root.replaceChildren();
    const ui = {};
    ui.me = h('span', { id: 'me' }, this.user.username || '');
    ui.bridgeState = h('span', { id: 'bridge-state' }, 'connecting…');
    ui.signout = h('button', { id: 'signout-button', type: 'button', onclick: () => this.signOut() }, 'Sign out');

    ui.presence = V.ownPresenceForm({
      onSave: (show, status) => this.setPresence(show, status),
      onStatusInput: (value) => {
        this.presenceDirty = true;
        setText(ui.presence.counter, counterText(value.length, Limits.STATUS_TEXT));
        setText(ui.presence.error, checkStatusText(value) || '');
      },
    });
    ui.presence.show.addEventListener('change', () => { this.presenceDirty = true; });

    ui.accountForm = V.accountForm({
      onSave: (values) => this.saveAccount(values),
      onCancel: () => this.closeAccountForm(),
    });
    ui.accountList = h('ul', { id: 'account-list', class: 'account-list' });
    ui.accountsEmpty = h('p', { class: 'empty-text' }, 'No IM accounts yet. Add one to see your contacts.');

    ui.contactForm = V.contactForm({
      onSave: (values) => this.addContact(values),
      onCancel: () => ui.contactForm.close(),
    });
    ui.roomForm = RV.roomForm({
      onSave: (values) => this.joinRoom(values),
      onCancel: () => ui.roomForm.close(),
    });
    ui.invitationList = h('ul', { id: 'room-invitations', class: 'request-list' });
    ui.invitationsPanel = h('section', { class: 'panel requests invitations', hidden: true },
      h('h2', null, 'Invitations'), ui.invitationList);
    ui.requestList = h('ul', { id: 'subscription-requests', class: 'request-list' });
    ui.requestsPanel = h('section', { class: 'panel requests', hidden: true },
      h('h2', null, 'Requests'), ui.requestList);
    ui.contactGroups = h('div', { id: 'contact-groups' });
    ui.contactsEmpty = h('p', { class: 'empty-text' }, 'No contacts yet.');

    ui.storageNotice = h('p', { id: 'storage-notice', class: 'storage-notice', role: 'status', hidden: true });
    ui.archiveText = h('span', { class: 'archive-notice-text' });
    ui.archiveNotice = h('p', { id: 'archive-notice', class: 'storage-notice archive-notice', role: 'status', hidden: true },
      ui.archiveText, ' ',
      h('button', { type: 'button', class: 'small', onclick: () => this.update(S.dismissArchiveNotice(this.state)) }, 'Dismiss'));
    ui.tabs = h('nav', { class: 'chat-tabs', role: 'tablist' });
    ui.chats = h('div', { id: 'chats' });
    ui.chatEmpty = h('div', { class: 'chat-empty' },
      h('p', null, 'Pick a contact on the left to start chatting.'));

    const handlers = this.handlers();
    ui.handlers = handlers;
    ui.people = PV.createPeoplePanel(handlers);
    ui.personPane = PV.createPersonPane(handlers);
    ui.recent = IV.recentPanel({ onOpen: (accountId, jid) => this.openChat(accountId, jid),
      onOpenPerson: (id) => this.people.open(id), onMore: () => this.loadRecent(true) });
    ui.notify = IV.notifyPanel(this.notifier.settings, {
      onNotify: async (on) => {
        const why = await this.notifier.setNotify(on);
        if (!this.ui) return;
        setText(ui.notify.error, why);
        ui.notify.notify.checked = this.notifier.settings.notify;
      },
      onSetting: (name, on) => this.notifier.set(name, on),
    });
    // Switched on here once, but the browser no longer allows it (the person revoked it): say so.
    if (this.notifier.settings.notify && this.notifier.permission() !== 'granted') setText(ui.notify.error, PERMISSION_REFUSED);
    // Narrow screens show the chat or the list, not both: this goes back to the list.
    ui.back = h('button', { id: 'back-to-list', type: 'button', class: 'small back-to-list',
      onclick: () => { this.showList = true; this.render(); } }, '← Conversations');

    const main = h('div', { id: 'app-main' },
      h('header', { class: 'topbar' },
        h('span', { class: 'brand' }, 'Parley'),
        h('span', { class: 'topbar-spacer' }),
        h('span', { class: 'bridge' }, 'Server: ', ui.bridgeState),
        h('span', { class: 'who' }, 'Signed in as ', ui.me),
        ui.notify.root,
        h('button', { id: 'usage-button', type: 'button', onclick: () => this.openBillingPage(UsagePage) }, 'Usage'),
        this.user.admin ? h('button', { id: 'admin-button', type: 'button', onclick: () => this.openBillingPage(AdminPage) }, 'Admin') : null,
        ui.signout),
      ui.layout = h('div', { class: 'layout' },
        h('aside', { class: 'sidebar' },
          h('section', { class: 'panel own-presence' }, h('h2', null, 'Your presence'), ui.presence.form),
          ui.search = Search.createSearchPanel({ onSearch: (v) => this.search(v), onMore: () => this.searchMore(),
            onLanguage: (language) => this.setSearchLanguage(language) }),
          h('section', { class: 'panel accounts' },
            h('div', { class: 'panel-head' }, h('h2', null, 'IM accounts'),
              h('button', { id: 'add-account-button', type: 'button', class: 'small', onclick: () => this.openAccountForm(null) }, '+ Add')),
            ui.accountForm.form, ui.accountList, ui.accountsEmpty),
          ui.requestsPanel,
          ui.invitationsPanel,
          ui.recent.root,
          h('section', { class: 'panel contacts' },
            h('div', { class: 'panel-head' }, h('h2', null, 'Contacts'),
              h('button', { id: 'add-contact-button', type: 'button', class: 'small', onclick: () => ui.contactForm.open(this.state ? this.state.accounts : [], this.state ? this.state.networks : []) }, '+ Add'),
              ui.joinRoomButton = h('button', { id: 'join-room-button', type: 'button', class: 'small', onclick: () => ui.roomForm.open(this.state ? this.state.accounts : [], {}, this.state ? this.state.networks : []) }, '+ Room')),
            ui.contactForm.form, ui.roomForm.form, ui.contactGroups, ui.contactsEmpty),
          ui.people.root),
        h('main', { class: 'chat-area' }, ui.storageNotice, ui.archiveNotice, ui.back, ui.tabs, ui.chats, ui.chatEmpty, ui.personPane)));
    ui.main = main;
    this.ui = ui;
    this.root.appendChild(main);
    this.render();
  }

  handlers() {
    return {
      onConnect: (id) => this.command(Command.ACCOUNT_CONNECT, { accountId: id }).catch(() => {}),
      onDisconnect: (id) => this.command(Command.ACCOUNT_DISCONNECT, { accountId: id }).catch(() => {}),
      onEdit: (id) => this.openAccountForm(id),
      onRemove: (id) => this.removeAccount(id),
      onPickAvatar: (id) => this.pickAvatar(id),
      onRemoveContact: (accountId, jid) => this.command(Command.CONTACT_REMOVE, { accountId, jid }).catch(() => {}),
      onBlockContact: (accountId, jid, block) => this.command(block ? Command.CONTACT_BLOCK : Command.CONTACT_UNBLOCK, { accountId, jid }).catch(() => {}),
      onOpenChat: (accountId, jid) => this.openChat(accountId, jid),
      onAnswer: (accountId, jid, approve) => this.answerSubscription(accountId, jid, approve),
      onFocusChat: (key) => this.update(P.closePerson(S.focusChat(this.state, key))),
      onCloseChat: (key) => this.closeChat(key),
      onLoadOlder: (key) => this.loadHistory(key, true),
      // Scrolling up pages through the stored history (the server's archive stays a click away).
      onScrolledToTop: (key) => {
        const chat = this.state && this.state.chats[key];
        if (chat && chat.loaded && chat.hasMore && !chat.loading) this.loadHistory(key, true);
      },
      onSend: (key) => this.sendMessage(key),
      onSendFile: (key, file) => this.sendFile(key, file),
      onEditMessage: (key, id) => this.editMessage(key, id),
      onCancelEdit: (key) => this.cancelEdit(key),
      onRetractMessage: (key, id) => this.retractMessage(key, id),
      onSendAgain: (key, id) => this.sendAgain(key, id),
      onInput: (key) => this.onChatInput(key),
      onLeaveRoom: (key) => this.leaveRoom(key),
      onSetSubject: (key) => this.setRoomSubject(key),
      onInviteToRoom: (key) => this.inviteToRoom(key),
      onAcceptInvitation: (i) => this.acceptInvitation(i),
      onDeclineInvitation: (i) => this.command(Command.ROOM_DECLINE, { accountId: i.accountId, room: i.room, jid: i.from }).catch(() => {}),
      ...this.people.handlers(),
    };
  }

  render() {
    const ui = this.ui;
    const s = this.state;
    if (!ui || !s) return;
    setText(ui.me, s.username || this.user.username || '');
    V.renderAccounts(ui.accountList, s, ui.handlers);
    Search.updateSearchPanel(ui.search, s);
    ui.accountsEmpty.hidden = s.accounts.length > 0;
    V.renderRequests(ui.requestList, s, ui.handlers);
    ui.requestsPanel.hidden = s.subscriptionRequests.length === 0;
    RV.renderInvitations(ui.invitationList, s, ui.handlers);
    ui.invitationsPanel.hidden = s.invitations.length === 0;
    V.renderContacts(ui.contactGroups, s, ui.handlers);
    IV.renderRecent(ui.recent, s);
    // A chat or a person's conversation (people.js) on screen: on a phone it takes the place of the list.
    ui.layout.classList.toggle('chat-open', !!(s.focus || s.personOpen) && !this.showList);
    ui.contactsEmpty.hidden = Object.keys(s.contacts).length > 0 || Object.keys(s.rooms).length > 0;
    // Group chats are offered only when an account's network has them.
    ui.joinRoomButton.hidden = !roomsOffered(s);
    if (!ui.roomForm.form.hidden) ui.roomForm.fillAccounts(s.accounts, s.networks);
    // Networks described after the form opened (the page attached meanwhile, a node started) are offered too.
    if (!ui.accountForm.form.hidden) {
      ui.accountForm.fillNetworks(s.networks, this.editingAccountId ? S.accountById(s, this.editingAccountId) : null);
    }
    if (!ui.contactForm.form.hidden) ui.contactForm.fillAccounts(s.accounts, s.networks);

    // Own presence: follow the server unless the person is editing it.
    const editing = this.presenceDirty || ui.presence.form.contains(document.activeElement);
    if (!editing) {
      if (ui.presence.show.value !== s.ownPresence.show) ui.presence.show.value = s.ownPresence.show;
      if (ui.presence.status.value !== s.ownPresence.status) ui.presence.status.value = s.ownPresence.status;
    }

    // Chats: one element per open chat, only the focused one shown.
    V.renderTabs(ui.tabs, s, ui.handlers);
    ui.tabs.hidden = s.openChats.length === 0;
    for (const [k, el] of this.chatEls) {
      if (!s.openChats.includes(k)) {
        el.remove();
        this.chatEls.delete(k);
        this.stopTyping(k, false);
      }
    }
    for (const k of s.openChats) {
      let el = this.chatEls.get(k);
      if (!el) {
        el = V.createChat(k, ui.handlers);
        this.chatEls.set(k, el);
        ui.chats.appendChild(el);
      }
      V.updateChat(el, k, s, k === s.focus);
    }
    ui.chatEmpty.hidden = s.openChats.length > 0;
    // A person's conversation (people.js) takes the chat area while it is open.
    PV.updatePeoplePanel(ui.people, s);
    PV.updatePersonPane(ui.personPane, s);
    if (s.personOpen) {
      ui.tabs.hidden = true;
      ui.chats.hidden = true;
      ui.chatEmpty.hidden = true;
    } else {
      ui.chats.hidden = false;
    }
    setText(ui.storageNotice, S.storageNotice(s));
    ui.storageNotice.hidden = !S.storageNotice(s);
    setText(ui.archiveText, S.archiveNotice(s));
    ui.archiveNotice.hidden = !S.archiveNotice(s);

    document.title = pageTitle(s.unread);
  }

  // ---- usage and admin pages ------------------------------------------------------------------

  openBillingPage(Page) {
    this.closeBillingPage();
    if (!this.ui || !this.bridge) return;
    this.billingPage = new Page(this.bridge, () => this.closeBillingPage());
    this.ui.layout.hidden = true;
    this.ui.main.appendChild(this.billingPage.root);
    this.billingPage.load();
  }

  closeBillingPage() {
    if (!this.billingPage) return;
    this.billingPage.destroy();
    this.billingPage.root.remove();
    this.billingPage = null;
    if (this.ui) this.ui.layout.hidden = false;
  }

  setBridgeState(text) {
    if (this.ui) {
      setText(this.ui.bridgeState, text);
      this.ui.bridgeState.setAttribute('data-state', text === 'connected' ? 'connected' : 'down');
    }
  }

  showNotice(text) {
    setText(this.notice, text || '');
    this.noticeBar.hidden = !text;
  }

  // ---- accounts -------------------------------------------------------------------------------

  openAccountForm(id) {
    const account = id ? S.accountById(this.state, id) : null;
    this.editingAccountId = account ? account.id : null;
    this.ui.accountForm.open(account, this.state.networks);
  }

  closeAccountForm() {
    this.editingAccountId = null;
    this.ui.accountForm.close();
  }

  async saveAccount(values) {
    const form = this.ui.accountForm;
    const login = values.login.trim();
    const host = values.host.trim();
    const portText = values.port.trim();
    const editing = this.editingAccountId ? S.accountById(this.state, this.editingAccountId) : null;
    const network = editing ? editing.network : values.network;
    const d = descriptorOf(this.state.networks, network);
    const problem = (network ? null : 'Choose the network of the account.') || checkAddress(d, login, true)
      || checkServer(d, host, portText) || checkPort(portText)
      || (!editing && !values.password ? 'Enter the password of the IM account.' : null);
    if (problem) {
      setText(form.error, problem);
      return;
    }
    setText(form.error, '');
    const body = { login, tls: values.tls };
    if (host) body.host = host;
    if (portText) body.port = Number(portText);
    if (values.password) body.password = values.password;
    form.save.disabled = true;
    try {
      if (editing) {
        if (!host && editing.host) body.host = null;
        if (!portText && editing.port) body.port = null;
        const reply = await this.command(Command.ACCOUNT_UPDATE, { accountId: editing.id, ...body }, { quiet: true });
        if (reply && reply.account) this.update(S.applyEvent(this.state, { type: 'account.updated', account: reply.account }));
      } else {
        const reply = await this.command(Command.ACCOUNT_ADD, { network, ...body }, { quiet: true });
        if (reply && reply.account) this.update(S.applyEvent(this.state, { type: 'account.added', account: reply.account }));
      }
      this.closeAccountForm();
    } catch (e) {
      if (this.ui) setText(form.error, errorText(e));
    } finally {
      form.save.disabled = false;
    }
  }

  async removeAccount(id) {
    const account = S.accountById(this.state, id);
    if (!account) return;
    const ok = await confirmDialog(`Remove the account ${account.login}? Its contacts and chats disappear from Parley.`, 'Remove');
    if (!ok || !this.state) return;
    try {
      await this.command(Command.ACCOUNT_REMOVE, { accountId: id });
      this.update(S.applyEvent(this.state, { type: 'account.removed', accountId: id }));
    } catch {
      // shown in #notice
    }
  }

  // ---- presence, contacts, requests -----------------------------------------------------------

  async setPresence(show, status) {
    const p = this.ui.presence;
    const problem = checkStatusText(status);
    if (problem) {
      setText(p.error, problem);
      this.showNotice(problem);
      this.presenceNotice = problem;
      return;
    }
    setText(p.error, '');
    if (this.presenceNotice && this.notice.textContent === this.presenceNotice) this.showNotice('');
    this.presenceNotice = null;
    p.save.disabled = true;
    try {
      await this.command(Command.PRESENCE_SET, { show, status });
      this.presenceDirty = false;
      if (this.state) this.update({ ...this.state, ownPresence: { show, status } });
    } catch (e) {
      if (this.ui) setText(p.error, errorText(e));
    } finally {
      p.save.disabled = false;
    }
  }

  async addContact(values) {
    const form = this.ui.contactForm;
    const jid = values.jid.trim();
    const account = S.accountById(this.state, values.accountId);
    const problem = (values.accountId ? null : 'Choose the account to add the contact to.')
      || checkAddress(account ? descriptorOf(this.state.networks, account.network) : null, jid);
    if (problem) {
      setText(form.error, problem);
      return;
    }
    setText(form.error, '');
    const body = { accountId: values.accountId, jid };
    if (values.name.trim()) body.name = values.name.trim();
    if (values.group.trim()) body.group = values.group.trim();
    form.save.disabled = true;
    try {
      await this.command(Command.CONTACT_ADD, body, { quiet: true });
      form.close();
      this.showNotice(`Asked ${jid} to share presence. They appear in your contacts.`);
    } catch (e) {
      if (this.ui) setText(form.error, errorText(e));
    } finally {
      form.save.disabled = false;
    }
  }

  // ---- group chats (XEP-0045) --------------------------------------------------------------

  /** Joins (or creates) a room; the room's refusal (a taken nickname, say) stays in the form to try again. */
  async joinRoom(values) {
    const form = this.ui.roomForm;
    const account = S.accountById(this.state, values.accountId);
    const room = values.room.trim();
    const nick = values.nick.trim();
    const problem = roomOffer(account, this.state.networks).why
      || checkRoomAddress(descriptorOf(this.state.networks, account.network), room) || (nick ? null : 'Choose a nickname for the room.');
    if (problem) {
      setText(form.error, problem);
      return;
    }
    setText(form.error, '');
    form.busy(true);
    try {
      const body = { accountId: values.accountId, room, nick };
      if (values.password) body.password = values.password;
      const joined = await this.command(Command.ROOM_JOIN, body, { quiet: true });
      form.close();
      this.openChat(values.accountId, joined && joined.room ? joined.room : room.toLowerCase());
    } catch (e) {
      if (this.ui) setText(form.error, errorText(e));
    } finally {
      form.busy(false);
    }
  }

  /** An invitation accepted: joined with the account's name as nickname, or the form to choose another. */
  async acceptInvitation(i) {
    const account = S.accountById(this.state, i.accountId);
    try {
      const body = { accountId: i.accountId, room: i.room, nick: defaultNick(account) };
      if (i.password) body.password = i.password;
      await this.command(Command.ROOM_JOIN, body, { quiet: true });
      this.openChat(i.accountId, i.room);
    } catch (e) {
      this.ui.roomForm.open(this.state.accounts, { accountId: i.accountId, room: i.room, password: i.password }, this.state.networks);
      setText(this.ui.roomForm.error, errorText(e));
    }
  }

  async leaveRoom(key) {
    const { accountId, jid } = S.splitKey(key);
    try {
      await this.command(Command.ROOM_LEAVE, { accountId, room: jid });
      this.closeChat(key);
    } catch {
      // shown in #notice
    }
  }

  async setRoomSubject(key) {
    const { accountId, jid } = S.splitKey(key);
    const room = this.state.rooms[key];
    const subject = window.prompt(`New subject of ${jid}`, room && room.subject ? room.subject : '');
    if (subject == null) return;
    await this.command(Command.ROOM_SUBJECT, { accountId, room: jid, subject }).catch(() => {});
  }

  /** Invites someone to a room the account is in (the room passes the invitation on, XEP-0045). */
  async inviteToRoom(key) {
    const { accountId, jid } = S.splitKey(key);
    const answer = window.prompt(`Whom to invite to ${jid}? Their address, like bob@example.org`, '');
    if (answer == null) return;
    const invitee = answer.trim();
    const account = S.accountById(this.state, accountId);
    const problem = checkAddress(account ? descriptorOf(this.state.networks, account.network) : null, invitee);
    if (problem) {
      this.showNotice(problem);
      return;
    }
    try {
      await this.command(Command.ROOM_INVITE, { accountId, room: jid, jid: invitee });
      this.showNotice(`Invitation to ${jid} sent to ${invitee}.`);
    } catch {
      // shown in #notice
    }
  }

  async answerSubscription(accountId, jid, approve) {
    try {
      await this.command(Command.SUBSCRIPTION_ANSWER, { accountId, jid, approve });
      this.update(S.subscriptionAnswered(this.state, accountId, jid));
    } catch {
      // shown in #notice
    }
  }

  // ---- chats ----------------------------------------------------------------------------------

  openChat(accountId, jid) {
    this.showList = false;
    this.update(P.closePerson(S.openChat(this.state, accountId, jid)));
    const el = this.chatEls.get(S.chatKey(accountId, jid));
    if (el) el._parts.input.focus();
  }

  closeChat(key) {
    this.stopTyping(key, true);
    this.update(S.closeChat(this.state, key));
  }

  async loadHistory(key, older) {
    if (!this.state) return;
    const chat = this.state.chats[key]; // absent after an incomplete attach: load afresh
    if (chat && chat.loading) return;
    if (older && chat && !chat.hasMore && S.canLoadFromArchive(this.state, key)) {
      await this.loadArchive(key);
      return;
    }
    if (older && (!chat || !chat.hasMore)) return;
    const { accountId, jid } = S.splitKey(key);
    const body = { accountId, peer: jid, limit: Limits.HISTORY_PAGE };
    if (older && chat.messages.length) body.before = chat.messages[0].id;
    this.update(S.historyLoading(this.state, key, true));
    try {
      const reply = await this.command(Command.HISTORY_GET, body, { quiet: true });
      if (!this.state) return;
      this.update(S.historyLoaded(this.state, key, reply.messages, Limits.HISTORY_PAGE));
    } catch (e) {
      if (!this.state) return;
      this.update(S.historyLoading(this.state, key, false));
      this.chatError(key, 'Could not load the history: ' + lowerFirst(errorText(e)));
    }
  }

  // ---- search ---------------------------------------------------------------------------------

  /** A new search from the panel's form values. */
  async search(values) {
    const { body, error } = Search.searchBody(values);
    if (error) {
      Search.showSearchStatus(this.ui.search, error);
      return;
    }
    this.searchQuery = body;
    await this.runSearch(body, false);
  }

  /** The next results of the last search: those before its last result. */
  async searchMore() {
    const last = this.ui.search.querySelector('.search-result:last-child');
    if (!this.searchQuery || !last) return;
    await this.runSearch({ ...this.searchQuery, before: Number(last.getAttribute('data-message-id')) }, true);
  }

  /** The language the history search understands, kept on the server (every tab hears of it: search.language). */
  async setSearchLanguage(language) {
    try {
      await this.command(Command.SEARCH_LANGUAGE_SET, Search.languageBody(language), { quiet: true });
    } catch (e) {
      Search.showSearchStatus(this.ui.search, errorText(e));
      this.render(); // the choice kept on the server is shown again
    }
  }

  async runSearch(body, append) {
    Search.showSearchStatus(this.ui.search, 'Searching…');
    try {
      const reply = await this.command(Command.HISTORY_SEARCH, body, { quiet: true });
      if (!this.state) return;
      Search.showResults(this.ui.search, this.state, reply, append, (r) => this.openResult(r));
    } catch (e) {
      Search.showSearchStatus(this.ui.search, errorText(e));
    }
  }

  /**
   * Opens a result's chat at its message: the chat's newest page first (as any chat opens), then
   * the messages around the found one, then those after it up to the newest page (at most a few
   * pages), so the chat shows no gap; the message is scrolled to and marked.
   */
  async openResult(r) {
    const key = S.chatKey(r.accountId, r.peer);
    this.openChat(r.accountId, r.peer);
    for (let i = 0; i < 100 && this.state && this.state.chats[key] && this.state.chats[key].loading; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!this.state) return;
    const asked = Math.ceil(Limits.HISTORY_PAGE / 2);
    try {
      const reply = await this.command(Command.HISTORY_GET,
        { accountId: r.accountId, peer: r.peer, around: r.id, limit: Limits.HISTORY_PAGE }, { quiet: true });
      if (!this.state) return;
      const older = reply.messages.filter((m) => m.id <= r.id).length;
      // historyLoaded counts a full page as "more before": only when the older half was full.
      this.update(S.historyLoaded(this.state, key, reply.messages,
        older >= asked ? reply.messages.length : reply.messages.length + 1));
      let newer = reply.newer;
      let after = reply.messages.length ? reply.messages[reply.messages.length - 1].id : r.id;
      for (let pages = 0; newer && pages < 5; pages++) {
        const known = new Set((this.state.chats[key] || { messages: [] }).messages.map((m) => m.id));
        const page = await this.command(Command.HISTORY_GET,
          { accountId: r.accountId, peer: r.peer, after, limit: Limits.HISTORY_MAX }, { quiet: true });
        if (!this.state) return;
        this.update(S.newerLoaded(this.state, key, page.messages));
        newer = page.messages.length >= Limits.HISTORY_MAX && !page.messages.some((m) => known.has(m.id));
        if (page.messages.length) after = page.messages[page.messages.length - 1].id;
      }
      if (newer) this.chatError(key, 'Some messages between the found one and the newest are not shown; close and open the chat again to see them.');
    } catch (e) {
      if (!this.state) return;
      this.chatError(key, 'Could not load the found message: ' + lowerFirst(errorText(e)));
      return;
    }
    const el = this.chatEls.get(key);
    const li = el && el.querySelector(`.chat-message[data-message-id="${Number(r.id)}"]`);
    if (li) {
      for (const old of el.querySelectorAll('.chat-message.found')) old.classList.remove('found');
      li.classList.add('found');
      li.scrollIntoView({ block: 'center' });
    }
  }

  /** Opens the file picker for the own avatar of an account; one hidden input serves every account. */
  pickAvatar(accountId) {
    if (!this.avatarInput) {
      this.avatarInput = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp', hidden: true,
        onchange: (e) => {
          const file = e.target.files && e.target.files[0];
          e.target.value = '';
          if (this.avatarAccount) this.setOwnAvatar(this.avatarAccount, file);
        } });
      document.body.appendChild(this.avatarInput);
    }
    this.avatarAccount = accountId;
    this.avatarInput.click();
  }

  /** The person's own avatar on an account: checked here first, then by the session and the node. */
  async setOwnAvatar(accountId, file) {
    const why = checkAvatarFile(file);
    if (why) {
      this.showNotice(why);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
      await this.command(Command.AVATAR_SET, { accountId, data: btoa(binary) });
      this.showNotice('Your picture is set.');
    } catch (e) {
      // command() showed why.
    }
  }

  /** Fetches a contact's avatar once per hash; one that fails or is not a valid image stays initials. */
  async loadAvatar(key) {
    const hash = this.state.contacts[key].avatar;
    this.state = S.avatarLoaded(this.state, key, hash, null);
    const { accountId, jid } = S.splitKey(key);
    try {
      const reply = await this.command(Command.AVATAR_GET, { accountId, jid }, { quiet: true });
      if (!this.state || !reply || reply.hash !== hash) return;
      this.update(S.avatarLoaded(this.state, key, hash, reply));
    } catch (e) {
      // Shown as initials; the next hash tries again.
    }
  }

  /** Local history ran out: older messages of the chat from the IM server's archive. */
  async loadArchive(key) {
    const { accountId, jid } = S.splitKey(key);
    const body = { accountId, peer: jid, limit: Limits.HISTORY_PAGE, ...S.archiveCursor(this.state, key) };
    this.update(S.historyLoading(this.state, key, true));
    try {
      const reply = await this.command(Command.HISTORY_ARCHIVE, body, { quiet: true });
      if (!this.state) return;
      this.update(S.archiveLoaded(this.state, key, reply.messages, reply.complete !== false));
    } catch (e) {
      if (!this.state) return;
      // NO_ARCHIVE: the server or the room keeps none (said in words), nothing more is offered; else "try again".
      this.update(S.archiveFailed(this.state, key, e && e.code));
      this.chatError(key, 'Could not load older messages from the server: ' + lowerFirst(errorText(e)));
    }
  }

  chatError(key, text) {
    const el = this.chatEls.get(key);
    if (el) setText(el.querySelector('.chat-error'), text);
  }

  onChatInput(key) {
    const el = this.chatEls.get(key);
    if (!el) return;
    const text = el._parts.input.value;
    V.updateSendButton(el);
    setText(el.querySelector('.chat-counter'), counterText(text.length, Limits.MESSAGE_TEXT));
    const tooLong = text.length > Limits.MESSAGE_TEXT;
    setText(el.querySelector('.chat-error'), tooLong ? checkMessageText(text) : '');
    if (isBlankText(text)) {
      this.stopTyping(key, true);
      return;
    }
    const { accountId } = S.splitKey(key);
    if (!S.isConnected(S.accountById(this.state, accountId))) return;
    let t = this.typing.get(key);
    if (!t) {
      t = { composing: false, timer: null };
      this.typing.set(key, t);
    }
    if (!t.composing) {
      t.composing = true;
      this.sendTyping(key, TypingState.COMPOSING);
    }
    clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.composing = false;
      t.timer = null;
      this.sendTyping(key, TypingState.PAUSED);
    }, TYPING_IDLE_MS);
  }

  /** Ends "composing": `paused` when the person stopped, nothing when not composing. */
  stopTyping(key, send) {
    const t = this.typing.get(key);
    if (!t) return;
    clearTimeout(t.timer);
    this.typing.delete(key);
    if (send && t.composing) this.sendTyping(key, TypingState.PAUSED);
  }

  sendTyping(key, state) {
    const { accountId, jid } = S.splitKey(key);
    // Rooms get no typing notifications from Parley (XEP-0085 in rooms is optional and noisy).
    if (!this.bridge || (this.state && this.state.rooms[key])) return;
    this.bridge.request(Command.TYPING_SEND, { accountId, to: jid, state }).catch(() => {});
  }

  /** Puts the last message sent back in the input: the next send corrects it (Escape cancels). */
  editMessage(key, id) {
    const el = this.chatEls.get(key);
    const chat = this.state && this.state.chats[key];
    const m = chat && chat.messages.find((x) => x.id === id);
    if (!el || !m) return;
    el._editing = id;
    el._parts.input.value = m.text == null ? '' : String(m.text);
    el._parts.input.classList.add('editing');
    setText(el._parts.send, 'Correct');
    setText(el.querySelector('.chat-error'), '');
    el._parts.input.focus();
    V.updateSendButton(el);
  }

  cancelEdit(key) {
    const el = this.chatEls.get(key);
    if (!el || el._editing == null) return;
    el._editing = null;
    el._parts.input.classList.remove('editing');
    setText(el._parts.send, 'Send');
  }

  /** Takes back a message the user sent, in every tab and at the other person's client where it can. */
  async retractMessage(key, id) {
    const el = this.chatEls.get(key);
    const { accountId } = S.splitKey(key);
    if (!el || !window.confirm('Remove this message? It is also taken back from the other person where their client allows.')) return;
    try {
      const reply = await this.bridge.request(Command.MESSAGE_RETRACT, { accountId, messageId: id });
      if (this.state && reply && reply.message) this.update(S.messageSent(this.state, reply.message));
    } catch (e) {
      if (this.handleAuthFailure(e)) return;
      const d = describeError(e);
      // A lost answer is no "not removed": the stream shows the removal if it was done.
      setText(el.querySelector('.chat-error'), d.code === 'BRIDGE_LOST' ? d.text : 'Not removed: ' + lowerFirst(d.text));
    }
  }

  /** Sends a file through the IM server's upload service, then its link as a message (see files.js). */
  async sendFile(key, file) {
    const el = this.chatEls.get(key);
    if (!el || el._sending || !this.bridge) return;
    const errorEl = el.querySelector('.chat-error');
    const { accountId, jid } = S.splitKey(key);
    el._sending = true;
    el._parts.send.disabled = true;
    errorEl.classList.add('pending');
    setText(errorEl, `Sending ${file.name || 'the file'}…`);
    let sendingLink = false;
    try {
      const link = await uploadFile((type, body) => this.bridge.request(type, body), (url, init) => fetch(url, init),
        { accountId, to: jid, file });
      sendingLink = true;
      // Cut off on its way, the link is sent again with the same client message id (never twice).
      const reply = await sendOnce({
        request: (type, body) => (this.bridge ? this.bridge.request(type, body) : Promise.reject(new BridgeDownError())),
        whenAttached: () => this.whenAttached(),
      }, { accountId, to: jid, text: link });
      if (this.state && reply && reply.message) this.update(S.messageSent(this.state, reply.message));
      setText(errorEl, '');
    } catch (e) {
      if (this.handleAuthFailure(e)) return;
      const d = describeError(e);
      if (d.code === 'NODE_LOST' && sendingLink) {
        setText(errorEl, d.text); // the link may have gone out
        return;
      }
      const lost = d.code === 'BRIDGE_LOST';
      // Lost while asking for the upload slot: nothing went out; while sending the link: it may have.
      setText(errorEl, sendingLink && e instanceof SendGaveUpError ? SEND_UNSURE
        : 'File not sent: ' + (lost ? 'the connection to the Parley server was lost; send it again once it is back.'
          : lowerFirst(errorText(e))));
    } finally {
      errorEl.classList.remove('pending');
      el._sending = false;
      V.updateSendButton(el);
    }
  }

  /**
   * A message whose answer the connection lost, now shown by the resumed stream as stored: its text
   * leaves the input (so it is not sent twice) and the line about it (or about trying it again) goes.
   */
  resolveUnsureSends() {
    for (const [key, el] of this.chatEls) {
      const unsure = el._unsure;
      if (!unsure || (el._outbox && el._outbox.busy) || !S.sentAfter(this.state, key, unsure.text, unsure.lastId)) continue;
      el._unsure = null;
      if (el._outbox) el._outbox.removeFailed((i) => i.clientId === unsure.clientId);
      if (el._parts.input.value === unsure.text) el._parts.input.value = '';
      setText(el.querySelector('.chat-error'), '');
      V.updateSendButton(el);
    }
  }

  /**
   * Enter or Send: the text leaves the box at once and joins the chat's queue (outbox.js), shown as
   * pending under the chat; it is sent after any message still on its way, in the order typed.
   */
  sendMessage(key) {
    const el = this.chatEls.get(key);
    if (!el) return undefined;
    const input = el._parts.input;
    const text = input.value;
    const errorEl = el.querySelector('.chat-error');
    // Enter again on an empty box while messages are on their way: nothing to add, and their line stays.
    if (text === '' && el._outbox && el._outbox.busy) return undefined;
    const problem = checkMessageText(text);
    if (problem) {
      setText(errorEl, problem);
      return undefined;
    }
    const { accountId } = S.splitKey(key);
    if (!S.accountById(this.state, accountId)) {
      setText(errorEl, 'This account was removed; the message cannot be sent.');
      return undefined;
    }
    setText(errorEl, '');
    // A correction of the last message (Edit), or a new message.
    const editing = el._editing;
    // A message whose answer was lost stays in question while the person tries the same text again.
    if (el._unsure && el._unsure.text !== text) el._unsure = null;
    // The same text sent again while in question keeps its client id: the session sends it once.
    const clientId = (el._unsure && el._unsure.clientId) || newClientId();
    input.value = '';
    if (editing != null) this.cancelEdit(key);
    setText(el.querySelector('.chat-counter'), '');
    const t = this.typing.get(key);
    if (t) clearTimeout(t.timer);
    this.typing.delete(key);
    this.sendTyping(key, TypingState.ACTIVE);
    V.updateSendButton(el);
    return this.outboxOf(el, key).push({ text, clientId, editing });
  }

  /**
   * Sends a message again whose send was cut off (unsure: it may or may not have gone out), as the
   * person chose: a new message with a new client id, queued like one typed; the old one stays as it is.
   */
  sendAgain(key, id) {
    const el = this.chatEls.get(key);
    const chat = this.state && this.state.chats[key];
    const m = chat && chat.messages.find((x) => x.id === id);
    if (!el || !m || m.status !== MessageStatus.UNSURE) return undefined;
    V.markSentAgain(el, id);
    return this.outboxOf(el, key).push({ text: m.text, clientId: newClientId() });
  }

  /** The chat's queue of messages on their way out, made on its first message. */
  outboxOf(el, key) {
    if (!el._outbox) {
      const draw = () => renderQueued(el._parts.queued, el._outbox.shown(), (k) => el._outbox.dismiss(k));
      el._outbox = new Outbox((item) => this.sendQueued(el, key, item), () => {
        draw();
        // Kept in view like a message just sent.
        el._parts.scroll.scrollTop = el._parts.scroll.scrollHeight;
      });
    }
    return el._outbox;
  }

  /** Sends one queued message; answers null when it went out, else the words shown on it (and under the chat). */
  async sendQueued(el, key, { text, clientId, editing }) {
    const input = el._parts.input;
    const errorEl = el.querySelector('.chat-error');
    const { accountId, jid } = S.splitKey(key);
    const account = S.accountById(this.state, accountId);
    if (!account) {
      const words = 'This account was removed; the message cannot be sent.';
      setText(errorEl, words);
      return words;
    }
    // A message the IM server's rate limit holds back is answered only once it is sent: say so.
    const slow = setTimeout(() => {
      errorEl.classList.add('pending');
      setText(errorEl, SENDING_HELD_BACK);
    }, SLOW_SEND_MS);
    const lastId = S.lastMessageId(this.state, key);
    const ports = {
      request: (type, body) => (this.bridge ? this.bridge.request(type, body) : Promise.reject(new BridgeDownError())),
      whenAttached: () => this.whenAttached(),
      onRetry: () => {
        clearTimeout(slow);
        errorEl.classList.add('pending');
        setText(errorEl, SEND_RETRYING);
      },
    };
    try {
      const reply = editing != null
        ? await ports.request(Command.MESSAGE_CORRECT, { accountId, messageId: editing, text })
        : await sendOnce(ports, { accountId, to: jid, text }, { clientId });
      if (el._unsure && el._unsure.clientId === clientId) el._unsure = null;
      if (this.state && reply && reply.message) this.update(S.messageSent(this.state, reply.message));
      return null;
    } catch (e) {
      if (this.handleAuthFailure(e)) return null;
      const d = describeError(e);
      let words = d.text;
      if (e instanceof SendGaveUpError) {
        // It may have gone out: update() clears this once the resumed stream shows it did.
        words = SEND_GAVE_UP;
        if (!el._unsure) el._unsure = { text, lastId, clientId };
      } else if (d.code === 'BRIDGE_LOST') {
        words = d.text; // a correction: the stream shows it (message.updated) if it was made
      } else if (d.code === 'NODE_LOST' || d.code === 'SEND_UNSURE') {
        // Its send was cut off and it may have gone out: not "Not sent", and not back in the box to
        // be sent twice; the chat shows it as maybe sent, with Send again on it.
        setText(errorEl, d.text);
        return d.text;
      } else if (d.code === 'NOT_CONNECTED' || (!d.code && account.state !== ConnectionState.CONNECTED)) {
        words = `Not sent: the account ${account.login} is not connected.`;
      } else if (d.code === 'TEXT_TOO_LONG') {
        words = `Not sent: the message is too long (the limit is ${Limits.MESSAGE_TEXT.toLocaleString('en-US')} characters).`;
      } else {
        words = 'Not sent: ' + lowerFirst(words);
      }
      setText(errorEl, words);
      // Back in the box when nothing else was typed since, to send again with Enter (as before the queue).
      if (input.value === '') {
        input.value = text;
        V.updateSendButton(el);
      }
      return words;
    } finally {
      clearTimeout(slow);
      errorEl.classList.remove('pending');
      if (errorEl.textContent === SENDING_HELD_BACK || errorEl.textContent === SEND_RETRYING) setText(errorEl, '');
    }
  }
}

function lowerFirst(text) {
  if (!text) return '';
  // Keep "IM", "TLS" and the like as they are.
  if (/^[A-Z]{2}/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** An in-page confirmation. Resolves true for yes. */
export function confirmDialog(text, yesLabel = 'Yes') {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const done = (answer) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      if (previous && previous.focus) previous.focus();
      resolve(answer);
    };
    const onKey = (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        done(false);
      }
    };
    const yes = h('button', { type: 'button', class: 'confirm-yes danger', onclick: () => done(true) }, yesLabel);
    const no = h('button', { type: 'button', class: 'confirm-no', onclick: () => done(false) }, 'Cancel');
    const overlay = h('div', { id: 'confirm', class: 'confirm-overlay', role: 'dialog', 'aria-modal': 'true' },
      h('div', { class: 'confirm-box' },
        h('p', { class: 'confirm-text' }, text),
        h('div', { class: 'form-buttons' }, yes, no)));
    document.addEventListener('keydown', onKey, true);
    document.body.appendChild(overlay);
    yes.focus();
  });
}
