// Pure helpers for the usage and admin views: money, usage against quota, the daily chart's data.
import { METERED_KINDS, UsageKind } from './contract.js';

const KIND_WORDS = Object.freeze({
  [UsageKind.MESSAGE_SENT]: 'Messages sent',
  [UsageKind.MESSAGE_RECEIVED]: 'Messages received',
  [UsageKind.ONLINE_MINUTE]: 'Online minutes',
});

export function kindLabel(kind) {
  return KIND_WORDS[kind] || String(kind);
}

/** Integer minor units as "12.34 EUR"; never goes through floating point. */
export function formatMoney(minor, currency) {
  const n = BigInt(minor == null ? 0 : minor);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const cents = String(abs % 100n).padStart(2, '0');
  return `${neg ? '-' : ''}${abs / 100n}.${cents} ${currency || ''}`.trim();
}

/** "12.34" (or "12") to minor units, or null when it is not such an amount. */
export function parseMoney(text) {
  const m = /^\s*(-?)(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(String(text == null ? '' : text));
  if (!m) return null;
  const minor = Number(m[2]) * 100 + Number((m[3] || '0').padEnd(2, '0'));
  return m[1] === '-' ? -minor : minor;
}

/**
 * Rows for the "this period" table: one per network and kind, with the plan's quota (free plans;
 * the quota is for all networks together) and the charge so far is in the ledger.
 */
export function usageRows(view) {
  const quotas = (view.plan && view.plan.quotas) || null;
  const totals = {};
  for (const u of view.usage || []) totals[u.kind] = (totals[u.kind] || 0) + u.count;
  const rows = (view.usage || []).map((u) => ({
    network: u.network,
    kind: u.kind,
    label: kindLabel(u.kind),
    count: u.count,
    bytes: u.bytes,
    quota: quotas ? quotas[u.kind] : null,
    usedOfQuota: quotas ? totals[u.kind] : null,
  }));
  rows.sort((a, b) => a.network.localeCompare(b.network) || METERED_KINDS.indexOf(a.kind) - METERED_KINDS.indexOf(b.kind));
  return rows;
}

/** Days from..to (inclusive, "YYYY-MM-DD") and one count series per kind, zeros where nothing was used. */
export function dailySeries(view) {
  const days = [];
  if (view.from && view.to) {
    const end = Date.parse(view.to + 'T00:00:00Z');
    for (let t = Date.parse(view.from + 'T00:00:00Z'); t <= end; t += 86400000) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  const index = new Map(days.map((d, i) => [d, i]));
  const series = METERED_KINDS.map((kind) => ({ kind, label: kindLabel(kind), data: days.map(() => 0) }));
  for (const d of view.daily || []) {
    const s = series.find((x) => x.kind === d.kind);
    const i = index.get(d.day);
    if (s && i != null) s.data[i] += d.count;
  }
  return { days, series };
}

/** The sentence about the user's allowance, or '' when sending is allowed. */
export function allowanceText(view) {
  const a = view.allowance;
  if (!a || a.canSend !== false) return '';
  return (a.error && a.error.text) || 'Sending is paused.';
}
