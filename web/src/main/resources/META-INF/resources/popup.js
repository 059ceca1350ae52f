// The content of the "what is here" popup: the features GET /api/features found at a point, each
// with its layer and its properties, labelled and translated (see vocabulary.js).

import { ATTACHABLE, attachmentList } from './attachments.js';
import { h } from './dom.js';
import { enterpriseLink } from './enterprise-link.js';
import { decimal, percent } from './format.js';
import { PROPERTIES, HIDDEN_PROPERTIES, vocabularyOf, bilingual } from './vocabulary.js';

const NONE = '—';
const MAX_LIST_ITEMS = 5;

/**
 * The popup content for a /api/features answer.
 * @param answer   {lon, lat, features}
 * @param swatchOf (feature) => element showing how the map draws the feature
 */
export function featurePopup(answer, swatchOf) {
  const count = answer.features.length;
  return h(
    'div',
    { className: 'feature-popup' },
    h(
      'div',
      { className: 'fp-where' },
      count ? `${count} 个要素 feature${count > 1 ? 's' : ''}` : '',
      h('span', { className: 'fp-coords' }, `${answer.lat.toFixed(5)}, ${answer.lon.toFixed(5)}`),
    ),
    count
      ? null
      : h(
          'p',
          { className: 'fp-empty' },
          '此处没有可见图层的要素',
          h('br'),
          'No features of the visible layers here',
        ),
    ...answer.features.map((feature) => featureSection(feature, swatchOf)),
  );
}

/** The popup's content while the features are being looked up, or when the lookup failed. */
export function messagePopup(text, isError = false) {
  return h('div', { className: `feature-popup fp-message${isError ? ' fp-error' : ''}` }, text);
}

function featureSection(feature, swatchOf) {
  const p = feature.properties;
  const rows = orderedKeys(p)
    .filter((key) => !HIDDEN_PROPERTIES.has(key))
    .map((key) =>
      h(
        'tr',
        { className: `fp-prop-${key}` },
        h('th', {}, PROPERTIES[key] ? bilingual(PROPERTIES[key].label) : key),
        h('td', {}, formatValue(key, p, feature.layer)),
      ),
    );
  return h(
    'section',
    { className: 'fp-feature', dataset: { layer: feature.layer, id: feature.id } },
    h(
      'div',
      { className: 'fp-layer' },
      swatchOf(feature),
      `${feature.layerName} ${feature.layerNameEn}`,
    ),
    h(
      'div',
      { className: 'fp-title' },
      p.name ?? p.code ?? `#${feature.id}`,
      p.nameEn ? h('span', { className: 'fp-title-en' }, p.nameEn) : null,
    ),
    h('table', { className: 'fp-props' }, h('tbody', {}, ...rows)),
    // its attachments (批文, photos, reports), each a download link, when it has any
    ATTACHABLE.has(feature.layer)
      ? attachmentList({ layer: feature.layer, featureId: feature.id }, { limit: 5 })
      : null,
  );
}

/** The keys of `properties`, the known ones in the order of PROPERTIES, the others after them. */
function orderedKeys(properties) {
  const known = Object.keys(PROPERTIES).filter((key) => key in properties);
  return [...known, ...Object.keys(properties).filter((key) => !(key in PROPERTIES))];
}

/** Property `key` of `properties` as text or an element. */
function formatValue(key, properties, layerId) {
  const value = properties[key];
  if (value === null || value === undefined || value === '') return NONE;
  const vocabulary = vocabularyOf(key, layerId);
  if (vocabulary) return vocabulary[value] ? bilingual(vocabulary[value]) : String(value);
  const known = PROPERTIES[key];
  if (known?.names) return named(value, known.names.map((name) => properties[name]));
  switch (known?.kind) {
    case 'boolean':
      return value ? '是 Yes' : '否 No';
    case 'year':
      return String(value);
    case 'number':
      return typeof value === 'number' ? decimal(value, 4) : String(value);
    case 'timestamp':
      return formatTimestamp(value);
    case 'industries':
      return list(value, (i) => h('span', { title: i.nameEn }, industry(i)));
    case 'enterprises':
      return list(value, enterprise);
    default:
      return generic(value);
  }
}

