// People on the page: each person once in the contact list with a badge per network, their
// conversation as one timeline marked by network, replies through the network last active (or
// picked), presence the best of their contacts', merge suggestions and the user's pick.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-shim.js';

installDom();
const V = await import('../src/views.js');
const PV = await import('../src/peopleViews.js');
const S = await import('../src/state.js');
const P = await import('../src/people.js');
const { Command, Event } = await import('../src/contract.js');
const { PeopleController } = await import('../src/peopleApp.js');
const { NETWORKS } = await import('./networks-fixture.js');

const X = 'acc-xmpp';
const A = 'acc-aim';
const BOB = 'person-bob';

function attached(extra = {}) {
  let s = S.beginAttach(S.initialState());
  s = S.attachReply(s, {
    seq: 1, username: 'alice', complete: true,
    state: {
      networks: NETWORKS,
      accounts: [
        { id: X, network: 'xmpp', login: 'alice@example.org', state: 'connected', error: null },
        { id: A, network: 'oscar', login: 'AliceAim', state: 'connected', error: null },
      ],
      contacts: [
        { accountId: X, jid: 'bob@example.org', name: 'Bob', groups: ['Friends'], presence: { available: true, show: 'dnd', status: 'busy' } },
        { accountId: A, jid: 'bobaim', name: 'Bob', groups: [], presence: { available: true, show: 'away', status: 'lunch' } },
        { accountId: X, jid: 'carol@example.org', name: 'Carol', groups: ['Friends'], presence: null },
      ],
      subscriptionRequests: [], unread: [], ownPresence: { show: 'available', status: '' },
      people: [{ id: BOB, contacts: [{ accountId: X, jid: 'bob@example.org', network: 'xmpp' }, { accountId: A, jid: 'bobaim', network: 'oscar' }] }],
      ...extra,
    },
  });
  return s;
}

function event(s, e) {
  return S.receive(s, { seq: s.seq + 1, ...e });
}

function message(id, accountId, peer, direction, text) {
  return { id, accountId, peer, direction, text, ts: 1764060000000 + id, status: 'sent', error: null };
}

test('each person is listed once, in place of their contacts, with the best presence', () => {
  const s = attached();
  const entries = S.groupedContacts(s).flatMap((g) => g.contacts);
  assert.deepEqual(entries.map((e) => e.key), ['p:' + BOB, S.chatKey(X, 'carol@example.org')]);
  const bob = entries[0].contact;
  assert.equal(bob.person, true);
  assert.equal(bob.name, 'Bob');
  // dnd on XMPP, away on AIM: away is the more reachable.
  assert.equal(bob.presence.show, 'away');
  assert.equal(bob.presence.status, 'lunch');
  assert.deepEqual(bob.networks, ['xmpp', 'oscar']);
});

test('the contact list shows the person with one badge per network', () => {
  const s = attached();
  const container = document.createElement('div');
  V.renderContacts(container, s, { onOpenPerson() {}, onOpenChat() {} });
  const persons = container.querySelectorAll('.person-entry');
  assert.equal(persons.length, 1);
  assert.equal(persons[0].getAttribute('data-person-id'), BOB);
  assert.deepEqual(persons[0].querySelectorAll('.person-network').map((b) => b.textContent), ['XMPP', 'AIM']);
  assert.equal(container.querySelectorAll('.contact[data-jid="bobaim"]').length, 0, 'the AIM contact is not listed on its own');
});

test('person events merge and split; a person whose account goes is just a contact', () => {
  let s = attached();
  s = event(s, { type: Event.PERSON_REMOVED, personId: BOB });
  assert.deepEqual(s.people, {});
  assert.equal(S.groupedContacts(s).flatMap((g) => g.contacts).length, 3);
  s = event(s, { type: Event.PERSON_UPDATED, person: { id: BOB, contacts: [{ accountId: X, jid: 'bob@example.org', network: 'xmpp' }, { accountId: A, jid: 'bobaim', network: 'oscar' }] } });
  s = P.openPerson(s, BOB);
  assert.equal(s.personOpen, BOB);
  s = event(s, { type: Event.ACCOUNT_REMOVED, accountId: A });
  assert.deepEqual(s.people, {});
  assert.equal(s.personOpen, null, 'the conversation of a person who is no more closes');
});

