// The usage view shows what billing said, as text only (ledger reasons are typed by admins).
import test from 'node:test';
import assert from 'node:assert/strict';
import { installDom, textNodes } from './dom-shim.js';

installDom();
const { usageView, renderUsage } = await import('../src/usage.js');

const EVIL = '<img src=x onerror="alert(1)">';

const view = {
  user: { userId: 'u1', username: 'carol', plan: 'free', suspended: false },
  plan: { name: 'free', type: 'free', quotas: { 'message-sent': 2 } },
  period: '2026-11', currency: 'EUR', balance: 93,
  usage: [{ network: 'xmpp', kind: 'message-sent', count: 2, bytes: 11 }],
  daily: [{ day: '2026-11-25', kind: 'message-sent', count: 2 }], from: '2026-10-27', to: '2026-11-25',
  ledger: [{ id: 1, at: 1764060000000, entry: 'top-up', amount: 100, currency: 'EUR', who: 'admin:root', why: EVIL }],
  statements: ['2026-11'],
  allowance: { canSend: false, error: { code: 'QUOTA_EXCEEDED', text: 'Your free plan allows 2 sent messages a month.' } },
};

test('the usage view shows quota, balance, ledger and statements as text', () => {
  const v = usageView('usage', true);
  renderUsage(v, view);
  const texts = textNodes(v.root).join('|');
  assert.ok(texts.includes('Your free plan allows 2 sent messages a month.'));
  assert.ok(texts.includes('0.93 EUR'));
  assert.ok(texts.includes('2 of 2'));
  assert.ok(texts.includes('1.00 EUR'));
  assert.ok(texts.includes(EVIL), 'the reason is shown as typed, as text');
  assert.ok(texts.includes('2026-11 (CSV)'));
  assert.equal(v.allowance.hidden, false);
});

test('no allowance line while sending is allowed', () => {
  const v = usageView('usage', false);
  renderUsage(v, { ...view, allowance: { canSend: true, error: null } });
  assert.equal(v.allowance.hidden, true);
});
