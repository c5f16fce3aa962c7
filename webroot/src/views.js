// Builds and updates the page's elements from the state. All server-provided strings go
// through h()/setText() (text nodes), never markup.
import { h, setText, setAttr, reconcile, clear, formatTime } from './dom.js';
import { Capability, ConnectionState, DEFAULT_NETWORK, Direction, MessageStatus, SETTABLE_SHOWS, ServerField, Show, Tls, TypingState } from './contract.js';
import { badgeOf, can, descriptorOf } from './networks.js';
import {
  chatKey, splitKey, groupedContacts, contactShow, displayName, accountById, canLoadFromArchive, shownMessages, blockOffer,
  avatarOf, initials,
} from './state.js';
import { accountHint, errorText } from './errors.js';
import { isBlankText } from './limits.js';
import { createRoomItem, updateRoomItem, roomHeader, showMentions, renderOccupants } from './roomViews.js';
import { createPersonItem, updatePersonItem } from './peopleViews.js';
import { failureLine, itemKey, redrawKeepingPlace, separatorItem, showText, statusWords, updateAttachment,
  whenScrolledToTop } from './messageList.js';
import { createQueueList } from './outboxViews.js';
import { noArchiveText, serverNotes, uploadOffer } from './serverFeatures.js';
import { withSeparators, firstUnreadId } from './inbox.js';

export const SHOW_WORDS = Object.freeze({
  [Show.AVAILABLE]: 'Available',
  [Show.CHAT]: 'Free to chat',
  [Show.AWAY]: 'Away',
  [Show.XA]: 'Away for a while',
  [Show.DND]: 'Do not disturb',
  [Show.OFFLINE]: 'Offline',
});

export const STATE_WORDS = Object.freeze({
  [ConnectionState.CONNECTED]: 'connected',
  [ConnectionState.CONNECTING]: 'connecting',
  [ConnectionState.RECONNECTING]: 'reconnecting',
  [ConnectionState.DISCONNECTED]: 'disconnected',
  [ConnectionState.FAILED]: 'failed',
});

/** The state word shown in .account-state: exactly one of the contract's words. */
export function accountStateWord(account) {
  return STATE_WORDS[account && account.state] || ConnectionState.DISCONNECTED;
}

/** The plain-words error of an account ('' when none). */
export function accountErrorText(account) {
  if (!account || !account.error) return '';
  return errorText(account.error);
}

export function typingText(state, key) {
  if (state.typing[key] !== TypingState.COMPOSING) return '';
  const { jid } = splitKey(key);
  return `${displayName(state.contacts[key], jid)} is typing…`;
}

// ---- sign-in view -------------------------------------------------------------------------

export function authView(handlers) {
  const username = h('input', {
    id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: true,
    maxlength: 64, autocapitalize: 'off', spellcheck: 'false',
  });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    maxlength: 72,
  });
  const error = h('p', { id: 'auth-error', class: 'form-error', role: 'alert', 'aria-live': 'polite' });
  const signin = h('button', { id: 'signin-button', type: 'submit', class: 'primary' }, 'Sign in');
  const signup = h('button', { id: 'signup-button', type: 'button' }, 'Create account');
  const form = h('form', { id: 'auth-form', novalidate: true },
    h('label', { for: 'username' }, 'Username'), username,
    h('label', { for: 'password' }, 'Password'), password,
    error,
    h('div', { class: 'form-buttons' }, signin, signup),
    h('p', { class: 'hint' }, 'New here? Choose a username (letters, digits, . _ -) and a password of 8 to 72 characters, then Create account.'));
  const busy = (on) => { signin.disabled = on; signup.disabled = on; };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handlers.onSignIn(username.value, password.value, { error, busy });
  });
  signup.addEventListener('click', () => handlers.onSignUp(username.value, password.value, { error, busy }));
  const root = h('section', { id: 'auth-view' },
    h('div', { class: 'auth-card' },
      h('h1', { class: 'brand' }, 'Parley'),
      h('p', { class: 'tagline' }, 'All your instant messaging in one place.'),
      form));
  return { root, username, password, error };
}

// ---- accounts -------------------------------------------------------------------------------

/** The network badge of an account, as its network's descriptor says (AIM or ICQ by the login, say). */
export function networkBadge(account, networks) {
  return badgeOf(networks, account);
}

