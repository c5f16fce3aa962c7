// The admin page's nodes table: what each node reported, as text, one row per node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, textNodes } from './dom-shim.js';

installDom();
const { formatUptime, sessionsText, failuresText, drainText, nodesView, renderNodes } = await import('../src/nodes.js');

const xmpp = {
  nodeId: '3f2a9c1e-0000-4000-8000-000000000001', network: 'xmpp', version: '0.1.0-SNAPSHOT', startedAt: 1764060000000,
  uptimeSeconds: 3725, held: 3, sessions: { connecting: 0, connected: 2, reconnecting: 1 },
  failures: { IM_CONNECTION_LOST: 1, IM_AUTH_FAILED: 4 },
};
const oscar = {
  nodeId: '7b1d0e2f-0000-4000-8000-000000000002', network: 'oscar', version: '0.1.0-SNAPSHOT', startedAt: 1764060000000,
  uptimeSeconds: 42, held: 0, sessions: { connecting: 0, connected: 0, reconnecting: 0 }, failures: {},
};

test('uptime in the two largest units', () => {
  assert.equal(formatUptime(42), '42 s');
  assert.equal(formatUptime(725), '12 min 5 s');
  assert.equal(formatUptime(3725), '1 h 2 min');
  assert.equal(formatUptime(2 * 86400 + 4 * 3600 + 59), '2 d 4 h');
  assert.equal(formatUptime(undefined), '0 s');
});

test('sessions by state, usual states first, and failures most frequent first', () => {
  assert.equal(sessionsText(xmpp.sessions), '2 connected, 1 reconnecting');
  assert.equal(sessionsText(oscar.sessions), '—');
  assert.equal(failuresText(xmpp.failures), 'IM_AUTH_FAILED 4, IM_CONNECTION_LOST 1');
  assert.equal(failuresText({}), 'none');
});

test('one row per node, kept across refreshes, gone when the node is', () => {
  const v = nodesView();
  renderNodes(v, [oscar, xmpp]);
  const rows = v.body.childNodes;
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.getAttribute('data-network')), ['oscar', 'xmpp']);
  const xmppText = textNodes(rows[1]).join('|');
  assert.equal(xmppText, 'xmpp|3f2a9c1e|3|2 connected, 1 reconnecting|IM_AUTH_FAILED 4, IM_CONNECTION_LOST 1|0.1.0-SNAPSHOT|1 h 2 min|Drain');
  assert.equal(rows[1].querySelector('.node-drain').disabled, false);
  assert.equal(v.empty.hidden, true);

  const xmppRow = rows[1];
  renderNodes(v, [{ ...xmpp, held: 4, uptimeSeconds: 3790 }]);
  assert.equal(v.body.childNodes.length, 1);
  assert.equal(v.body.childNodes[0], xmppRow, 'the same row, updated');
  assert.equal(xmppRow.querySelector('.node-held').textContent, '4');
  assert.equal(xmppRow.querySelector('.node-uptime').textContent, '1 h 3 min');

  renderNodes(v, []);
  assert.equal(v.body.childNodes.length, 0);
  assert.equal(v.empty.hidden, false);
});

test('a node id is shown as text, never as markup', () => {
  const v = nodesView();
  const evil = '<img src=x onerror=alert(1)>';
  renderNodes(v, [{ ...oscar, nodeId: evil, version: evil }]);
  assert.ok(textNodes(v.body).includes(evil));
});

test('a draining node says how many accounts are left, then that it may be stopped', () => {
  assert.equal(drainText(xmpp), '');
  assert.equal(drainText({ ...xmpp, draining: true }), 'Draining: 3 accounts left to move');
  assert.equal(drainText({ ...xmpp, draining: true, held: 1 }), 'Draining: 1 account left to move');
  assert.equal(drainText({ ...xmpp, draining: true, held: 0 }), 'Drained: it may be stopped');

  const v = nodesView();
  renderNodes(v, [{ ...xmpp, draining: true, held: 1 }]);
  const row = v.body.childNodes[0];
  assert.equal(row.querySelector('.node-drain-state').textContent, 'Draining: 1 account left to move');
  assert.equal(row.querySelector('.node-drain').hidden, true, 'no second drain');
  renderNodes(v, [{ ...xmpp, draining: true, held: 0 }]);
  assert.equal(row.querySelector('.node-drain-state').textContent, 'Drained: it may be stopped');
});

test('drain asks on the second click only, and is offered again when refused', () => {
  const asked = [];
  let answer;
  const v = nodesView((node, done) => { asked.push(node.nodeId); answer = done; });
  renderNodes(v, [xmpp]);
  const button = v.body.childNodes[0].querySelector('.node-drain');
  button.click();
  assert.deepEqual(asked, [], 'the first click only asks to confirm');
  assert.equal(button.textContent, 'Confirm drain');
  button.click();
  assert.deepEqual(asked, [xmpp.nodeId]);
  assert.equal(button.disabled, true);
  answer(false);
  assert.equal(button.disabled, false);
  assert.equal(button.textContent, 'Drain');
});