test('one timeline across networks, each message marked; replies go via the network last active or picked', () => {
  let s = P.openPerson(attached(), BOB);
  s = P.personLoaded(s, BOB, {
    messages: [message(1, X, 'bob@example.org', 'in', 'hi on xmpp'), message(2, A, 'bobaim', 'in', 'hi on aim')],
    via: { accountId: A, jid: 'bobaim', network: 'oscar', why: 'last-active' },
  }, 50);
  s = event(s, { type: Event.MESSAGE, message: message(3, X, 'carol@example.org', 'in', 'not bob') });
  let timeline = P.personTimeline(s, BOB);
  assert.deepEqual(timeline.map((m) => [m.text, m.network]), [['hi on xmpp', 'xmpp'], ['hi on aim', 'oscar']]);
  assert.equal(P.replyVia(s, BOB).jid, 'bobaim');
  assert.equal(P.replyVia(s, BOB).why, 'last-active');
  // The contact's own chat has the message too.
  assert.equal(s.chats[S.chatKey(A, 'bobaim')].messages.length, 1);

  s = event(s, { type: Event.MESSAGE, message: message(4, X, 'bob@example.org', 'in', 'back on xmpp') });
  timeline = P.personTimeline(s, BOB);
  assert.equal(timeline[timeline.length - 1].text, 'back on xmpp');
  assert.deepEqual(P.replyVia(s, BOB), { accountId: X, jid: 'bob@example.org', network: 'xmpp', why: 'last-active', key: S.chatKey(X, 'bob@example.org') });
  // Read while shown: the page tells the server.
  assert.equal(s.unread[S.chatKey(X, 'bob@example.org')] || 0, 1);
  s = P.readPersonChats(s);
  assert.equal(s.unread[S.chatKey(X, 'bob@example.org')], undefined);
  assert.ok(s.readsToSend.includes(S.chatKey(X, 'bob@example.org')));

  s = P.pickVia(s, BOB, S.chatKey(A, 'bobaim'));
  assert.equal(P.replyVia(s, BOB).why, 'picked');
  assert.equal(P.replyVia(s, BOB).network, 'oscar');
  // The last active network's account is down: one that is connected.
  s = P.pickVia(s, BOB, null);
  s = event(s, { type: Event.ACCOUNT_STATE, accountId: X, state: 'disconnected' });
  assert.equal(P.replyVia(s, BOB).jid, 'bobaim');
});

test('the person pane marks each message with its network and says where a reply goes', () => {
  let s = P.openPerson(attached(), BOB);
  s = P.personLoaded(s, BOB, {
    messages: [message(1, X, 'bob@example.org', 'in', 'hi <b>on</b> xmpp'), message(2, A, 'bobaim', 'in', 'hi on aim')],
  }, 50);
  const pane = PV.createPersonPane({ onPersonOlder() {}, onPickVia() {}, onPersonSend() {}, onClosePerson() {}, onSplit() {} });
  PV.updatePersonPane(pane, s);
  assert.equal(pane.hidden, false);
  const items = pane.querySelectorAll('.chat-message');
  assert.deepEqual(items.map((li) => li.getAttribute('data-network')), ['xmpp', 'oscar']);
  assert.deepEqual(items.map((li) => li.querySelector('.message-network').textContent), ['XMPP', 'AIM']);
  assert.equal(items[0].querySelector('.chat-text').textContent, 'hi <b>on</b> xmpp');
  const via = pane.querySelector('.person-via');
  assert.equal(via.getAttribute('data-network'), 'oscar');
  assert.equal(via.textContent, 'Replies go through AIM (bobaim, from AliceAim): the network Bob was last active on.');
  assert.deepEqual(pane.querySelectorAll('.person-contact').map((li) => li.getAttribute('data-jid')), ['bob@example.org', 'bobaim']);
});

test("a person's conversation says each sent message's status as a chat does, an unsure one too", () => {
  let s = P.openPerson(attached(), BOB);
  s = P.personLoaded(s, BOB, { messages: [{ ...message(1, X, 'bob@example.org', 'out', 'read one'), status: 'read' },
    { ...message(2, A, 'bobaim', 'out', 'cut off'), status: 'unsure', error: { code: 'SEND_UNSURE', text: 'may or may not' } }] }, 50);
  const pane = PV.createPersonPane({ onPersonOlder() {}, onPickVia() {}, onPersonSend() {}, onClosePerson() {}, onSplit() {} });
  PV.updatePersonPane(pane, s);
  assert.deepEqual(pane.querySelectorAll('.chat-message').map((li) => li.querySelector('.chat-status').textContent),
    ['✓✓ read', 'may not have been sent']);
  // And why, under it, as a chat says it.
  assert.deepEqual(pane.querySelectorAll('.chat-message').map((li) => li.querySelector('.chat-failure').textContent),
    ['', 'may or may not']);
});