export function createAccountItem(account, handlers) {
  const id = account.id;
  const el = h('li', { class: 'account', dataset: { 'account-id': id } },
    h('div', { class: 'account-head' },
      h('span', { class: 'account-dot' }),
      h('span', { class: 'account-network badge' }),
      h('span', { class: 'account-login' }),
      h('span', { class: 'account-state' })),
    h('div', { class: 'account-error', role: 'status' }),
    h('div', { class: 'account-hint' }),
    h('div', { class: 'account-server-notes small-text' }),
    h('div', { class: 'account-buttons' },
      h('button', { type: 'button', class: 'account-connect small', onclick: () => handlers.onConnect(id) }, 'Connect'),
      h('button', { type: 'button', class: 'account-disconnect small', onclick: () => handlers.onDisconnect(id) }, 'Disconnect'),
      h('button', { type: 'button', class: 'account-edit small', onclick: () => handlers.onEdit(id) }, 'Edit'),
      // Where the network lets it be set (updateAccountItem): the person's own avatar, through the page's file picker.
      h('button', { type: 'button', class: 'account-avatar small', title: 'Set your picture on this account', onclick: () => handlers.onPickAvatar(id) }, 'Picture'),
      h('button', { type: 'button', class: 'account-remove small danger', onclick: () => handlers.onRemove(id) }, 'Remove')));
  return el;
}

export function updateAccountItem(el, account, networks) {
  const word = accountStateWord(account);
  setText(el.querySelector('.account-network'), networkBadge(account, networks));
  setText(el.querySelector('.account-login'), account.login);
  setText(el.querySelector('.account-state'), word);
  setAttr(el, 'data-state', word);
  setText(el.querySelector('.account-error'), accountErrorText(account));
  setText(el.querySelector('.account-hint'), accountHint(account, descriptorOf(networks, account.network)));
  setText(el.querySelector('.account-server-notes'), serverNotes(account));
  const active = word === ConnectionState.CONNECTED || word === ConnectionState.CONNECTING
    || word === ConnectionState.RECONNECTING;
  el.querySelector('.account-connect').classList.toggle('subdued', active);
  el.querySelector('.account-disconnect').classList.toggle('subdued', !active);
  el.querySelector('.account-avatar').hidden = !can(networks, account, Capability.OWN_AVATAR);
}

export function renderAccounts(list, state, handlers) {
  reconcile(list, state.accounts, (a) => a.id, (a) => createAccountItem(a, handlers),
    (el, a) => updateAccountItem(el, a, state.networks));
}

