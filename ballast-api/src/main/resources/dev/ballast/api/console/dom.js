// Builds the page from data with text nodes only: a name or tag holding "<script>" is shown as text, never parsed.
// Runs on the browser's main thread, like every console module.

/** An element with attributes (on* keys add listeners) and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A table with a header row and one row per item; row(item) answers the cells (or a whole tr). */
export function table(headers, items, row, empty = 'None') {
  const body = items.length === 0
    ? [el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, empty))]
    : items.map(item => {
      const made = row(item);
      return made instanceof HTMLTableRowElement ? made : el('tr', {}, made);
    });
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))), el('tbody', {}, body));
}

/** A state shown with its colour class, e.g. healthy in green. */
export function state(value) {
  const text = value ?? '';
  return el('span', { class: 'state state-' + text.replace(/[^A-Za-z_-]/g, '') }, text);
}

/** A link to another view of the console; parts are encoded, so data never becomes a URL scheme. */
export function link(text, ...parts) {
  return el('a', { href: '#/' + parts.map(encodeURIComponent).join('/') }, text);
}
