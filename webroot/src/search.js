// History search and export: the panel's form, its results, and the export links. Found words
// come from the server as plain text parts (odd parts are the matches); each part becomes a text
// node, the matches inside <mark>: nothing of a message is ever markup.
import { Limits, SEARCH_LANGUAGES, exportUrl, personExportUrl } from './contract.js';
import { networkTag } from './networks.js';
import { h, setText, clear, formatTime } from './dom.js';
import { accountById, chatKey, displayName, splitKey } from './state.js';
import { personName } from './people.js';


/** Local midnight of a date input's value ("2026-11-24"), in epoch ms, or null. */
function dayStart(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || '')) return null;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

/**
 * The history.search body for the form's values, or { error: sentence }. `values`: text, network,
 * personId (a merged person: every account's chats with them, in place of accountId and peer),
 * accountId, peer, from and to ("2026-11-24", local days, both included).
 */
export function searchBody(values) {
  const text = (values.text || '').trim();
  const words = text.match(/[\p{L}\p{N}\p{M}]+/gu) || [];
  if (!words.length) return { error: 'Type a word to search for.' };
  if (text.length > Limits.SEARCH_TEXT) return { error: `Search for at most ${Limits.SEARCH_TEXT} characters.` };
  if (new Set(words).size > Limits.SEARCH_WORDS) return { error: `Search for at most ${Limits.SEARCH_WORDS} words at a time.` };
  const body = { text, limit: 20 };
  if (values.network) body.network = values.network;
  if (values.personId) body.personId = values.personId;
  else if (values.accountId) {
    body.accountId = values.accountId;
    if (values.peer) body.peer = values.peer;
  }
  const from = dayStart(values.from);
  const toDay = dayStart(values.to);
  if (from != null) body.from = from;
  if (toDay != null) body.to = toDay + 86_400_000;
  if (from != null && toDay != null && from >= body.to) return { error: 'The first day must not be after the last day.' };
  return { body };
}

/** The search.language.set body for a language the panel offers ('none' or one of SEARCH_LANGUAGES). */
export function languageBody(language) {
  return { language: language || 'none' };
}

/** Said beside the language choice: messages stored before keep the words they were stored with. */
const LANGUAGE_NOTE = 'Also finds other forms of a word in that language ("runs" finds "running"). '
  + 'The choice applies to messages stored from now on; older ones are found by their words as written.';

/** The snippet's parts as nodes: text, and each match in a <mark>. */
export function snippetNodes(parts) {
  const list = Array.isArray(parts) ? parts : [];
  return list.map((p, i) => (i % 2 === 1 ? h('mark', null, String(p)) : document.createTextNode(String(p))));
}

/** One result: who and where, when, and the snippet; a button that opens the chat at the message. */
export function resultItem(result, state, onOpen) {
  const key = chatKey(result.accountId, result.peer);
  const contact = state && state.contacts ? state.contacts[key] : null;
  const account = state ? accountById(state, result.accountId) : null;
  const who = displayName(contact, result.peer);
  const net = networkTag(state ? state.networks : [], result.network);
  return h('li', { class: 'search-result', dataset: { 'message-id': result.id } },
    h('button', { type: 'button', class: 'search-open', onclick: () => onOpen(result) },
      h('span', { class: 'search-meta' },
        h('span', { class: 'network-tag', dataset: { network: result.network } }, net),
        ' ', h('span', { class: 'search-peer' }, result.direction === 'out' ? `You → ${who}` : who),
        account ? h('span', { class: 'search-account' }, ` via ${account.login}`) : null,
        ' · ', h('time', null, formatTime(result.ts))),
      h('span', { class: 'search-snippet' }, snippetNodes(result.snippet))));
}

/** The name of the hidden frame exports load in. */
const EXPORT_FRAME = 'parley-export';

/**
 * What the export frame shows, in words for the page: the route's sentence when it refused
 * ({"error": {"code", "text"}}), a general one for any other page, null for a blank frame (a
 * download leaves it blank).
 */
