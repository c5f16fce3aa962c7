// A tiny DOM stand-in for unit tests: enough for the page's helpers, and it refuses markup
// (setting innerHTML/outerHTML or insertAdjacentHTML throws), so a test fails if any helper
// would interpret a string as HTML.

class Node {
  constructor(nodeType) {
    this.nodeType = nodeType;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() { return this.childNodes[0] || null; }
  get nextSibling() {
    if (!this.parentNode) return null;
    const sibs = this.parentNode.childNodes;
    return sibs[sibs.indexOf(this) + 1] || null;
  }
  appendChild(child) { return this.insertBefore(child, null); }
  insertBefore(child, ref) {
    if (child.parentNode) child.parentNode.removeChild(child);
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (i < 0) this.childNodes.push(child);
    else this.childNodes.splice(i, 0, child);
    child.parentNode = this;
    return child;
  }
  removeChild(child) {
    const i = this.childNodes.indexOf(child);
    if (i >= 0) this.childNodes.splice(i, 1);
    child.parentNode = null;
    return child;
  }
  remove() { if (this.parentNode) this.parentNode.removeChild(this); }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(''); }
  set textContent(v) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (v !== '' && v != null) this.appendChild(new Text(String(v)));
  }
}

class Text extends Node {
  constructor(data) {
    super(3);
    this.data = data;
  }
  get textContent() { return this.data; }
  set textContent(v) { this.data = String(v); }
}

class ClassList {
  constructor(el) { this.el = el; }
  list() { return (this.el.getAttribute('class') || '').split(/\s+/).filter(Boolean); }
  contains(c) { return this.list().includes(c); }
  add(c) { if (!this.contains(c)) this.el.setAttribute('class', [...this.list(), c].join(' ')); }
  remove(c) { this.el.setAttribute('class', this.list().filter((x) => x !== c).join(' ')); }
  toggle(c, force) {
    const on = force === undefined ? !this.contains(c) : !!force;
    if (on) this.add(c); else this.remove(c);
    return on;
  }
}

class Element extends Node {
  constructor(tag) {
    super(1);
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.listeners = {};
    this.classList = new ClassList(this);
    this.hidden = false;
    this.disabled = false;
    this.value = '';
    this.scrollTop = 0;
    this.scrollHeight = 0;
    this.clientHeight = 0;
  }
  setAttribute(n, v) { this.attributes.set(n, String(v)); }
  getAttribute(n) { return this.attributes.has(n) ? this.attributes.get(n) : null; }
  hasAttribute(n) { return this.attributes.has(n); }
  removeAttribute(n) { this.attributes.delete(n); }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  removeEventListener() {}
  dispatch(type, event = {}) {
    for (const fn of this.listeners[type] || []) fn({ preventDefault() {}, stopPropagation() {}, target: this, ...event });
  }
  click() { this.dispatch('click'); }
  focus() {}
  contains(node) {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  set innerHTML(v) { throw new Error('innerHTML used with: ' + v); }
  get innerHTML() { throw new Error('innerHTML read'); }
  set outerHTML(v) { throw new Error('outerHTML used with: ' + v); }
  insertAdjacentHTML() { throw new Error('insertAdjacentHTML used'); }
  get children() { return this.childNodes.filter((c) => c.nodeType === 1); }
  matches(sel) {
    return sel.split(',').some((one) => {
      const parts = one.trim().match(/^([a-z]*)((?:\.[\w-]+)*)((?:\[[\w-]+(?:="[^"]*")?\])*)$/i);
      if (!parts) throw new Error('shim selector not supported: ' + sel);
      if (parts[1] && parts[1].toUpperCase() !== this.tagName) return false;
      for (const c of parts[2].split('.').filter(Boolean)) if (!this.classList.contains(c)) return false;
      for (const a of parts[3].match(/\[[^\]]+\]/g) || []) {
        const m = a.match(/^\[([\w-]+)(?:="([^"]*)")?\]$/);
        if (!this.hasAttribute(m[1])) return false;
        if (m[2] !== undefined && this.getAttribute(m[1]) !== m[2]) return false;
      }
      return true;
    });
  }
  querySelectorAll(sel) {
    const out = [];
    const walk = (n) => {
      for (const c of n.childNodes) {
        if (c.nodeType === 1) {
          if (c.matches(sel)) out.push(c);
          walk(c);
        }
      }
    };
    walk(this);
    return out;
  }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}

export function installDom() {
  const body = new Element('body');
  const document = {
    body,
    activeElement: null,
    createElement: (tag) => new Element(tag),
    createTextNode: (data) => new Text(String(data)),
    addEventListener() {},
    removeEventListener() {},
  };
  globalThis.document = document;
  return document;
}

/** Every text node under el, in order. */
export function textNodes(el) {
  const out = [];
  const walk = (n) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 3) out.push(c.data);
      else walk(c);
    }
  };
  walk(el);
  return out;
}

/** Every element under el (including el). */
export function allElements(el) {
  const acc = [el];
  const walk = (n) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 1) {
        acc.push(c);
        walk(c);
      }
    }
  };
  walk(el);
  return acc;
}