/**
 * An enterprise on a parcel: name (a link to its profile, enterprise.html); industry and share of
 * the floor area; credit code on hover.
 */
function enterprise(e) {
  const share =
    typeof e.floorAreaShare === 'number' ? ` · ${percent(e.floorAreaShare)}` : '';
  return h(
    'span',
    { title: `统一社会信用代码 Credit code ${e.creditCode ?? NONE}` },
    e.creditCode ? enterpriseLink(e.name ?? e.creditCode, { code: e.creditCode }) : (e.name ?? NONE),
    h('span', { className: 'fp-sub' }, `${industry(e.industry)}${share}`),
  );
}

/** "38 电气机械和器材制造业" for an industry {code, name, nameEn}. */
function industry(i) {
  return i ? `${i.code} ${i.name}` : NONE;
}

/** A coded value by its names ("南海区 440605", the code lighter), or the bare code if unnamed. */
function named(code, names) {
  const text = names.filter(Boolean).join(' ');
  return text ? h('span', {}, `${text} `, h('span', { className: 'fp-code' }, code)) : String(code);
}

/** A short list of the first few items, and how many more there are. */
function list(items, render) {
  if (!Array.isArray(items)) return generic(items);
  if (items.length === 0) return NONE;
  const shown = items.slice(0, MAX_LIST_ITEMS).map((item) => h('li', {}, render(item)));
  const more = items.length - MAX_LIST_ITEMS;
  return h(
    'ul',
    { className: 'fp-list' },
    ...shown,
    more > 0 ? h('li', { className: 'fp-more' }, `另 ${more} 项 ${more} more`) : null,
  );
}

/** A value of a property this page does not know: arrays as lists, objects as key: value. */
function generic(value) {
  if (value === null || value === undefined) return NONE;
  if (Array.isArray(value)) return list(value, generic);
  if (typeof value === 'object') {
    const text = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v ?? NONE);
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${text(v)}`)
      .join('; ');
  }
  if (typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  if (typeof value === 'number') return decimal(value, 4);
  return String(value);
}

/** An ISO timestamp as local "YYYY-MM-DD HH:mm". */
function formatTimestamp(iso) {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  return `${date} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

const CASE_KINDS = { IMPROVEMENT: '帮扶整治 Improvement', EXIT: '淘汰关停 Exit' };
const CASE_STATUSES = {
  OPEN: '已立案 Open',
  FOLLOWING_UP: '跟进中 Following up',
  IMPROVED: '整改达标 Improved',
  EXITED: '已退出 Exited',
  CLOSED: '已办结 Closed',
};

/**
 * The improvement (C) and exit (D) cases of the enterprises on the popup's parcels, added under
 * each parcel's section once `load` (parcel id → GET /api/efficiency/cases?parcel=) answers; for
 * the roles that read enterprises' figures (anyone logged in), so the caller calls it only then.
 * Nothing is added when a parcel has no case or the lookup fails.
 */
export function addParcelCases(content, load) {
  for (const section of content.querySelectorAll('section.fp-feature[data-layer="parcel"]')) {
    load(section.dataset.id)
      .then((cases) => {
        if (!cases?.length) return;
        section.append(
          h(
            'div',
            { className: 'fp-cases' },
            h('div', { className: 'fp-cases-title' }, '整治/退出案件 Cases'),
            list(cases, (c) =>
              h(
                'span',
                { dataset: { caseId: c.id, status: c.status } },
                `${c.name ?? NONE} · ${c.year} ${c.grade} · ${CASE_KINDS[c.kind] ?? c.kind} · `,
                h('strong', {}, CASE_STATUSES[c.status] ?? c.status),
                h('span', { className: 'fp-sub' }, `期限 deadline ${c.deadline}`),
              ),
            ),
          ),
        );
      })
      .catch(() => {});
  }
}