export function accountForm(handlers) {
  // Filled at each open from the networks the running nodes describe.
  const network = h('select', { id: 'account-network' });
  let networksNow = [];
  const loginLabel = h('label', { for: 'account-login' });
  const login = h('input', { id: 'account-login', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const password = h('input', { id: 'account-password', type: 'password', autocomplete: 'new-password' });
  const hostLabel = h('label', { for: 'account-host' });
  const host = h('input', { id: 'account-host', type: 'text', spellcheck: 'false' });
  const port = h('input', { id: 'account-port', type: 'text', inputmode: 'numeric' });
  const tls = h('select', { id: 'account-tls' },
    h('option', { value: Tls.REQUIRED }, 'Required'),
    h('option', { value: Tls.IF_OFFERED }, 'If offered'));
  // What the TLS choice means, and what to try when this account failed for want of TLS.
  const tlsHint = h('p', { class: 'tls-hint', role: 'status' });
  const tlsHelp = h('p', { class: 'tls-help hint' });
  const tlsRow = h('div', { class: 'tls-row' }, h('label', { for: 'account-tls' }, 'Encryption (TLS)'), tls, tlsHelp, tlsHint);
  const error = h('p', { id: 'account-form-error', class: 'form-error', role: 'alert' });
  const title = h('h3', { class: 'form-title' }, 'Add an IM account');
  const save = h('button', { id: 'account-save', type: 'submit', class: 'primary' }, 'Save');
  const cancel = h('button', { id: 'account-cancel', type: 'button', onclick: () => handlers.onCancel() }, 'Cancel');
  const hostBox = h('div', { class: 'grow' }, hostLabel, host);
  const portBox = h('div', { class: 'port' }, h('label', { for: 'account-port' }, 'Port'), port);
  const form = h('form', { id: 'account-form', class: 'side-form', hidden: true, novalidate: true },
    title,
    h('label', { for: 'account-network' }, 'Network'), network,
    loginLabel, login,
    h('label', { for: 'account-password' }, 'Password'), password,
    h('div', { class: 'row' }, hostBox, portBox),
    tlsRow,
    error,
    h('div', { class: 'form-buttons' }, save, cancel));
  // The fields fit the network, as its descriptor says: the login's label, which server fields it
  // asks for, its usual port (filled in where there is no discovery), whether TLS is a choice.
  let filledPort = '';
  const fitNetwork = () => {
    const d = descriptorOf(networksNow, network.value);
    const server = d ? d.server : { host: ServerField.OPTIONAL, port: ServerField.OPTIONAL, tls: true };
    setText(loginLabel, d ? d.login.label : 'Login');
    login.placeholder = d && d.login.placeholder ? d.login.placeholder : '';
    setText(hostLabel, server.host === ServerField.REQUIRED ? 'Server host' : 'Server host (optional)');
    hostBox.hidden = server.host === ServerField.NONE;
    portBox.hidden = server.port === ServerField.NONE;
    host.placeholder = server.hostPlaceholder || '';
    const usual = server.defaultPort ? String(server.defaultPort) : '';
    port.placeholder = server.portPlaceholder || usual;
    if (filledPort && port.value === filledPort && usual !== filledPort) port.value = '';
    if (usual && !port.value) port.value = usual;
    filledPort = usual;
    tlsRow.hidden = !server.tls;
    setText(tlsHelp, server.tlsHelp || '');
  };
  network.addEventListener('change', fitNetwork);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handlers.onSave({
      network: network.value, login: login.value, password: password.value, host: host.value, port: port.value, tls: tls.value,
    });
  });
  return {
    form, error, save,
    /**
     * The networks offered: those the nodes describe now (`networks`), and an edited account's own.
     * Called again while the form is open when they change; the choice made stays.
     */
    fillNetworks(networks, account) {
      const list = Array.isArray(networks) ? networks : [];
      const same = list.length === networksNow.length && list.every((d, i) => d === networksNow[i]);
      if (same && network.children.length > 0) return;
      networksNow = list;
      const chosen = network.value;
      clear(network);
      const offered = [...networksNow].sort((a, b) => a.label.localeCompare(b.label));
      for (const d of offered) network.appendChild(h('option', { value: d.network }, d.label));
      // An account on a network no node describes now can still be edited.
      if (account && !descriptorOf(networksNow, account.network)) {
        network.appendChild(h('option', { value: account.network }, account.network));
      }
      const preferred = descriptorOf(networksNow, DEFAULT_NETWORK) ? DEFAULT_NETWORK : (offered[0] ? offered[0].network : '');
      network.value = account ? account.network : (offered.some((d) => d.network === chosen) ? chosen : preferred);
      const none = 'No IM network is available right now (no protocol node is running); try again later.';
      if (!account && offered.length === 0) setText(error, none);
      else if (error.textContent === none) setText(error, '');
      fitNetwork();
    },
    /** Opens the form for a new account (null) or to edit one; `networks`: the descriptors the page has now. */
    open(account, networks) {
      setText(error, '');
      setText(title, account ? 'Edit IM account' : 'Add an IM account');
      networksNow = [];
      clear(network);
      network.disabled = !!account;
      filledPort = '';
      this.fillNetworks(networks, account);
      login.value = account ? account.login || '' : '';
      password.value = '';
      password.placeholder = account ? 'unchanged' : '';
      host.value = account && account.host ? account.host : '';
      port.value = account && account.port ? String(account.port) : '';
      tls.value = account && account.tls === Tls.IF_OFFERED ? Tls.IF_OFFERED : Tls.REQUIRED;
      setText(tlsHint, accountHint(account, account ? descriptorOf(networksNow, account.network) : null));
      fitNetwork();
      form.hidden = false;
      login.focus();
    },
    close() {
      form.hidden = true;
      password.value = '';
      setText(error, '');
    },
  };
}

// ---- contacts -------------------------------------------------------------------------------

