import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowanceText, dailySeries, formatMoney, parseMoney, usageRows } from '../src/billing.js';

test('money is shown from integer minor units', () => {
  assert.equal(formatMoney(1234, 'EUR'), '12.34 EUR');
  assert.equal(formatMoney(-5, 'EUR'), '-0.05 EUR');
  assert.equal(formatMoney(0, 'EUR'), '0.00 EUR');
  assert.equal(formatMoney(9007199254740993n, 'EUR'), '90071992547409.93 EUR');
});

test('amounts typed by an admin become minor units, or null', () => {
  assert.equal(parseMoney('5'), 500);
  assert.equal(parseMoney('5.5'), 550);
  assert.equal(parseMoney('0,07'), 7);
  assert.equal(parseMoney('-2.00'), -200);
  assert.equal(parseMoney('1e3'), null);
  assert.equal(parseMoney('abc'), null);
  assert.equal(parseMoney('1.234'), null);
});

test('usage rows carry the quota of all networks together', () => {
  const rows = usageRows({
    plan: { type: 'free', quotas: { 'message-sent': 10 } },
    usage: [{ network: 'xmpp', kind: 'message-sent', count: 3, bytes: 9 },
      { network: 'icq', kind: 'message-sent', count: 4, bytes: 9 }],
  });
  assert.deepEqual(rows.map((r) => [r.network, r.count, r.quota, r.usedOfQuota]),
    [['icq', 4, 10, 7], ['xmpp', 3, 10, 7]]);
});

test('the daily series has every day, zeros included', () => {
  const { days, series } = dailySeries({ from: '2026-11-28', to: '2026-12-01',
    daily: [{ day: '2026-11-30', kind: 'message-sent', count: 2 }] });
  assert.deepEqual(days, ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
  assert.deepEqual(series[0].data, [0, 0, 2, 0]);
  assert.deepEqual(series[1].data, [0, 0, 0, 0]);
});

test('the allowance sentence comes from billing', () => {
  assert.equal(allowanceText({ allowance: { canSend: true, error: null } }), '');
  assert.equal(allowanceText({ allowance: { canSend: false, error: { code: 'QUOTA_EXCEEDED', text: 'Used up.' } } }), 'Used up.');
});
