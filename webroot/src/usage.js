// The usage view: this period per network against quota, balance, daily chart, ledger, statements.
// Used for the signed-in user's own page and, inside the admin page, for any user.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip,
} from 'chart.js';
import { statementUrl } from './contract.js';
import { clear, formatTime, h, setText } from './dom.js';
import { allowanceText, dailySeries, formatMoney, kindLabel, usageRows } from './billing.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLORS = ['#3b6fd6', '#2e9e6a', '#c98a1b'];

/** Builds an empty usage view; fill it with renderUsage(view, data). `own`: statements downloadable. */
export function usageView(idPrefix, own) {
  const v = {};
  v.allowance = h('p', { id: idPrefix + '-allowance', class: 'usage-allowance', role: 'status' });
  v.summary = h('p', { id: idPrefix + '-summary', class: 'usage-summary' });
  v.balance = h('strong', { id: idPrefix + '-balance' });
  v.table = h('tbody', { id: idPrefix + '-table' });
  v.canvas = h('canvas', { id: idPrefix + '-chart', width: 640, height: 220, role: 'img', 'aria-label': 'Daily use, last 30 days' });
  v.ledger = h('tbody', { id: idPrefix + '-ledger' });
  v.statements = h('ul', { id: idPrefix + '-statements', class: 'statement-list' });
  v.own = own;
  v.root = h('div', { class: 'usage-view' },
    v.allowance,
    v.summary,
    h('p', null, 'Balance: ', v.balance),
    h('h3', null, 'This period'),
    h('table', { class: 'usage-table' },
      h('thead', null, h('tr', null, h('th', null, 'Network'), h('th', null, 'Use'), h('th', null, 'Count'),
        h('th', null, 'Quota (all networks)'), h('th', null, 'Bytes'))),
      v.table),
    h('h3', null, 'Daily use, last 30 days'),
    h('div', { class: 'usage-chart' }, v.canvas),
    h('h3', null, 'Ledger'),
    h('table', { class: 'ledger-table' },
      h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Entry'), h('th', null, 'Amount'),
        h('th', null, 'Who'), h('th', null, 'Why'))),
      v.ledger),
    h('h3', null, 'Monthly statements'),
    v.statements);
  return v;
}

export function renderUsage(v, data) {
  const currency = data.currency;
  setText(v.allowance, allowanceText(data));
  v.allowance.hidden = !allowanceText(data);
  const user = data.user || {};
  setText(v.summary, `${user.username} — plan ${data.plan ? data.plan.name : '?'}${user.suspended ? ' (suspended)' : ''}, period ${data.period}`);
  setText(v.balance, formatMoney(data.balance, currency));

  clear(v.table);
  const rows = usageRows(data);
  if (rows.length === 0) v.table.appendChild(h('tr', null, h('td', { colspan: 5 }, 'No use this period yet.')));
  for (const r of rows) {
    v.table.appendChild(h('tr', { dataset: { network: r.network, kind: r.kind } },
      h('td', null, r.network), h('td', null, r.label), h('td', { class: 'count' }, r.count),
      h('td', null, r.quota == null ? '—' : `${r.usedOfQuota} of ${r.quota}`), h('td', null, r.bytes)));
  }

  clear(v.ledger);
  if ((data.ledger || []).length === 0) v.ledger.appendChild(h('tr', null, h('td', { colspan: 5 }, 'No entries yet.')));
  for (const e of data.ledger || []) {
    v.ledger.appendChild(h('tr', { dataset: { entry: e.entry } },
      h('td', { title: new Date(e.at).toISOString() }, formatTime(e.at)),
      h('td', null, e.entry === 'usage' ? `usage: ${e.quantity} × ${kindLabel(e.kind).toLowerCase()} (${e.network})` : e.entry),
      h('td', { class: 'amount' }, formatMoney(e.amount, e.currency)),
      h('td', null, e.who), h('td', null, e.why)));
  }

  clear(v.statements);
  for (const month of data.statements || []) {
    v.statements.appendChild(h('li', null, v.own
      ? h('a', { class: 'statement-link', href: statementUrl(month), download: `parley-statement-${month}.csv` }, `${month} (CSV)`)
      : month));
  }
  drawChart(v, data);
}

function drawChart(v, data) {
  const { days, series } = dailySeries(data);
  const datasets = series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: COLORS[i % COLORS.length] }));
  if (v.chart) {
    v.chart.data.labels = days.map((d) => d.slice(5));
    v.chart.data.datasets = datasets;
    v.chart.update();
    return;
  }
  try {
    v.chart = new Chart(v.canvas, {
      type: 'bar',
      data: { labels: days.map((d) => d.slice(5)), datasets },
      options: { animation: false, responsive: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  } catch {
    // No canvas (a test DOM): the tables above say the same.
  }
}

export function destroyUsage(v) {
  if (v && v.chart) v.chart.destroy();
}