export function contactForm(handlers) {
  const account = h('select', { id: 'contact-account' });
  const jid = h('input', { id: 'contact-jid', type: 'text', placeholder: 'bob@example.org', spellcheck: 'false', autocomplete: 'off' });
  const name = h('input', { id: 'contact-name', type: 'text', autocomplete: 'off', maxlength: 200 });
  const group = h('input', { id: 'contact-group', type: 'text', autocomplete: 'off', maxlength: 200 });
  const error = h('p', { id: 'contact-form-error', class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'contact-save', type: 'submit', class: 'primary' }, 'Add');
  const cancel = h('button', { id: 'contact-cancel', type: 'button', onclick: () => handlers.onCancel() }, 'Cancel');
  // What an address looks like on the chosen account's network (its descriptor's contact rule).
  const jidLabel = h('label', { for: 'contact-jid' }, 'Address');
  let accountsNow = [];
  let networksNow = [];
  const fit = () => {
    // A select with options and nothing chosen shows its first.
    const a = accountsNow.find((x) => x.id === account.value) || (account.value ? null : accountsNow[0]);
    const d = a ? descriptorOf(networksNow, a.network) : null;
    setText(jidLabel, d ? d.contact.label : 'Address');
    jid.placeholder = d && d.contact.placeholder ? d.contact.placeholder : '';
  };
  account.addEventListener('change', fit);
  const form = h('form', { id: 'contact-form', class: 'side-form', hidden: true, novalidate: true },
    h('h3', { class: 'form-title' }, 'Add a contact'),
    h('label', { for: 'contact-account' }, 'Account'), account,
    jidLabel, jid,
    h('label', { for: 'contact-name' }, 'Name (optional)'), name,
    h('label', { for: 'contact-group' }, 'Group (optional)'), group,
    error,
    h('div', { class: 'form-buttons' }, save, cancel));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handlers.onSave({ accountId: account.value, jid: jid.value, name: name.value, group: group.value });
  });
  return {
    form, error, save,
    fillAccounts(accounts, networks) {
      accountsNow = accounts;
      if (Array.isArray(networks)) networksNow = networks;
      // Kept, not built again, while the person picks: an event meanwhile leaves the choice (and the list) as it is.
      reconcile(account, accounts, (a) => a.id, (a) => h('option', { value: a.id }), (el, a) => setText(el, a.login));
      fit();
    },
    open(accounts, networks = []) {
      this.fillAccounts(accounts, networks);
      jid.value = '';
      name.value = '';
      group.value = '';
      setText(error, accounts.length ? '' : 'Add an IM account first.');
      form.hidden = false;
      jid.focus();
    },
    close() {
      form.hidden = true;
      setText(error, '');
    },
  };
}

function createContactItem(item, handlers) {
  const { accountId, jid } = item.contact;
  // People who wrote but are not in the contact list are listed too, but not as `.contact`.
  const el = h('li', {
    class: item.contact.stranger ? 'stranger-chat' : 'contact', dataset: { 'account-id': accountId, jid },
    tabindex: '0', role: 'button',
  },
  h('span', { class: 'contact-avatar avatar', 'aria-hidden': 'true' }),
  h('span', { class: 'contact-presence', 'aria-hidden': 'true' }),
  h('div', { class: 'contact-main' },
    h('div', { class: 'contact-line' },
      h('span', { class: 'contact-name' }),
      h('span', { class: 'unread-count', hidden: true })),
    h('div', { class: 'contact-line small-text' },
      h('span', { class: 'contact-status' }),
      h('span', { class: 'contact-network badge' }),
      h('span', { class: 'contact-account' }))),
  h('button', {
    type: 'button', class: 'contact-block small',
    // The label says what a click does: Block, or Unblock (updateContactItem keeps it current).
    onclick: (e) => { e.stopPropagation(); handlers.onBlockContact(accountId, jid, el.querySelector('.contact-block').textContent === 'Block'); },
  }, 'Block'),
  h('button', {
    type: 'button', class: 'contact-remove small icon', title: 'Remove contact', 'aria-label': 'Remove contact',
    onclick: (e) => { e.stopPropagation(); handlers.onRemoveContact(accountId, jid); },
  }, '×'));
  el.addEventListener('click', () => handlers.onOpenChat(accountId, jid));
  el.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === el) {
      e.preventDefault();
      handlers.onOpenChat(accountId, jid);
    }
  });
  return el;
}

function updateContactItem(el, item, state) {
  const c = item.contact;
  const show = contactShow(c);
  const account = accountById(state, c.accountId);
  setText(el.querySelector('.contact-name'), displayName(c));
  updateAvatar(el.querySelector('.contact-avatar'), avatarOf(state, item.key), initials(c));
  setAttr(el, 'title', c.jid);
  const pres = el.querySelector('.contact-presence');
  setAttr(pres, 'data-show', show);
  setAttr(pres, 'title', SHOW_WORDS[show] || show);
  const status = c.presence && typeof c.presence.status === 'string' ? c.presence.status : '';
  setText(el.querySelector('.contact-status'), status);
  setText(el.querySelector('.contact-network'), networkBadge(account, state.networks));
  setText(el.querySelector('.contact-account'), account ? account.login : '');
  const n = state.unread[item.key] || 0;
  const badge = el.querySelector('.unread-count');
  setText(badge, n > 0 ? String(n) : '');
  badge.hidden = n <= 0;
  el.classList.toggle('offline', show === Show.OFFLINE);
  el.classList.toggle('stranger', !!c.stranger);
  el.querySelector('.contact-remove').hidden = !!c.stranger;
  // Block / Unblock (XEP-0191): disabled, with the reason, where the account or its server cannot.
  const offer = blockOffer(state, c.accountId, c.jid);
  const block = el.querySelector('.contact-block');
  setText(block, offer.label);
  block.disabled = offer.disabled;
  setAttr(block, 'title', offer.why || `${offer.label} ${c.jid}`);
  block.classList.toggle('is-blocked', offer.blocked);
  el.classList.toggle('blocked', offer.blocked);
  if (offer.blocked) setText(el.querySelector('.contact-status'), 'Blocked');
  el.classList.toggle('focused', state.focus === item.key);
  el.classList.toggle('has-unread', n > 0);
}