test('a person\'s conversation has what a chat has: safe links, day lines and the "new messages" line', async () => {
  const I = await import('../src/inbox.js');
  const day = (d, h) => new Date(2026, 11, d, h, 0).getTime();
  const link = 'see https://x.org/a?b=1, not javascript:alert(1)';
  let s = attached({ unread: [{ accountId: X, peer: 'bob@example.org', count: 1 }, { accountId: A, peer: 'bobaim', count: 1 }] });
  s = P.personLoaded(s, BOB, { messages: [
    { ...message(1, X, 'bob@example.org', 'in', 'yesterday on xmpp'), ts: day(4, 10) },
    { ...message(2, A, 'bobaim', 'out', 'mine on aim'), ts: day(5, 9) },
    { ...message(3, A, 'bobaim', 'in', link), ts: day(5, 10) },
    { ...message(4, X, 'bob@example.org', 'in', 'newest on xmpp'), ts: day(5, 11) },
  ] }, 50);
  // Opened with one unread message on each network: the line goes before the older of the two.
  const opened = I.trackNewLines(s, P.openPerson(s, BOB));
  assert.equal(P.personUnread(opened, BOB), 0);
  const pane = PV.createPersonPane({ onPersonOlder() {}, onPickVia() {}, onPersonSend() {}, onClosePerson() {}, onSplit() {} });
  PV.updatePersonPane(pane, opened);
  const lines = pane._parts.messages.children.map((li) => (li.classList.contains('new-messages') ? '|new|'
    : li.classList.contains('day-separator') ? `|${li.textContent}|` : li.querySelector('.chat-text').textContent));
  assert.deepEqual(lines, [`|${I.dayLabel(day(4, 10))}|`, 'yesterday on xmpp', `|${I.dayLabel(day(5, 9))}|`, 'mine on aim',
    '|new|', link, 'newest on xmpp']);
  const links = pane.querySelectorAll('a');
  assert.equal(links.length, 1, 'only the http(s) address is a link');
  assert.equal(links[0].getAttribute('href'), 'https://x.org/a?b=1');
  assert.equal(links[0].textContent, 'https://x.org/a?b=1');
  assert.equal(links[0].getAttribute('rel'), 'noopener noreferrer');
  assert.equal(links[0].getAttribute('target'), '_blank');
  // Closed: the line goes, as a closed chat's does.
  const closed = I.trackNewLines(opened, P.closePerson(opened));
  assert.deepEqual(closed.newLines, {});
});

test('scrolling a person\'s conversation up to its top loads their older messages, once at a time', async () => {
  const asked = [];
  const app = {
    state: P.personLoaded(P.openPerson(attached(), BOB), BOB, { messages: Array.from({ length: 50 },
      (_, i) => message(100 + i, X, 'bob@example.org', 'in', 'm' + i)) }, 50),
    update(next) { this.state = next; },
    command: (type, body) => {
      asked.push({ type, body });
      return new Promise(() => {}); // still on its way
    },
    ui: null,
  };
  const people = new PeopleController(app);
  const pane = PV.createPersonPane(people.handlers());
  PV.updatePersonPane(pane, app.state);
  pane._parts.scroll.scrollTop = 300;
  pane._parts.scroll.dispatch('scroll');
  assert.deepEqual(asked, []);
  pane._parts.scroll.scrollTop = 5;
  pane._parts.scroll.dispatch('scroll');
  pane._parts.scroll.dispatch('scroll');
  assert.deepEqual(asked, [{ type: Command.PERSON_HISTORY, body: { personId: BOB, limit: 50, before: 100 } }],
    'the page before the oldest shown, asked once while it is on its way');
  // Nothing older: scrolling up asks for nothing.
  asked.length = 0;
  app.state = P.personLoaded(app.state, BOB, { messages: [] }, 50);
  pane._parts.scroll.dispatch('scroll');
  assert.deepEqual(asked, []);
});

