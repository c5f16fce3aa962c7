// History search on the page: the command built from the form, results shown as text with the
// matches marked (never markup), export links for all history and the open chat.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, allElements } from './dom-shim.js';
import { NETWORKS } from './networks-fixture.js';

installDom();
const Search = await import('../src/search.js');
const S = await import('../src/state.js');
const { Command, Event, SEARCH_LANGUAGES, exportUrl, personExportUrl } = await import('../src/contract.js');
const P = await import('../src/people.js');

const A = 'acc-1';
const B = 'acc-2';

function state() {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [{ id: A, login: 'alice@x.org', network: 'xmpp', state: 'connected' },
        { id: B, login: 'aliceaim', network: 'oscar', state: 'connected' }],
      contacts: [{ accountId: A, jid: 'bob@x.org', name: 'Bob', groups: [], subscription: 'both', presence: null },
        { accountId: B, jid: 'bobsmith', name: 'Bob AIM', groups: [], subscription: 'both', presence: null }],
      people: [{ id: 'p-1', contacts: [{ accountId: A, jid: 'bob@x.org', network: 'xmpp' },
        { accountId: B, jid: 'bobsmith', network: 'oscar' }] }],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
    },
  });
  return s;
}

test('the command names the search command and carries the words and filters', () => {
  assert.equal(Command.HISTORY_SEARCH, 'history.search');
  assert.deepEqual(Search.searchBody({ text: '  meet tomorrow ' }), { body: { text: 'meet tomorrow', limit: 20 } });
  const { body } = Search.searchBody({ text: 'meet', network: 'xmpp', accountId: A, peer: 'bob@x.org', from: '2026-11-24', to: '2026-11-24' });
  assert.equal(body.network, 'xmpp');
  assert.equal(body.accountId, A);
  assert.equal(body.peer, 'bob@x.org');
  assert.equal(body.from, new Date(2026, 10, 24).getTime());
  assert.equal(body.to, new Date(2026, 10, 24).getTime() + 86_400_000);
  // A contact only with its account.
  assert.equal(Search.searchBody({ text: 'meet', peer: 'bob@x.org' }).body.peer, undefined);
});

test('a person filter searches every network of that merged person, instead of one account', () => {
  const { body } = Search.searchBody({ text: 'lunch', personId: 'p-1', network: 'xmpp', accountId: A, peer: 'bob@x.org' });
  assert.deepEqual(body, { text: 'lunch', limit: 20, network: 'xmpp', personId: 'p-1' });
  // The panel offers the merged people by name; choosing one sets the account and contact filters aside.
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {} });
  Search.updateSearchPanel(panel, state());
  const person = panel._parts.person;
  assert.deepEqual(person.children.map((o) => [o.value, o.textContent]), [['', 'Anyone'], ['p-1', 'Bob (XMPP, AIM/ICQ)']]);
  assert.equal(panel._parts.account.disabled, false);
  person.value = 'p-1';
  Search.updateSearchPanel(panel, state());
  assert.equal(panel._parts.account.disabled, true);
  assert.equal(panel._parts.peer.disabled, true);
  let sent = null;
  const form = Search.createSearchPanel({ onSearch: (v) => { sent = v; }, onMore() {} });
  Search.updateSearchPanel(form, state());
  form._parts.person.value = 'p-1';
  form._parts.text.value = 'lunch';
  form.querySelector('form').dispatch('submit');
  assert.equal(Search.searchBody(sent).body.personId, 'p-1');
});