/**
 * The avatar box: the image when the state holds a checked `data:image/…;base64` URL for the
 * contact's current hash (see state.avatarUrl), else the initials as text.
 */
function updateAvatar(box, url, letters) {
  let img = box.querySelector('img');
  if (url) {
    if (!img) {
      clear(box);
      img = h('img', { class: 'avatar-image', alt: '' });
      box.appendChild(img);
    }
    setAttr(img, 'src', url);
  } else if (img || box.textContent !== letters) {
    clear(box);
    setText(box, letters);
  }
  box.classList.toggle('has-image', !!url);
}

/** A contact and a stranger entry are built differently: one who is added gets a new element. */
const entryKey = (item) => (item.contact.person ? '' : item.contact.room ? 'm:' : item.contact.stranger ? 's:' : 'c:') + item.key;

export function renderContacts(container, state, handlers) {
  const groups = groupedContacts(state);
  // An entry moving to another section (into the recent conversations, say) keeps its element,
  // so keyboard focus, and whatever holds on to it, survive.
  const existing = new Map();
  for (const list of container.querySelectorAll('.contact-list')) {
    for (const [k, el] of list._keyed || []) existing.set(k, el);
  }
  reconcile(container, groups, (g) => (g.rooms ? 'm:' : g.recent ? 'r:' : g.strangers ? 's:' : 'g:') + g.name,
    (g) => h('section', { class: g.recent ? 'contact-group recent-group' : 'contact-group' },
      h('h3', { class: 'group-name' }, g.name || 'Contacts'),
      h('ul', { class: 'contact-list' })),
    (el, g) => {
      reconcile(el.querySelector('.contact-list'), g.contacts, entryKey,
        (i) => existing.get(entryKey(i)) || (i.contact.person ? createPersonItem(i, handlers)
          : i.contact.room ? createRoomItem(i, handlers) : createContactItem(i, handlers)),
        (cel, i) => (i.contact.person ? updatePersonItem(cel, i, state)
          : i.contact.room ? updateRoomItem(cel, i, state) : updateContactItem(cel, i, state)));
    });
}

export function renderRequests(list, state, handlers) {
  reconcile(list, state.subscriptionRequests, (r) => chatKey(r.accountId, r.jid),
    (r) => h('li', { class: 'subscription-request', dataset: { 'account-id': r.accountId, jid: r.jid } },
      h('div', { class: 'request-text' },
        h('strong', { class: 'request-jid' }, r.jid),
        h('span', null, ' wants to see when you are online'),
        h('span', { class: 'request-account small-text' })),
      h('div', { class: 'request-buttons' },
        h('button', { type: 'button', class: 'approve small primary', onclick: () => handlers.onAnswer(r.accountId, r.jid, true) }, 'Allow'),
        h('button', { type: 'button', class: 'deny small', onclick: () => handlers.onAnswer(r.accountId, r.jid, false) }, 'Deny'))),
    (el, r) => {
      const a = accountById(state, r.accountId);
      setText(el.querySelector('.request-account'), a ? ` (to ${a.login})` : '');
    });
}

// ---- chats ----------------------------------------------------------------------------------

