// The usage page (every user) and the admin page (admins only), over the bridge.
import { Addresses, BillingRequest, LedgerEntry, NodeStatus } from './contract.js';
import { clear, h, setText } from './dom.js';
import { errorText } from './errors.js';
import { parseMoney } from './billing.js';
import { destroyUsage, renderUsage, usageView } from './usage.js';
import { nodesView, renderNodes } from './nodes.js';

/** The signed-in user's own usage. */
export class UsagePage {
  constructor(bridge, onClose) {
    this.bridge = bridge;
    this.view = usageView('usage', true);
    this.error = h('p', { id: 'usage-error', class: 'form-error', role: 'alert' });
    this.root = h('section', { id: 'usage-page', class: 'billing-page' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Your usage'),
        h('button', { id: 'usage-refresh', type: 'button', class: 'small', onclick: () => this.load() }, 'Refresh'),
        h('button', { id: 'usage-close', type: 'button', class: 'small', onclick: onClose }, 'Back to chats')),
      this.error, this.view.root);
  }

  async load() {
    try {
      const data = await this.bridge.request(BillingRequest.USAGE_GET, {}, Addresses.BROWSER_BILLING);
      setText(this.error, '');
      renderUsage(this.view, data);
    } catch (e) {
      setText(this.error, 'Could not load your usage: ' + errorText(e));
    }
  }

  destroy() {
    destroyUsage(this.view);
  }
}

/** Find users, see one's usage and ledger, top up or adjust, change plan, suspend or resume. */
export class AdminPage {
  constructor(bridge, onClose) {
    this.bridge = bridge;
    this.userId = null;
    this.view = usageView('admin-usage', false);
    const ui = {};
    ui.search = h('input', { id: 'admin-search', type: 'search', placeholder: 'username', maxlength: 64 });
    ui.users = h('ul', { id: 'admin-users', class: 'admin-users' });
    ui.error = h('p', { id: 'admin-error', class: 'form-error', role: 'alert' });
    ui.done = h('p', { id: 'admin-done', class: 'form-done', role: 'status' });
    ui.plan = h('select', { id: 'admin-plan' });
    ui.planReason = h('input', { id: 'admin-plan-reason', type: 'text', placeholder: 'reason', maxlength: 500 });
    ui.entry = h('select', { id: 'admin-entry' },
      [LedgerEntry.TOP_UP, LedgerEntry.ADJUSTMENT, LedgerEntry.REFUND].map((e) => h('option', { value: e }, e)));
    ui.amount = h('input', { id: 'admin-amount', type: 'text', inputmode: 'decimal', placeholder: 'amount, e.g. 5.00' });
    ui.reason = h('input', { id: 'admin-reason', type: 'text', placeholder: 'reason', maxlength: 500 });
    ui.detail = h('div', { id: 'admin-user', hidden: true },
      h('div', { class: 'admin-actions' },
        h('label', null, 'Plan ', ui.plan), ui.planReason,
        h('button', { id: 'admin-plan-save', type: 'button', class: 'small', onclick: () => this.setPlan() }, 'Change plan')),
      h('div', { class: 'admin-actions' },
        ui.entry, ui.amount, ui.reason,
        h('button', { id: 'admin-adjust', type: 'button', class: 'small primary', onclick: () => this.adjust() }, 'Add to ledger')),
      h('div', { class: 'admin-actions' },
        h('button', { id: 'admin-suspend', type: 'button', class: 'small danger', onclick: () => this.suspend(true) }, 'Suspend sending'),
        h('button', { id: 'admin-resume', type: 'button', class: 'small', onclick: () => this.suspend(false) }, 'Resume sending')),
      this.view.root);
    ui.planName = h('input', { id: 'admin-plan-name', type: 'text', placeholder: 'plan name', maxlength: 32 });
    ui.planJson = h('textarea', { id: 'admin-plan-json', rows: 6, cols: 60, spellcheck: 'false' });
    ui.planList = h('ul', { id: 'admin-plan-list', class: 'admin-users' });
    ui.plans = h('details', { class: 'admin-plans' }, h('summary', null, 'Plans'),
      ui.planList,
      h('p', { class: 'hint' }, 'Money in cents. free: {"type": "free", "quotas": {…}}; prepaid: {"type": "prepaid", "prices": {"xmpp": {…}, "*": {…}}}; unlimited: {"type": "unlimited"}.'),
      h('div', { class: 'admin-actions' }, ui.planName,
        h('button', { id: 'admin-plan-update', type: 'button', class: 'small', onclick: () => this.updatePlan() }, 'Save plan')),
      ui.planJson);
    this.nodes = nodesView((node, done) => this.drainNode(node, done));
    ui.nodesError = h('p', { id: 'admin-nodes-error', class: 'form-error', role: 'alert' });
    ui.drainError = h('p', { id: 'admin-drain-error', class: 'form-error', role: 'alert' });
    this.ui = ui;
    this.root = h('section', { id: 'admin-page', class: 'billing-page' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Admin: nodes, users and billing'),
        h('button', { id: 'admin-close', type: 'button', class: 'small', onclick: onClose }, 'Back to chats')),
      h('h3', null, 'Protocol nodes'), ui.nodesError, ui.drainError, this.nodes.root,
      h('form', { class: 'admin-search', onsubmit: (ev) => { ev.preventDefault(); this.find(); } },
        ui.search, h('button', { id: 'admin-search-button', type: 'submit', class: 'small' }, 'Find users')),
      ui.users, ui.error, ui.done, ui.plans, ui.detail);
  }