test('the search language: kept on the server, shown and changed in the panel, said to apply from now on', () => {
  // From the attach snapshot, then from the event every tab gets; 'none' when the server says nothing.
  let s = state();
  assert.equal(s.searchLanguage, 'none');
  s = S.attachReply(S.beginAttach(s), { seq: 2, complete: true, state: { ...s, accounts: [], searchLanguage: 'german' } });
  assert.equal(s.searchLanguage, 'german');
  s = S.receive(s, { type: Event.SEARCH_LANGUAGE, seq: 3, language: 'english' });
  assert.equal(s.searchLanguage, 'english');

  const picked = [];
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {}, onLanguage: (l) => picked.push(l) });
  Search.updateSearchPanel(panel, s);
  const select = panel._parts.language;
  assert.equal(select.getAttribute('id'), 'search-language');
  assert.equal(select.value, 'english');
  const options = select.children.map((o) => [o.value, o.textContent]);
  assert.deepEqual(options[0], ['none', 'None (words as written, any language)']);
  assert.deepEqual(options.find(([v]) => v === 'german'), ['german', 'German']);
  assert.equal(options.length, 1 + SEARCH_LANGUAGES.length);
  select.value = 'german';
  select.dispatch('change');
  assert.deepEqual(picked, ['german']);
  assert.match(panel._parts.languageNote.textContent, /applies to messages stored from now on/);
  assert.match(panel._parts.languageNote.textContent, /older ones are found by their words as written/);
  assert.equal(Search.languageBody('german').language, 'german');
  assert.equal(Command.SEARCH_LANGUAGE_SET, 'search.language.set');
});

test('bad input is told in words before anything is sent', () => {
  assert.equal(Search.searchBody({ text: '  ' }).error, 'Type a word to search for.');
  assert.equal(Search.searchBody({ text: '?! --' }).error, 'Type a word to search for.');
  assert.equal(Search.searchBody({ text: 'x'.repeat(201) }).error, 'Search for at most 200 characters.');
  assert.equal(Search.searchBody({ text: 'a b c d e f g h i' }).error, 'Search for at most 8 words at a time.');
  assert.equal(Search.searchBody({ text: 'hi', from: '2026-11-25', to: '2026-11-24' }).error,
    'The first day must not be after the last day.');
});

test('a snippet is text with the matches in <mark>, whatever the message holds', () => {
  const parts = ['<img src=x onerror=alert(1)> ', 'meet', ' & <b>', 'meeting', '</b>'];
  const li = Search.resultItem({ id: 42, accountId: A, peer: 'bob@x.org', network: 'xmpp', direction: 'in', ts: Date.now(),
    snippet: parts }, state(), () => {});
  const marks = allElements(li).filter((e) => e.tagName === 'MARK');
  assert.deepEqual(marks.map((m) => m.textContent), ['meet', 'meeting']);
  assert.ok(!allElements(li).some((e) => ['IMG', 'B', 'SCRIPT'].includes(e.tagName)));
  const snippet = allElements(li).find((e) => (e.getAttribute('class') || '') === 'search-snippet');
  assert.equal(snippet.textContent, parts.join(''));
  assert.ok(li.textContent.includes('Bob'), li.textContent);
  assert.ok(li.textContent.includes('XMPP'), li.textContent);
  assert.equal(li.getAttribute('data-message-id'), '42');
});

test('clicking a result opens it; results append and say whether there are more', () => {
  const opened = [];
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {} });
  const s = state();
  const r = { id: 7, accountId: B, peer: 'bobsmith', network: 'oscar', direction: 'out', ts: Date.now(), snippet: ['', 'lunch', ''] };
  Search.showResults(panel, s, { results: [r], more: true }, false, (x) => opened.push(x));
  const button = allElements(panel).find((e) => (e.getAttribute('class') || '') === 'search-open');
  button.click();
  assert.deepEqual(opened, [r]);
  assert.ok(button.textContent.includes('You → Bob AIM'), button.textContent);
  assert.equal(panel._parts.more.hidden, false);
  Search.showResults(panel, s, { results: [{ ...r, id: 6 }], more: false }, true, () => {});
  assert.equal(panel._parts.results.children.length, 2);
  assert.equal(panel._parts.more.hidden, true);
  assert.equal(panel._parts.status.textContent, '2 messages found.');
  Search.showResults(panel, s, { results: [], more: false }, false, () => {});
  assert.equal(panel._parts.status.textContent, 'No messages found.');
});