export function createChat(key, handlers) {
  const { accountId, jid } = splitKey(key);
  const messages = h('ol', { class: 'chat-messages', 'aria-live': 'polite' });
  const input = h('textarea', {
    class: 'chat-input', rows: '2', placeholder: 'Write a message… (Enter sends, Shift+Enter for a new line)',
    'aria-label': 'Message',
  });
  const older = h('button', { type: 'button', class: 'chat-load-older small', onclick: () => handlers.onLoadOlder(key) }, 'Load older messages');
  // Off while there is nothing to send (see updateSendButton).
  const send = h('button', { type: 'button', class: 'chat-send primary', disabled: true, onclick: () => handlers.onSend(key) }, 'Send');
  // A file or picture (where the network has FILES, see updateChat): the chooser is made on click, so nothing but the button is on the page.
  const attach = handlers.onSendFile ? h('button', {
    type: 'button', class: 'chat-attach small', title: 'Send a file or picture', 'aria-label': 'Send a file or picture',
    onclick: () => {
      const chooser = document.createElement('input');
      chooser.type = 'file';
      chooser.addEventListener('change', () => {
        if (chooser.files && chooser.files[0]) handlers.onSendFile(key, chooser.files[0]);
      });
      chooser.click();
    },
  }, '📎') : null;
  // Messages sent while one before them is still on its way, under the stored ones (outboxViews.js).
  const queued = createQueueList();
  const el = h('section', { class: 'chat', dataset: { 'account-id': accountId, jid } },
    h('header', { class: 'chat-header' },
      h('span', { class: 'chat-avatar avatar', 'aria-hidden': 'true' }),
      h('span', { class: 'chat-presence contact-presence' }),
      h('div', { class: 'chat-title-box' },
        h('h2', { class: 'chat-title' }),
        h('div', { class: 'chat-subtitle small-text' })),
      // Group chats only (updateChat shows them): invite someone, change the subject, leave the room.
      h('button', { type: 'button', class: 'chat-room-invite small', hidden: true, onclick: () => handlers.onInviteToRoom && handlers.onInviteToRoom(key) }, 'Invite'),
      h('button', { type: 'button', class: 'chat-room-subject small', hidden: true, onclick: () => handlers.onSetSubject && handlers.onSetSubject(key) }, 'Subject'),
      h('button', { type: 'button', class: 'chat-room-leave small', hidden: true, onclick: () => handlers.onLeaveRoom && handlers.onLeaveRoom(key) }, 'Leave'),
      h('button', { type: 'button', class: 'chat-close small icon', title: 'Close chat', 'aria-label': 'Close chat', onclick: () => handlers.onCloseChat(key) }, '×')),
    h('ul', { class: 'chat-room-occupants', hidden: true, 'aria-label': 'In the room' }),
    h('div', { class: 'chat-scroll' },
      h('div', { class: 'chat-older-bar' }, older),
      messages, queued),
    h('div', { class: 'typing-indicator', 'aria-live': 'polite' }),
    h('div', { class: 'chat-error', role: 'alert' }),
    h('div', { class: 'chat-compose' },
      input,
      h('div', { class: 'chat-compose-side' }, send, attach, h('span', { class: 'chat-counter small-text' }))));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      handlers.onSend(key);
    }
  });
  input.addEventListener('input', () => handlers.onInput(key));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && handlers.onCancelEdit) handlers.onCancelEdit(key);
  });
  el._parts = { messages, queued, input, older, send, attach, scroll: el.querySelector('.chat-scroll') };
  // Scrolled up to the top: the older messages come as if "Load older messages" was clicked.
  if (handlers.onScrolledToTop) whenScrolledToTop(el._parts.scroll, () => handlers.onScrolledToTop(key));
  el._handlers = handlers;
  el._rendered = null;
  return el;
}

/** Send is on only when the input holds something to send and no file is being sent (messages queue, outbox.js). */
export function updateSendButton(el) {
  el._parts.send.disabled = !!el._sending || isBlankText(el._parts.input.value);
}

function messageItem(m, handlers, key) {
  const dir = m.direction === Direction.OUT ? 'out' : 'in';
  const d = new Date(m.ts);
  // Correct (only the last one, see updateChat) or take back a message the user sent; not one
  // shown from the server's archive (not stored here).
  const actions = m.direction === Direction.OUT && handlers && m.id != null ? h('span', { class: 'chat-actions' },
    h('button', { type: 'button', class: 'chat-edit small', onclick: () => handlers.onEditMessage(key, m.id) }, 'Edit'),
    h('button', { type: 'button', class: 'chat-retract small', onclick: () => handlers.onRetractMessage(key, m.id) }, 'Remove'))
    : null;
  return h('li', { class: `chat-message ${dir}${m.archived ? ' archived' : ''}`, dataset: { 'message-id': m.id } },
    // In a group chat: who said it.
    m.nick != null && dir === 'in' ? h('div', { class: 'chat-nick small-text' }, String(m.nick)) : null,
    h('div', { class: 'chat-text' }, m.text == null ? '' : String(m.text)),
    h('div', { class: 'chat-attachment' }),
    h('div', { class: 'chat-meta' },
      actions,
      h('span', { class: 'chat-edited' }),
      h('span', { class: 'chat-status' }),
      h('time', { class: 'chat-time', datetime: Number.isNaN(d.getTime()) ? null : d.toISOString(), title: Number.isNaN(d.getTime()) ? null : d.toLocaleString() }, formatTime(m.ts))),
    h('div', { class: 'chat-failure' }),
    // Its send was cut off (unsure): sending it again is the person's choice.
    m.direction === Direction.OUT && handlers && m.id != null
      ? h('button', { type: 'button', class: 'chat-send-again small', hidden: true, onclick: () => handlers.onSendAgain(key, m.id) },
        'Send again')
      : null);
}

