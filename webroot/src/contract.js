// The browser part of the Parley bus contract (docs/bus-contract.md), defined once.
// Every address, message type, state word and failure code the page uses lives here.

export const BRIDGE_PATH = '/eventbus';

/** The bridge socket's timing and close reasons (Java: parley.contract.BridgeSocket). */
export const BridgeSocket = Object.freeze({
  PING_INTERVAL_MS: 10000,
  PING_TIMEOUT_MS: 30000,
  CLOSE_TOO_SLOW: 4001,
  CLOSE_TOO_MANY_SOCKETS: 4002,
  /** failureType of the frame that says why the server is about to close the socket. */
  CLOSING_FAILURE_TYPE: 'closing',
});

export const Addresses = Object.freeze({
  BROWSER_COMMANDS: 'parley.browser.commands',
  BROWSER_EVENTS_PREFIX: 'parley.browser.events.',
  BROWSER_BILLING: 'parley.browser.billing',
  BROWSER_ADMIN: 'parley.browser.admin',
  BROWSER_ADMIN_NODES: 'parley.browser.admin.nodes',
});

export function browserEvents(userId) {
  return Addresses.BROWSER_EVENTS_PREFIX + userId;
}

export const Api = Object.freeze({
  SIGNUP: '/api/signup',
  SIGNIN: '/api/signin',
  SIGNOUT: '/api/signout',
  ME: '/api/me',
});

/** The CSV download of the signed-in user's statement of month "2026-11". */
export function statementUrl(month) {
  return '/api/statements/' + encodeURIComponent(month) + '.csv';
}

/** A download of the user's own history ('json' or 'txt'): all of it, or one chat with accountId and peer. */
export function exportUrl(format, accountId, peer) {
  const base = '/api/export/history.' + (format === 'json' ? 'json' : 'txt');
  return accountId && peer
    ? base + '?accountId=' + encodeURIComponent(accountId) + '&peer=' + encodeURIComponent(peer)
    : base;
}

/** A download of a merged person's conversation on all their networks ('json' or 'txt'). */
export function personExportUrl(format, personId) {
  return '/api/export/history.' + (format === 'json' ? 'json' : 'txt') + '?personId=' + encodeURIComponent(personId);
}

/** Requests to Addresses.BROWSER_BILLING (the user's own) and Addresses.BROWSER_ADMIN (admins only). */
export const BillingRequest = Object.freeze({
  USAGE_GET: 'usage.get',
  STATEMENT_GET: 'statement.get',
  ADMIN_USERS_FIND: 'users.find',
  ADMIN_USER_GET: 'user.get',
  ADMIN_BALANCE_ADJUST: 'balance.adjust',
  ADMIN_PLAN_SET: 'plan.set',
  ADMIN_SUSPEND: 'user.suspend',
  ADMIN_RESUME: 'user.resume',
  ADMIN_PLANS_GET: 'plans.get',
  ADMIN_PLAN_UPDATE: 'plan.update',
});

/** Requests to Addresses.BROWSER_ADMIN_NODES (admins only): the protocol nodes running now. */
export const NodeStatus = Object.freeze({
  NODES_LIST: 'nodes.list',
  /** Drain one node: {nodeId}; answered {nodeId, network, held}, refused in words otherwise. */
  NODES_DRAIN: 'nodes.drain',
  /** How often each node reports (Java: parley.contract.NodeStatus.INTERVAL_MS); the page refreshes as often. */
  INTERVAL_MS: 5000,
});

/** Kinds of metered use, in the order the page shows them. */
export const UsageKind = Object.freeze({
  MESSAGE_SENT: 'message-sent',
  MESSAGE_RECEIVED: 'message-received',
  ONLINE_MINUTE: 'online-minute',
});
export const METERED_KINDS = Object.freeze([UsageKind.MESSAGE_SENT, UsageKind.MESSAGE_RECEIVED, UsageKind.ONLINE_MINUTE]);

export const LedgerEntry = Object.freeze({ USAGE: 'usage', TOP_UP: 'top-up', ADJUSTMENT: 'adjustment', REFUND: 'refund' });