test('export links: all history always, the focused chat when there is one', () => {
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {} });
  const links = allElements(panel).filter((e) => e.tagName === 'A');
  assert.equal(links.find((a) => a.getAttribute('id') === 'export-all-json').getAttribute('href'), '/api/export/history.json');
  assert.equal(links.find((a) => a.getAttribute('id') === 'export-all-txt').getAttribute('href'), '/api/export/history.txt');
  let s = state();
  Search.updateSearchPanel(panel, s);
  assert.equal(panel._parts.exportChat.hidden, true);
  s = S.openChat(s, A, 'bob@x.org');
  Search.updateSearchPanel(panel, s);
  assert.equal(panel._parts.exportChat.hidden, false);
  assert.equal(panel._parts.chatTxt.getAttribute('href'), exportUrl('txt', A, 'bob@x.org'));
  assert.equal(exportUrl('txt', A, 'bob@x.org'), '/api/export/history.txt?accountId=acc-1&peer=bob%40x.org');
  // The contact filter lists the chosen account's contacts only.
  panel._parts.account.value = B;
  Search.updateSearchPanel(panel, s);
  assert.deepEqual(panel._parts.peer.children.map((o) => o.value), ['', 'bobsmith']);
});

test('export links: a merged person open exports their conversation on every network', () => {
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {} });
  let s = S.openChat(state(), A, 'bob@x.org');
  s = P.openPerson(s, 'p-1');
  Search.updateSearchPanel(panel, s);
  assert.equal(panel._parts.exportChat.hidden, false);
  assert.equal(panel._parts.chatJson.getAttribute('href'), '/api/export/history.json?personId=p-1');
  assert.equal(panel._parts.chatTxt.getAttribute('href'), personExportUrl('txt', 'p-1'));
  assert.equal(panel._parts.exportLabel.textContent, 'Export this conversation: ');
  s = P.closePerson(s);
  Search.updateSearchPanel(panel, s);
  assert.equal(panel._parts.chatJson.getAttribute('href'), exportUrl('json', A, 'bob@x.org'));
  assert.equal(panel._parts.exportLabel.textContent, 'Export this chat: ');
});

test('an export the server refused shows its sentence; a blank frame (a download) shows nothing', () => {
  const doc = (text, pre) => ({ body: { textContent: text }, querySelector: (s) => (s === 'pre' && pre != null ? { textContent: pre } : null) });
  const refusal = JSON.stringify({ error: { code: 'RATE_LIMITED', text: 'Too many exports lately; wait a few minutes and export again.' } });
  assert.equal(Search.refusalText(doc(refusal, refusal)), 'Too many exports lately; wait a few minutes and export again.');
  // Chromium's JSON view may put its own controls beside the <pre>: the answer is read from the <pre>.
  assert.equal(Search.refusalText(doc('Pretty-print' + refusal, refusal)), 'Too many exports lately; wait a few minutes and export again.');
  assert.equal(Search.refusalText(doc('')), null);
  assert.equal(Search.refusalText(null), null);
  assert.match(Search.refusalText(doc('<html>Bad gateway</html>')), /^Not exported: the server did not answer/);
});

test('the export links load in the hidden export frame, not as <a download>', () => {
  const panel = Search.createSearchPanel({ onSearch() {}, onMore() {} });
  const frame = allElements(panel).find((e) => e.tagName === 'IFRAME');
  assert.ok(frame && frame.hidden, 'a hidden frame');
  const links = allElements(panel).filter((e) => /^export-/.test(e.getAttribute && e.getAttribute('id') || ''));
  assert.equal(links.length, 4);
  for (const a of links) {
    assert.equal(a.getAttribute('target'), frame.getAttribute('name'));
    assert.equal(a.getAttribute('download'), null);
  }
});