/** The unsure message `id` was sent again (as a new message): its bubble no longer offers to. */
export function markSentAgain(chatEl, id) {
  const item = chatEl.querySelector(`.chat-message[data-message-id="${id}"]`);
  if (!item) return;
  item._sentAgain = true;
  const again = item.querySelector('.chat-send-again');
  if (again) again.hidden = true;
}

/**
 * An outgoing message's status: a small word (sending, sent, delivered, read), the reason under it
 * when it failed or may not have been sent (then with Send again).
 */
function updateMessageItem(el, m) {
  // Corrected or taken back by its sender (XMPP XEP-0308, XEP-0424).
  setAttr(el, 'data-removed', m.removed ? 'true' : null);
  showText(el.querySelector('.chat-text'), !m.removed ? (m.text == null ? '' : String(m.text))
    : m.direction === Direction.OUT ? 'You removed this message.' : 'This message was removed by its sender.');
  updateAttachment(el.querySelector('.chat-attachment'), m.removed ? '' : m.text);
  const actions = el.querySelector('.chat-actions');
  const settled = m.status !== MessageStatus.PENDING && m.status !== MessageStatus.FAILED && m.status !== MessageStatus.UNSURE;
  // A message sent from another client (elsewhere) can be changed only there.
  if (actions) actions.hidden = !!m.removed || !settled || !!m.elsewhere;
  setText(el.querySelector('.chat-edited'), m.edited && !m.removed ? 'edited' : '');
  const status = m.direction === Direction.OUT ? (m.status || MessageStatus.SENT) : null;
  setAttr(el, 'data-status', status);
  setText(el.querySelector('.chat-status'), statusWords(status));
  const cutOff = status === MessageStatus.UNSURE;
  setText(el.querySelector('.chat-failure'), failureLine(m, status));
  const again = el.querySelector('.chat-send-again');
  if (again) again.hidden = !cutOff || !!el._sentAgain;
}