/** Commands sent to Addresses.BROWSER_COMMANDS. */
export const Command = Object.freeze({
  ATTACH: 'attach',
  ACCOUNT_ADD: 'account.add',
  ACCOUNT_UPDATE: 'account.update',
  ACCOUNT_REMOVE: 'account.remove',
  ACCOUNT_CONNECT: 'account.connect',
  ACCOUNT_DISCONNECT: 'account.disconnect',
  PRESENCE_SET: 'presence.set',
  MESSAGE_SEND: 'message.send',
  TYPING_SEND: 'typing.send',
  CONTACT_ADD: 'contact.add',
  CONTACT_REMOVE: 'contact.remove',
  SUBSCRIPTION_ANSWER: 'subscription.answer',
  HISTORY_GET: 'history.get',
  CHAT_READ: 'chat.read',
  HISTORY_ARCHIVE: 'history.archive',
  MESSAGE_CORRECT: 'message.correct',
  MESSAGE_RETRACT: 'message.retract',
  /** A slot for a file on the IM server's upload service; the bytes then go to POST FILES_PATH + slotId. */
  FILE_SLOT: 'file.slot',
  CONTACT_BLOCK: 'contact.block',
  CONTACT_UNBLOCK: 'contact.unblock',
  AVATAR_GET: 'avatar.get',
  AVATAR_SET: 'avatar.set',
  /** Group chats (XEP-0045); a message to a room is a MESSAGE_SEND to the room's address. */
  ROOM_JOIN: 'room.join',
  ROOM_LEAVE: 'room.leave',
  ROOM_SUBJECT: 'room.subject',
  ROOM_INVITE: 'room.invite',
  ROOM_DECLINE: 'room.decline',
  /** Full-text search over all of the user's history (the export's pages are the web server's only). */
  HISTORY_SEARCH: 'history.search',
  /** The language the history search also understands ({language: 'english'} or 'none'), kept per user. */
  SEARCH_LANGUAGE_SET: 'search.language.set',
  /** People: contacts of any accounts and networks merged by the user (people.js). */
  PERSON_MERGE: 'person.merge',
  PERSON_SPLIT: 'person.split',
  PERSON_SUGGESTIONS: 'person.suggestions',
  PERSON_HISTORY: 'person.history',
  PERSON_SEND: 'person.send',
  PERSON_DISMISS: 'person.dismiss',
  /** The user's recent conversations, newest first, a page at a time (before: the last one's message id). */
  CHATS_RECENT: 'chats.recent',
});

/** Where the page POSTs a file's bytes (application/octet-stream) for a slot from file.slot. */
export const FILES_PATH = '/files/';

/** Events published on browserEvents(userId). Every one carries `seq`, but for `typing` (a passing signal). */
export const Event = Object.freeze({
  ACCOUNT_ADDED: 'account.added',
  ACCOUNT_UPDATED: 'account.updated',
  ACCOUNT_REMOVED: 'account.removed',
  ACCOUNT_STATE: 'account.state',
  ROSTER: 'roster',
  CONTACT_UPDATED: 'contact.updated',
  CONTACT_REMOVED: 'contact.removed',
  PRESENCE: 'presence',
  OWN_PRESENCE: 'own-presence',
  MESSAGE: 'message',
  MESSAGE_STATUS: 'message.status',
  MESSAGE_UPDATED: 'message.updated',
  STORAGE: 'storage',
  TYPING: 'typing',
  SUBSCRIPTION_REQUEST: 'subscription.request',
  SUBSCRIPTION_ANSWERED: 'subscription.answered',
  CHAT_READ: 'chat.read',
  SIGNED_OUT: 'signed-out',
  SESSION_MOVED: 'session.moved',
  ARCHIVE_GAP: 'archive.gap',
  BLOCKLIST: 'blocklist',
  ROOM: 'room',
  ROOM_OCCUPANT: 'room.occupant',
  ROOM_INVITATION: 'room.invitation',
  PERSON_UPDATED: 'person.updated',
  PERSON_REMOVED: 'person.removed',
  SEARCH_LANGUAGE: 'search.language',
  NETWORKS: 'networks',
});

/**
 * What a network can do, as its descriptor's `capabilities` say (Java: parley.contract.Capability);
 * the networks themselves come from the session (attach state `networks`, event `networks`).
 */
export const Capability = Object.freeze({
  ROSTER: 'roster',
  SUBSCRIPTIONS: 'subscriptions',
  GROUP_CHATS: 'groupChats',
  TYPING: 'typing',
  RECEIPTS: 'receipts',
  MARKERS: 'markers',
  CORRECTIONS: 'corrections',
  RETRACTIONS: 'retractions',
  FILES: 'files',
  AVATARS: 'avatars',
  OWN_AVATAR: 'ownAvatar',
  BLOCKING: 'blocking',
  ARCHIVE: 'archive',
  PRESENCE_MESSAGES: 'presenceMessages',
  ONE_LOGIN_AT_A_TIME: 'oneLoginAtATime',
});

/** The network the account form offers first when a node describes it: the default of the setting session.defaultNetwork. */
/** The optional features an account's IM server offers, as its `features` list them (Java: parley.contract.ServerFeature). */
export const ServerFeature = Object.freeze({
  ARCHIVE: 'archive', CARBONS: 'carbons', BLOCKING: 'blocking', ROOMS: 'rooms', UPLOAD: 'upload',
});

