// The one way the pages put text into the document. Text taken from data (codes, names, reasons,
// 文号, comments, enterprise names, file field names, the server's messages, user names) is never
// parsed as HTML: h() makes elements whose text is text nodes and whose attributes come from an
// allow-list (no event handlers, no innerHTML, no javascript: links); escapeHtml() is for the few
// places where a library insists on an HTML string (ECharts tooltip formatters, the labels of
// Leaflet's layer control).

/** Properties h() takes, by the attribute they set. */
const ATTRIBUTES = {
  className: 'class',
  id: 'id',
  title: 'title',
  type: 'type',
  name: 'name',
  value: 'value',
  placeholder: 'placeholder',
  htmlFor: 'for',
  tabIndex: 'tabindex',
  colSpan: 'colspan',
  scope: 'scope',
  rows: 'rows',
  step: 'step',
  min: 'min',
  max: 'max',
  maxLength: 'maxlength',
  role: 'role',
  ariaLabel: 'aria-label',
  href: 'href',
  target: 'target',
  rel: 'rel',
  method: 'method',
  autocomplete: 'autocomplete',
};

/** Boolean properties: the attribute is present when true. */
const BOOLEANS = {
  hidden: 'hidden',
  disabled: 'disabled',
  required: 'required',
  checked: 'checked',
  selected: 'selected',
  noValidate: 'novalidate',
};

/** Schemes a link may have; a relative link takes the page's. */
const LINK_SCHEMES = new Set(['http:', 'https:']);

/**
 * An element: h('td', {className: 'x', dataset: {…}, style: {…}}, 'text', childElement, …).
 * Children: strings and numbers become text nodes, never HTML; elements are appended; arrays are
 * flattened; null and undefined are skipped. Properties: those of ATTRIBUTES and BOOLEANS, any
 * aria-*, dataset (data-* attributes) and style (a CSS text or an object of properties, set through
 * the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows). Anything else (an
 * event handler, innerHTML…) is a mistake and throws.
 */
export function h(tag, properties = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key === 'style') {
      setStyle(element, value);
    } else if (key in BOOLEANS) {
      if (value) element.setAttribute(BOOLEANS[key], '');
    } else if (key === 'href') {
      element.setAttribute('href', safeLink(value));
    } else if (key in ATTRIBUTES) {
      element.setAttribute(ATTRIBUTES[key], String(value));
    } else if (/^aria-[a-z]+$/.test(key)) {
      element.setAttribute(key, String(value));
    } else {
      throw new TypeError(`h(): '${key}' is not a property elements are made with`);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.append(child);
    else element.append(document.createTextNode(String(child)));
  }
}

function setStyle(element, style) {
  if (typeof style === 'string') {
    element.style.cssText = style;
    return;
  }
  for (const [property, value] of Object.entries(style)) {
    if (property.startsWith('--')) element.style.setProperty(property, value);
    else element.style[property] = value;
  }
}

/** A link's URL if it is http(s) or relative to the page; anything else (javascript:…) throws. */
export function safeLink(url) {
  const text = String(url);
  const scheme = new URL(text, document.baseURI).protocol;
  if (!LINK_SCHEMES.has(scheme)) throw new TypeError(`h(): a link may not be ${scheme}`);
  return text;
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows it literally: only where a library takes nothing but an HTML string. */
export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Lines of text (or elements) one under the other, as one element: for tooltips. */
export function lines(...items) {
  const parts = [];
  items
    .filter((item) => item !== null && item !== undefined && item !== false)
    .forEach((item, i) => {
      if (i > 0) parts.push(h('br'));
      parts.push(item);
    });
  return h('div', {}, ...parts);
}

/** A button with a Chinese label and its English in a span.en: button('save', '保存', 'Save'). */
export function button(id, zh, en, kind = '') {
  return h(
    'button',
    { type: 'button', id, className: `button ${kind}`.trim() },
    zh,
    ' ',
    h('span', { className: 'en' }, en),
  );
}

/** The mark of a required field: a red star, hidden from screen readers (the field says so). */
export function requiredMark() {
  const mark = h('span', { className: 'required', title: '必填 Required' }, ' *');
  mark.setAttribute('aria-hidden', 'true');
  return mark;
}

const DARK_INK = '#14202b';

/** The relative luminance of a #rrggbb colour (WCAG 2). */
function luminance(hex) {
  const channel = (i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * The text colour to write on a background of the map's colours (#rrggbb): white or dark ink,
 * whichever contrasts more (WCAG 2), so a badge in a grade's or a stage's colour reads at ≥ 4.5:1
 * whatever the colour.
 */
export function inkOn(background) {
  if (!/^#[0-9a-f]{6}$/i.test(background ?? '')) return DARK_INK;
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance(DARK_INK) + 0.05);
  return onWhite >= onDark ? '#ffffff' : DARK_INK;
}

/** The style of a badge drawn in one of the map's colours: the colour, and the ink that reads on it. */
export const colourBadge = (colour) => ({ background: colour, color: inkOn(colour) });
