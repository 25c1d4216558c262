// Building DOM nodes without innerHTML: every string reaches the page as a text node or an
// attribute value, so text from the server (view names, SQL, error messages, values) can
// never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('a', {href: '#/', class: 'link'}, 'text', child, [more, children]) builds an HTML element.
 * Attributes named on* take functions (event listeners); null/undefined/false attributes and
 * children are left out; strings and numbers become text nodes.
 */
export function h(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The SVG counterpart of h(). */
export function s(tag, attributes, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(element, attributes, children) {
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name.startsWith('on') && typeof value === 'function') {
        element.addEventListener(name.slice(2).toLowerCase(), value);
      } else if (name === 'dataset') {
        for (const [key, data] of Object.entries(value)) {
          element.dataset[key] = String(data);
        }
      } else {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(element, children);
  return element;
}

/** Appends children (nested arrays allowed) to parent; strings become text nodes. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
  return parent;
}

/** Replaces every child of parent with children. */
export function replace(parent, ...children) {
  while (parent.firstChild) {
    parent.removeChild(parent.firstChild);
  }
  return append(parent, children);
}

/** Sets an element's text only when it changed (keeps text selections and avoids repaints). */
export function setText(element, text) {
  const value = String(text);
  if (element.textContent !== value) {
    element.textContent = value;
  }
}

/**
 * A table: columns are {label, cell(row) → node|string, class?, title?}; rows are any values.
 * An empty list shows `empty` in one full-width cell.
 */
export function table(columns, rows, options = {}) {
  const head = h('thead', null, h('tr', null, columns.map(column =>
    h('th', {class: column.class, title: column.title}, column.label))));
  const body = h('tbody');
  if (rows.length === 0) {
    body.appendChild(h('tr', {class: 'empty'},
      h('td', {colspan: columns.length}, options.empty || 'none')));
  }
  for (const row of rows) {
    body.appendChild(h('tr', options.rowAttributes ? options.rowAttributes(row) : null,
      columns.map(column => h('td', {class: column.class}, column.cell(row)))));
  }
  return h('table', {class: 'table ' + (options.class || '')}, head, body);
}

/** A card: a titled white panel. */
export function card(title, attributes, ...children) {
  return h('section', Object.assign({class: 'card'}, attributes || {}),
    title ? h('h2', {class: 'card-title'}, title) : null,
    children);
}

/** A small coloured label; tone is one of ok, warn, bad, info, muted. */
export function badge(text, tone, attributes) {
  return h('span', Object.assign({class: 'badge badge-' + tone}, attributes || {}), text);
}

/** One figure of a row of key figures: a big value with a small label under it. */
export function stat(label, value, attributes, note) {
  return h('div', Object.assign({class: 'stat'}, attributes || {}),
    h('div', {class: 'stat-value'}, value),
    h('div', {class: 'stat-label'}, label),
    note ? h('div', {class: 'stat-note'}, note) : null);
}