export const DEFAULT_NETWORK = 'xmpp';

/** A descriptor's server fields: not asked, may be left out, must be given. */
export const ServerField = Object.freeze({ NONE: 'none', OPTIONAL: 'optional', REQUIRED: 'required' });

export const Tls = Object.freeze({ REQUIRED: 'required', IF_OFFERED: 'if-offered' });

export const ConnectionState = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  FAILED: 'failed',
});

export const Show = Object.freeze({
  AVAILABLE: 'available',
  CHAT: 'chat',
  AWAY: 'away',
  XA: 'xa',
  DND: 'dnd',
  OFFLINE: 'offline',
});

/** What a user may set as their own presence. */
export const SETTABLE_SHOWS = Object.freeze([Show.AVAILABLE, Show.CHAT, Show.AWAY, Show.XA, Show.DND]);

/** The languages the history search can understand (Java: SearchLanguageSet.LANGUAGES), besides 'none'. */
export const SEARCH_LANGUAGES = Object.freeze(['danish', 'dutch', 'english', 'finnish', 'french', 'german', 'hungarian',
  'italian', 'norwegian', 'portuguese', 'romanian', 'russian', 'spanish', 'swedish', 'turkish']);

export const TypingState = Object.freeze({ COMPOSING: 'composing', PAUSED: 'paused', ACTIVE: 'active' });

export const Direction = Object.freeze({ IN: 'in', OUT: 'out' });

/**
 * A stored message's status: stored and waiting for the IM server, taken by it, refused/bounced (with `error`),
 * or unsure: its send was cut off by a Parley server that stopped, so it may or may not have gone out (with `error`).
 */
export const MessageStatus = Object.freeze({
  PENDING: 'pending', SENT: 'sent', FAILED: 'failed', DELIVERED: 'delivered', READ: 'read', UNSURE: 'unsure',
});

/**
 * message.send's clientId field: the page's own id for a message (Java: BrowserCommand.CLIENT_ID);
 * sent again with the same id, the message is stored and sent once.
 */
export const CLIENT_ID_FIELD = 'clientId';
export const CLIENT_ID_MAX = 64;

export const Limits = Object.freeze({
  MESSAGE_TEXT: 10000,
  // Limits.MAX_OWN_AVATAR_BYTES: a picture set as the person's own avatar.
  OWN_AVATAR_BYTES: 32 * 1024,
  STATUS_TEXT: 500,
  USERNAME_MIN: 1,
  USERNAME_MAX: 64,
  PASSWORD_MIN: 8,
  PASSWORD_MAX: 72,
  HISTORY_PAGE: 50,
  HISTORY_MAX: 200,
  // Limits.MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, MAX_SEARCH_RESULTS: history.search.
  SEARCH_TEXT: 200,
  SEARCH_WORDS: 8,
  SEARCH_RESULTS: 50,
  // Limits.MAX_RECENT_CHATS: most chats one chats.recent page returns.
  RECENT_CHATS: 100,
});

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Failure codes: number -> name (the table at the end of docs/bus-contract.md). */
export const FailureCodes = Object.freeze({
  400: 'MALFORMED',
  401: 'UNKNOWN_TYPE',
  402: 'INVALID_FIELD',
  403: 'TEXT_TOO_LONG',
  404: 'INVALID_JID',
  410: 'NOT_SIGNED_IN',
  411: 'FORBIDDEN',
  412: 'USERNAME_TAKEN',
  413: 'BAD_CREDENTIALS',
  414: 'RATE_LIMITED',
  420: 'NO_SUCH_ACCOUNT',
  421: 'NOT_CONNECTED',
  422: 'NO_PROTOCOL_NODE',
  423: 'NODE_DRAINING',
  424: 'NODE_LOST',
  425: 'NOT_SUPPORTED',
  426: 'UNKNOWN_NETWORK',
  427: 'SEND_UNSURE',
  430: 'IM_AUTH_FAILED',
  431: 'IM_UNREACHABLE',
  432: 'IM_TLS_FAILED',
  433: 'IM_KICKED',
  434: 'IM_CONNECTION_LOST',
  435: 'IM_ERROR',
  436: 'NO_ARCHIVE',
  440: 'QUOTA_EXCEEDED',
  441: 'BALANCE_EXHAUSTED',
  442: 'SUSPENDED',
  443: 'UNKNOWN_PLAN',
  444: 'INVALID_AMOUNT',
  445: 'NO_SUCH_USER',
  501: 'STORAGE_UNAVAILABLE',
  502: 'OVERLOADED',
  500: 'INTERNAL',
});

export function failureName(code) {
  if (typeof code === 'string' && !/^\d+$/.test(code)) return code;
  return FailureCodes[Number(code)] || null;
}
