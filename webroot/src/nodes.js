// The protocol nodes on the admin page: each node's network, sessions held, failures since it
// started, version and uptime, as the session last heard them (docs/bus-contract.md, "Node status").
import { ConnectionState } from './contract.js';
import { h, reconcile, setText } from './dom.js';

const SESSION_ORDER = [ConnectionState.CONNECTED, ConnectionState.CONNECTING, ConnectionState.RECONNECTING];

/** "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h". */
export function formatUptime(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const d = Math.floor(s / 86400);
  const hr = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${hr} h`;
  if (hr > 0) return `${hr} h ${min} min`;
  if (min > 0) return `${min} min ${s % 60} s`;
  return `${s} s`;
}

/** "2 connected, 1 reconnecting": the states with any session, usual ones first; "—" for none. */
export function sessionsText(sessions) {
  const entries = Object.entries(sessions || {}).filter(([, n]) => n > 0);
  entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.length ? entries.map(([state, n]) => `${n} ${state}`).join(', ') : '—';
}

function rank(state) {
  const i = SESSION_ORDER.indexOf(state);
  return i < 0 ? SESSION_ORDER.length : i;
}

/** "IM_AUTH_FAILED 2, IM_CONNECTION_LOST 1", most frequent first; "none" for none. */
export function failuresText(failures) {
  const entries = Object.entries(failures || {}).filter(([, n]) => n > 0);
  entries.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.length ? entries.map(([code, n]) => `${code} ${n}`).join(', ') : 'none';
}

/**
 * What a drain means for the node now: '' when it is not draining; how many accounts are left to
 * move while it drains; and once it holds none, that it may be stopped.
 */
export function drainText(node) {
  if (!node.draining) return '';
  const left = Number(node.held) || 0;
  return left > 0 ? `Draining: ${left} account${left === 1 ? '' : 's'} left to move` : 'Drained: it may be stopped';
}

/**
 * An empty nodes table; fill it with renderNodes(view, nodes). onDrain(node, done) is called when
 * the admin asks to drain a node (a second click confirms); it calls done(ok) once answered.
 */
export function nodesView(onDrain = () => {}) {
  const v = { onDrain };
  v.body = h('tbody', { id: 'admin-nodes-table' });
  v.empty = h('p', { id: 'admin-nodes-empty', class: 'hint', hidden: true },
    'No protocol node has reported in the last 15 seconds: start an XMPP or OSCAR node.');
  v.root = h('div', { class: 'admin-nodes' },
    h('table', { class: 'usage-table nodes-table' },
      h('thead', null, h('tr', null, h('th', null, 'Network'), h('th', null, 'Node'), h('th', null, 'Sessions held'),
        h('th', null, 'By state'), h('th', null, 'Failures since start'), h('th', null, 'Version'), h('th', null, 'Up for'),
        h('th', null, 'Drain'))),
      v.body),
    v.empty);
  return v;
}

export function renderNodes(v, nodes) {
  v.empty.hidden = nodes.length > 0;
  reconcile(v.body, nodes, (n) => n.nodeId, (n) => createRow(v, n), updateRow);
}

function createRow(v, node) {
  const c = {
    network: h('td', { class: 'node-network' }),
    id: h('td', { class: 'node-id' }),
    held: h('td', { class: 'node-held count' }),
    sessions: h('td', { class: 'node-sessions' }),
    failures: h('td', { class: 'node-failures' }),
    version: h('td', { class: 'node-version' }),
    uptime: h('td', { class: 'node-uptime' }),
    drainState: h('span', { class: 'node-drain-state' }),
  };
  let armed = false;
  c.drain = h('button', {
    type: 'button', class: 'small node-drain',
    title: 'Move this node\'s accounts to the other nodes of its network, one at a time, so that it can be stopped.',
    // A second click confirms: a drain cannot be undone (the node is to be stopped afterwards).
    onclick: () => {
      if (!armed) {
        armed = true;
        setText(c.drain, 'Confirm drain');
        return;
      }
      armed = false;
      c.drain.disabled = true;
      setText(c.drain, 'Draining…');
      v.onDrain(node, (ok) => {
        c.drain.disabled = false;
        if (!ok) setText(c.drain, 'Drain');
      });
    },
  }, 'Drain');
  const row = h('tr', { class: 'node-row', dataset: { 'node-id': node.nodeId, network: node.network } },
    c.network, c.id, c.held, c.sessions, c.failures, c.version, c.uptime, h('td', null, c.drain, c.drainState));
  // Not "cells": a table row has a read-only property of that name.
  row.nodeCells = c;
  return row;
}

function updateRow(row, node) {
  const c = row.nodeCells;
  setText(c.network, node.network);
  // The first part of the id is enough to tell nodes apart; the whole one is in the tooltip.
  setText(c.id, String(node.nodeId).slice(0, 8));
  c.id.setAttribute('title', node.nodeId);
  setText(c.held, node.held);
  setText(c.sessions, sessionsText(node.sessions));
  setText(c.failures, failuresText(node.failures));
  setText(c.version, node.version);
  setText(c.uptime, formatUptime(node.uptimeSeconds));
  c.drain.hidden = Boolean(node.draining);
  setText(c.drainState, drainText(node));
}