export function refusalText(doc) {
  const body = doc && doc.body;
  if (!body || !body.textContent.trim()) return null;
  // The browser shows a JSON answer as text in a <pre> (perhaps with its own controls around it).
  const pre = doc.querySelector('pre');
  try {
    const error = JSON.parse((pre || body).textContent).error;
    if (error && error.text) return String(error.text);
  } catch {
    // not the route's answer: said below
  }
  return 'Not exported: the server did not answer with the export; try again in a moment.';
}

/** The search panel: form, status line, results, more, export links. */
export function createSearchPanel(handlers) {
  const text = h('input', { type: 'search', name: 'text', id: 'search-text', maxlength: Limits.SEARCH_TEXT,
    placeholder: 'Search all messages', 'aria-label': 'Search all messages', autocomplete: 'off' });
  const network = h('select', { name: 'network', id: 'search-network', 'aria-label': 'Network' },
    h('option', { value: '' }, 'All networks'));
  const person = h('select', { name: 'personId', id: 'search-person', 'aria-label': 'Person' });
  const account = h('select', { name: 'accountId', id: 'search-account', 'aria-label': 'Account' });
  const peer = h('select', { name: 'peer', id: 'search-peer', 'aria-label': 'Contact' });
  const from = h('input', { type: 'date', name: 'from', id: 'search-from', 'aria-label': 'From day' });
  const to = h('input', { type: 'date', name: 'to', id: 'search-to', 'aria-label': 'To day' });
  const language = h('select', { name: 'language', id: 'search-language', 'aria-label': 'Search language',
    onchange: () => handlers.onLanguage && handlers.onLanguage(language.value) },
  h('option', { value: 'none' }, 'None (words as written, any language)'),
  ...SEARCH_LANGUAGES.map((l) => h('option', { value: l }, l[0].toUpperCase() + l.slice(1))));
  const languageNote = h('p', { class: 'search-language-note hint' }, LANGUAGE_NOTE);
  const status = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const results = h('ol', { class: 'search-results', id: 'search-results' });
  const more = h('button', { type: 'button', class: 'small search-more', hidden: true, onclick: () => handlers.onMore() },
    'More results');
  const values = () => ({ text: text.value, network: network.value, personId: person.value, accountId: account.value,
    peer: peer.value, from: from.value, to: to.value });
  const form = h('form', { class: 'search-form', role: 'search', onsubmit: (e) => { e.preventDefault(); handlers.onSearch(values()); } },
    h('div', { class: 'search-row' }, text, h('button', { type: 'submit', id: 'search-button' }, 'Search')),
    h('details', { class: 'search-filters' }, h('summary', null, 'Filters'),
      h('label', null, 'Network ', network), h('label', null, 'Person ', person), h('label', null, 'Account ', account), h('label', null, 'Contact ', peer),
      h('label', null, 'From ', from), h('label', null, 'To ', to),
      h('label', null, 'Search language ', language), languageNote));
  // Exports load in a hidden frame rather than as <a download>: the download is streamed all the same,
  // and an export the server refuses (its budget, RATE_LIMITED) loads the route's answer into the frame,
  // whose sentence the page then shows instead of a silently failed download.
  const exportError = h('p', { class: 'export-error form-error', role: 'alert' });
  const frame = h('iframe', { name: EXPORT_FRAME, class: 'export-frame', title: 'Export', tabindex: '-1', hidden: true });
  frame.addEventListener('load', () => setText(exportError, refusalText(frame.contentDocument) || ''));
  const link = (attrs, label) => h('a', { ...attrs, target: EXPORT_FRAME, onclick: () => setText(exportError, '') }, label);
  const exportAll = h('p', { class: 'export-links' }, 'Export all history: ',
    link({ href: exportUrl('json'), id: 'export-all-json' }, 'JSON'), ' · ',
    link({ href: exportUrl('txt'), id: 'export-all-txt' }, 'text'));
  const chatJson = link({ id: 'export-chat-json' }, 'JSON');
  const chatTxt = link({ id: 'export-chat-txt' }, 'text');
  const exportLabel = h('span', null, 'Export this chat: ');
  const exportChat = h('p', { class: 'export-links', hidden: true }, exportLabel, chatJson, ' · ', chatTxt);
  const panel = h('section', { class: 'panel search' }, h('h2', null, 'Search history'), form, status, results, more,
    exportAll, exportChat, exportError, frame);
  // A person stands for their contacts on every account: the account and contact filters step aside.
  person.addEventListener('change', () => { account.disabled = !!person.value; peer.disabled = !!person.value || !account.value; });
  panel._parts = { text, network, person, account, peer, language, languageNote, status, results, more, exportChat, exportLabel, chatJson, chatTxt };
  return panel;
}

