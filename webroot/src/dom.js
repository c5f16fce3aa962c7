// Small DOM helpers. Every string given to them is data: it becomes a text node or an
// attribute value, never markup. Nothing here uses innerHTML.

/**
 * h('div', {class: 'x', dataset: {jid: '…'}, onclick: fn}, 'text', child, [more])
 * Attribute values are set with setAttribute (or as properties for value/checked/disabled/
 * hidden); functions named on* become event listeners; strings and numbers become text nodes.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (name === 'dataset') {
        for (const [k, v] of Object.entries(value)) if (v != null) el.setAttribute('data-' + k, String(v));
      } else if (name.startsWith('on') && typeof value === 'function') {
        el.addEventListener(name.slice(2), value);
      } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'hidden'
          || name === 'selected') {
        el[name] = value;
      } else if (name === 'innerHTML' || name === 'outerHTML') {
        throw new Error('h() does not set markup');
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'object' && c.nodeType) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Sets an element's text (as text, never markup) only when it changed. */
export function setText(el, text) {
  const t = text == null ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}

export function setAttr(el, name, value) {
  const v = value == null ? null : String(value);
  if (v == null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== v) {
    el.setAttribute(name, v);
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Keyed list update: keeps one element per key (so elements survive updates), creates new ones
 * with create(item), updates each with update(el, item), removes the rest and puts them in order.
 */
export function reconcile(container, items, keyOf, create, update) {
  if (!container._keyed) container._keyed = new Map();
  const map = container._keyed;
  const seen = new Set();
  let prev = null;
  for (const item of items) {
    const key = keyOf(item);
    seen.add(key);
    let el = map.get(key);
    if (!el) {
      el = create(item);
      map.set(key, el);
    }
    update(el, item);
    const want = prev ? prev.nextSibling : container.firstChild;
    if (want !== el) container.insertBefore(el, want);
    prev = el;
  }
  for (const [key, el] of map) {
    if (!seen.has(key)) {
      if (el.parentNode === container) container.removeChild(el);
      map.delete(key);
    }
  }
}

/** "14:05" today, else "3 Mar 14:05"; the full date for a title. */
export function formatTime(ts, now = Date.now()) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const n = new Date(now);
  const hm = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  if (d.toDateString() === n.toDateString()) return hm;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const y = d.getFullYear() !== n.getFullYear() ? ' ' + d.getFullYear() : '';
  return `${d.getDate()} ${months[d.getMonth()]}${y} ${hm}`;
}