  request(type, body) {
    return this.bridge.request(type, body, Addresses.BROWSER_ADMIN);
  }

  async load() {
    this.loadNodes();
    // Nodes report every few seconds; the table follows while the page is open.
    this.nodesTimer = setInterval(() => this.loadNodes(), NodeStatus.INTERVAL_MS);
    try {
      await this.loadPlans();
      await this.find();
    } catch (e) {
      this.failed(e);
    }
  }

  async loadNodes() {
    try {
      const reply = await this.bridge.request(NodeStatus.NODES_LIST, {}, Addresses.BROWSER_ADMIN_NODES);
      renderNodes(this.nodes, reply.nodes);
      setText(this.ui.nodesError, '');
    } catch (e) {
      setText(this.ui.nodesError, 'Could not list the protocol nodes: ' + errorText(e));
    }
  }

  /** Asks the session to drain the node; the table shows the drain from the node's next status on. */
  async drainNode(node, done) {
    try {
      await this.bridge.request(NodeStatus.NODES_DRAIN, { nodeId: node.nodeId }, Addresses.BROWSER_ADMIN_NODES);
      setText(this.ui.drainError, '');
      done(true);
    } catch (e) {
      setText(this.ui.drainError, 'Could not drain the node: ' + errorText(e));
      done(false);
    }
    this.loadNodes();
  }

  async loadPlans() {
    const plans = await this.request(BillingRequest.ADMIN_PLANS_GET, {});
    clear(this.ui.plan);
    clear(this.ui.planList);
    for (const p of plans.plans) {
      this.ui.plan.appendChild(h('option', { value: p.name }, `${p.name} (${p.type})`));
      this.ui.planList.appendChild(h('li', null, h('button', {
        type: 'button', class: 'small', dataset: { plan: p.name }, onclick: () => this.editPlan(p),
      }, `Edit ${p.name}`)));
    }
  }

  editPlan(plan) {
    const definition = { ...plan };
    delete definition.name;
    this.ui.planName.value = plan.name;
    this.ui.planJson.value = JSON.stringify(definition, null, 2);
  }

  async updatePlan() {
    let definition;
    try {
      definition = JSON.parse(this.ui.planJson.value);
    } catch {
      setText(this.ui.error, 'The plan is not valid JSON.');
      return;
    }
    setText(this.ui.done, '');
    try {
      await this.request(BillingRequest.ADMIN_PLAN_UPDATE, { name: this.ui.planName.value.trim(), definition });
      await this.loadPlans();
      if (this.userId) await this.open(this.userId);
      setText(this.ui.error, '');
      setText(this.ui.done, `Plan ${this.ui.planName.value.trim()} saved.`);
    } catch (e) {
      this.failed(e);
    }
  }

  async find() {
    try {
      const reply = await this.request(BillingRequest.ADMIN_USERS_FIND, { query: this.ui.search.value.trim() });
      clear(this.ui.users);
      for (const u of reply.users) {
        this.ui.users.appendChild(h('li', null, h('button', {
          type: 'button', class: 'small admin-user-button', dataset: { username: u.username },
          onclick: () => this.open(u.userId),
        }, `${u.username} — ${u.plan}${u.suspended ? ', suspended' : ''}`)));
      }
      setText(this.ui.error, reply.users.length ? '' : 'No user matches.');
    } catch (e) {
      this.failed(e);
    }
  }

  async open(userId) {
    this.userId = userId;
    try {
      const data = await this.request(BillingRequest.ADMIN_USER_GET, { userId });
      this.ui.detail.hidden = false;
      this.ui.plan.value = data.user.plan;
      renderUsage(this.view, data);
      setText(this.ui.error, '');
    } catch (e) {
      this.failed(e);
    }
  }

  async act(type, body, doneText) {
    setText(this.ui.done, '');
    try {
      await this.request(type, { userId: this.userId, ...body });
      setText(this.ui.error, '');
      await this.open(this.userId);
      await this.find();
      setText(this.ui.done, doneText);
      return true;
    } catch (e) {
      this.failed(e);
      return false;
    }
  }

  async setPlan() {
    await this.act(BillingRequest.ADMIN_PLAN_SET, { plan: this.ui.plan.value, reason: this.ui.planReason.value },
      `Plan changed to ${this.ui.plan.value}.`);
  }

  async adjust() {
    const amount = parseMoney(this.ui.amount.value);
    if (amount == null) {
      setText(this.ui.error, 'Enter the amount as a number like 5 or 5.00.');
      return;
    }
    if (!this.ui.reason.value.trim()) {
      setText(this.ui.error, 'Give a reason: it is kept in the ledger.');
      return;
    }
    const ok = await this.act(BillingRequest.ADMIN_BALANCE_ADJUST,
      { entry: this.ui.entry.value, amount, reason: this.ui.reason.value.trim() }, 'Added to the ledger.');
    if (ok) {
      this.ui.amount.value = '';
      this.ui.reason.value = '';
    }
  }

  async suspend(on) {
    await this.act(on ? BillingRequest.ADMIN_SUSPEND : BillingRequest.ADMIN_RESUME, {},
      on ? 'Sending suspended.' : 'Sending resumed.');
  }

  failed(e) {
    setText(this.ui.error, errorText(e));
  }

  destroy() {
    clearInterval(this.nodesTimer);
    destroyUsage(this.view);
  }
}