/** Fills the account and contact filters from the state (keeping what is chosen) and the chat export links. */
export function updateSearchPanel(panel, state) {
  const p = panel._parts;
  // The networks the nodes describe, and those of the user's accounts (their nodes may be away).
  const ids = [...new Set([...(state.networks || []).map((d) => d.network), ...state.accounts.map((a) => a.network)])].sort();
  fillSelect(p.network, [['', 'All networks'], ...ids.map((n) => [n, networkTag(state.networks, n)])]);
  const accounts = state.accounts.filter((a) => !p.network.value || a.network === p.network.value);
  fillSelect(p.account, [['', 'All accounts'], ...accounts.map((a) => [a.id, `${a.login} (${networkTag(state.networks, a.network)})`])]);
  const contacts = p.account.value
    ? Object.entries(state.contacts).filter(([k]) => splitKey(k).accountId === p.account.value)
      .map(([k, c]) => [splitKey(k).jid, displayName(c, splitKey(k).jid)])
    : [];
  fillSelect(p.peer, [['', 'All contacts'], ...contacts]);
  // Merged people by name, with their networks ("Bob (XMPP, AIM)").
  const people = Object.values(state.people || {}).map((person) => {
    const nets = [...new Set(person.contacts.map((c) => networkTag(state.networks, c.network)))];
    return [person.id, `${personName(state, person)} (${nets.join(', ')})`];
  }).sort((a, b) => a[1].localeCompare(b[1]));
  fillSelect(p.person, [['', 'Anyone'], ...people]);
  // The language kept on the server (this tab's choice, or another device's).
  if (state.searchLanguage) p.language.value = state.searchLanguage;
  p.account.disabled = !!p.person.value;
  p.peer.disabled = !!p.person.value || !p.account.value;
  // A merged person's conversation, while open, is the one shown: its export has every network's messages.
  const person = state.personOpen;
  const focus = state.focus ? splitKey(state.focus) : null;
  p.exportChat.hidden = !person && !focus;
  setText(p.exportLabel, person ? 'Export this conversation: ' : 'Export this chat: ');
  if (person) {
    p.chatJson.setAttribute('href', personExportUrl('json', person));
    p.chatTxt.setAttribute('href', personExportUrl('txt', person));
  } else if (focus) {
    p.chatJson.setAttribute('href', exportUrl('json', focus.accountId, focus.jid));
    p.chatTxt.setAttribute('href', exportUrl('txt', focus.accountId, focus.jid));
  }
}

function fillSelect(select, options) {
  const chosen = select.value;
  const current = [...select.children];
  const same = current.length === options.length
    && options.every(([v, l], i) => current[i].value === v && current[i].textContent === l);
  if (same) return;
  clear(select);
  for (const [v, l] of options) select.appendChild(h('option', { value: v }, l));
  select.value = options.some(([v]) => v === chosen) ? chosen : '';
}

/** Shows results (appending when `append`), the status sentence and whether more can be asked for. */
export function showResults(panel, state, reply, append, onOpen) {
  const p = panel._parts;
  if (!append) clear(p.results);
  for (const r of reply.results || []) p.results.appendChild(resultItem(r, state, onOpen));
  const n = p.results.children.length;
  setText(p.status, n === 0 ? 'No messages found.' : `${n} message${n === 1 ? '' : 's'} found${reply.more ? ', newest first' : ''}.`);
  p.more.hidden = !reply.more;
}

export function showSearchStatus(panel, text) {
  setText(panel._parts.status, text);
}