export function updateChat(el, key, state, visible) {
  const { accountId, jid } = splitKey(key);
  const contact = state.contacts[key];
  const account = accountById(state, accountId);
  const chat = state.chats[key] || { messages: [], loaded: false, hasMore: true, loading: false };
  const p = el._parts;
  el.hidden = !visible;
  el.classList.toggle('focused', visible);
  setText(el.querySelector('.chat-title'), displayName(contact, jid));
  updateAvatar(el.querySelector('.chat-avatar'), avatarOf(state, key), initials(contact, jid));
  const show = contact ? contactShow(contact) : Show.OFFLINE;
  setAttr(el.querySelector('.chat-presence'), 'data-show', show);
  const status = contact && contact.presence && contact.presence.status ? ` — ${contact.presence.status}` : '';
  setText(el.querySelector('.chat-subtitle'),
    `${jid} · ${SHOW_WORDS[show] || show}${status}${account ? ` · via ${account.login}` : ''}`);
  const room = state.rooms && state.rooms[key];
  el.classList.toggle('room-chat', !!room);
  el.querySelector('.chat-room-leave').hidden = !room;
  el.querySelector('.chat-room-subject').hidden = !room || room.state !== 'joined';
  el.querySelector('.chat-room-invite').hidden = !room || room.state !== 'joined';
  if (room) {
    const header = roomHeader(room);
    setText(el.querySelector('.chat-title'), header.title);
    setText(el.querySelector('.chat-subtitle'), header.subtitle);
  }
  renderOccupants(el.querySelector('.chat-room-occupants'), room);
  setText(el.querySelector('.typing-indicator'), typingText(state, key));
  el.querySelector('.typing-indicator').classList.toggle('active', !!typingText(state, key));

  const fromServer = canLoadFromArchive(state, key);
  setText(p.older, chat.loading ? 'Loading…' : chat.hasMore ? 'Load older messages'
    : fromServer ? 'Load older messages from the server' : (!room && noArchiveText(account)) || 'No older messages');
  p.older.disabled = !!chat.loading || (!chat.hasMore && !fromServer);
  // Files go only where the network has an upload service (FILES) and the account's server has one.
  const attach = el.querySelector('.chat-attach');
  if (attach) {
    const offer = uploadOffer(state.networks, account);
    attach.hidden = !offer.shown;
    attach.disabled = offer.disabled;
    setAttr(attach, 'title', offer.title);
  }

  const firstUnread = firstUnreadId(chat.messages, state.newLines && state.newLines[key]);
  if (el._renderedStored !== chat.messages || el._renderedArchived !== chat.archived || el._firstUnread !== firstUnread) {
    const shown = shownMessages(chat);
    // Day separators and the "new messages" line go among the messages (messageList.js itemKey).
    redrawKeepingPlace(p.scroll, el._rendered || [], shown, () => reconcile(p.messages, withSeparators(shown, firstUnread), itemKey,
      (m) => (m.separator ? separatorItem(m) : messageItem(m, el._handlers, key)),
      (li, m) => (m.separator ? setText(li.querySelector('.chat-separator-label'), m.label) : updateMessageItem(li, m))));
    el._firstUnread = firstUnread;
    // Only the last message sent can be corrected (XEP-0308).
    const outs = chat.messages.filter((m) => m.direction === Direction.OUT);
    const lastOutId = outs.length ? String(outs[outs.length - 1].id) : null;
    // Only where the network can correct or take back a message (XMPP: XEP-0308, XEP-0424).
    const canEdit = can(state.networks, account, Capability.CORRECTIONS) || can(state.networks, account, Capability.RETRACTIONS);
    for (const li of p.messages.querySelectorAll('.chat-message.out')) {
      const b = li.querySelector('.chat-edit');
      if (b) b.hidden = li.getAttribute('data-message-id') !== lastOutId;
      const actions = li.querySelector('.chat-actions');
      if (actions && !canEdit) actions.hidden = true;
    }
    if (room) {
      // Mentions of the person's nickname in others' messages are highlighted.
      for (const m of shown) {
        const li = m.id != null && m.direction !== Direction.OUT && !m.removed
          ? p.messages.querySelector(`.chat-message[data-message-id="${m.id}"]`) : null;
        if (li) li.classList.toggle('mention', showMentions(li.querySelector('.chat-text'), m.text, room.nick));
      }
    }
    el._rendered = shown;
    el._renderedStored = chat.messages;
    el._renderedArchived = chat.archived;
  }
}

export function renderTabs(container, state, handlers) {
  reconcile(container, state.openChats, (k) => k,
    (k) => {
      const b = h('button', { type: 'button', class: 'chat-tab', role: 'tab', onclick: () => handlers.onFocusChat(k) },
        h('span', { class: 'chat-tab-name' }),
        h('span', { class: 'chat-tab-unread' }));
      const { accountId, jid } = splitKey(k);
      b.setAttribute('data-account-id', accountId);
      b.setAttribute('data-jid', jid);
      return b;
    },
    (b, k) => {
      const { jid } = splitKey(k);
      setText(b.querySelector('.chat-tab-name'), displayName(state.contacts[k], jid));
      const n = state.unread[k] || 0;
      setText(b.querySelector('.chat-tab-unread'), n > 0 ? String(n) : '');
      b.classList.toggle('active', state.focus === k);
      setAttr(b, 'aria-selected', state.focus === k ? 'true' : 'false');
      b.classList.toggle('typing', state.typing[k] === TypingState.COMPOSING);
    });
}

export function ownPresenceForm(handlers) {
  const show = h('select', { id: 'own-show', 'aria-label': 'Your availability' },
    SETTABLE_SHOWS.map((s) => h('option', { value: s }, SHOW_WORDS[s])));
  const status = h('input', { id: 'own-status', type: 'text', placeholder: 'Status message (optional)', autocomplete: 'off' });
  const save = h('button', { id: 'own-presence-save', type: 'submit', class: 'small primary' }, 'Set');
  const counter = h('span', { class: 'own-status-counter small-text' });
  const error = h('p', { id: 'own-presence-error', class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'own-presence-form', novalidate: true },
    h('div', { class: 'row' }, show, save), status, counter, error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handlers.onSave(show.value, status.value);
  });
  status.addEventListener('input', () => handlers.onStatusInput(status.value));
  return { form, show, status, save, counter, error };
}