test('suggestions in words, dismissed in this tab; the user picks contacts to merge', () => {
  let s = attached();
  s = P.suggestionsLoaded(s, { suggestions: [
    { contacts: [{ accountId: X, jid: 'carol@example.org' }, { accountId: A, jid: 'bobaim' }], reasons: ['same-name'] },
    { contacts: [{ accountId: X, jid: 'lonely@example.org' }] },
  ] });
  assert.equal(P.visibleSuggestions(s).length, 1);
  assert.equal(P.suggestionText(s, P.visibleSuggestions(s)[0]), 'Carol and Bob may be one person (the same name).');
  s = P.dismissSuggestion(s, P.suggestionKey(P.visibleSuggestions(s)[0]));
  assert.equal(P.visibleSuggestions(s).length, 0);

  s = P.startPicking(s);
  s = P.togglePick(s, S.chatKey(X, 'carol@example.org'));
  s = P.togglePick(s, S.chatKey(A, 'bobaim'));
  assert.deepEqual(P.mergeBody(s.mergePick), { contacts: [{ accountId: X, jid: 'carol@example.org' }, { accountId: A, jid: 'bobaim' }] });
  const candidates = P.mergeCandidates(s);
  assert.equal(candidates.find((c) => c.jid === 'bobaim').personId, BOB);
  s = P.stopPicking(s);
  assert.equal(s.mergePick, null);
});

test('"Not the same" hides the suggestion at once and tells the server, which keeps it for every device', async () => {
  const sent = [];
  const app = {
    state: P.suggestionsLoaded(attached(), { suggestions: [
      { contacts: [{ accountId: X, jid: 'carol@example.org' }, { accountId: A, jid: 'bobaim' }], reasons: ['same-name'] }] }),
    update(next) { this.state = next; },
    command: async (type, body) => { sent.push({ type, body }); return {}; },
    ui: null,
  };
  const people = new PeopleController(app);
  const suggestion = P.visibleSuggestions(app.state)[0];
  await people.handlers().onDismissSuggestion(suggestion);
  assert.equal(P.visibleSuggestions(app.state).length, 0);
  assert.deepEqual(sent, [{ type: Command.PERSON_DISMISS, body: { contacts: [{ accountId: X, jid: 'carol@example.org' },
    { accountId: A, jid: 'bobaim' }] } }]);
});

test('recent conversations show a person once, at their newest chat, with every network\'s unread', async () => {
  const Inbox = await import('../src/inbox.js');
  let s = attached();
  s = { ...s, recent: Inbox.recentLoaded(Inbox.emptyRecent(), { chats: [
    { accountId: A, peer: 'bobaim', network: 'oscar', message: message(9, A, 'bobaim', 'in', 'on AIM') },
    { accountId: X, peer: 'carol@example.org', network: 'xmpp', message: message(7, X, 'carol@example.org', 'in', 'hi') },
    { accountId: X, peer: 'bob@example.org', network: 'xmpp', message: message(5, X, 'bob@example.org', 'in', 'on XMPP') },
  ] }) };
  s = event(s, { type: Event.MESSAGE, message: message(10, X, 'carol@example.org', 'in', 'again') });
  s = event(s, { type: Event.MESSAGE, message: message(11, X, 'bob@example.org', 'in', 'xmpp again') });
  s = { ...s, recent: Inbox.recentOnEvent(s.recent, { type: Event.MESSAGE, message: message(10, X, 'carol@example.org', 'in', 'again') }) };
  const entries = P.recentEntries(s);
  assert.deepEqual(entries.map((e) => e.key), [S.chatKey(X, 'carol@example.org'), 'p:' + BOB],
    'Carol (her newest message) first, then Bob once, where his newest chat stands');
  assert.equal(entries[1].personId, BOB);
  assert.equal(entries[1].message.text, 'on AIM', 'the newest message of any of his chats in the list');
  assert.equal(entries[1].accountId, A);
  assert.equal(entries[0].personId, undefined);
  assert.equal(P.personUnread(s, BOB), 1);
  const IV = await import('../src/inboxViews.js');
  const opened = [];
  const panel = IV.recentPanel({ onOpen: (a, peer) => opened.push(peer), onOpenPerson: (id) => opened.push(id), onMore() {} });
  IV.renderRecent(panel, s);
  const items = panel.list.querySelectorAll('.recent-chat');
  assert.equal(items.length, 2);
  assert.equal(items[1].querySelector('.recent-name').textContent, 'Bob');
  assert.equal(items[1].querySelector('.recent-network').textContent, 'AIM');
  assert.equal(items[1].querySelector('.recent-unread').textContent, '1', 'his unread on any network');
  items[1].click();
  assert.deepEqual(opened, [BOB], 'the person opens, not one of his chats');
});
