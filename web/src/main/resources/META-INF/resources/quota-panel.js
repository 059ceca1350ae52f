// The red-line quota panel: the city first, then its districts, each with its red line against
// its minimum (figures, a bar, a status); a click on a row zooms to the place.

import { h } from './dom.js';
import { km2, mu } from './format.js';
import { bboxBounds, cityBounds, narrowScreen, unobstructedPadding } from './map-view.js';
import { bilingual } from './vocabulary.js';

/** The quota bar's full width, as a multiple of the minimum. */
const BAR_SCALE = 1.3;

const QUOTA_STATUSES = {
  OK: ['达标', 'OK'],
  WARNING: ['预警', 'Warning'],
  BELOW_MINIMUM: ['低于下限', 'Below minimum'],
};

/** The panel's toggle: the panel starts collapsed on narrow screens. */
export function setUpQuotaPanelToggle() {
  const panel = document.getElementById('quota-panel');
  const toggle = document.getElementById('quota-toggle');
  const setExpanded = (expanded) => {
    panel.classList.toggle('collapsed', !expanded);
    toggle.setAttribute('aria-expanded', String(expanded));
  };
  setExpanded(!narrowScreen);
  toggle.addEventListener('click', () => setExpanded(panel.classList.contains('collapsed')));
}

/** The quota panel: the city first, then its districts; a click on a row zooms to the place. */
export function buildQuotaPanel(state, quota, districts) {
  const cityCode = quota.city.code;
  const extents = new Map(districts.map((d) => [d.code, bboxBounds(d.bbox)]));
  extents.set(cityCode, cityBounds(districts));
  const rows = [quota.city, ...quota.districts].map((q) =>
    quotaRow(q, quota.warningMarginRatio, q.code === cityCode),
  );
  const body = document.getElementById('quota-body');
  body.replaceChildren(...rows, quotaNote(quota.warningMarginRatio));

  const zoomTo = (row) => {
    for (const r of rows) r.classList.toggle('selected', r === row);
    const code = row.dataset.code;
    const bounds = extents.get(code);
    if (!bounds) return;
    state.map.closePopup();
    state.map.fitBounds(bounds, unobstructedPadding(state.map));
    if (code === cityCode) state.selection.clear();
    else state.selection.select('district', code);
  };
  for (const row of rows) {
    row.addEventListener('click', () => zoomTo(row));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        zoomTo(row);
      }
    });
  }
}

/** One row of the quota panel: figures, bar of red line against minimum, status badge. */
function quotaRow(q, warningMarginRatio, isCity) {
  const status = QUOTA_STATUSES[q.status] ?? [q.status, ''];
  const full = q.minimumKm2 * BAR_SCALE;
  const share = (km) => `${Math.min(100, Math.max(0, (km / full) * 100)).toFixed(2)}%`;
  const margin = `${q.marginKm2 >= 0 ? '+' : '−'}${km2(Math.abs(q.marginKm2))}`;

  const bar = h(
    'div',
    {
      className: 'quota-bar',
      title: `红线 ${km2(q.redLineKm2)} km² / 下限 ${km2(q.minimumKm2)} km² · Red line / minimum`,
    },
    h('span', { className: 'quota-bar-warning' }),
    h('span', { className: 'quota-bar-fill' }),
    h('span', { className: 'quota-bar-minimum' }),
  );
  bar.style.setProperty('--fill', share(q.redLineKm2));
  bar.style.setProperty('--minimum', share(q.minimumKm2));
  bar.style.setProperty('--warning', share(q.minimumKm2 * (1 + warningMarginRatio)));

  const figure = (label, value, unit, extra) =>
    h(
      'div',
      { className: 'quota-figure' },
      h('dt', {}, label),
      h(
        'dd',
        {},
        h('b', {}, value),
        ` ${unit}`,
        extra ? h('span', { className: 'quota-mu' }, extra) : null,
      ),
    );

  const row = h(
    'div',
    {
      className: `quota-row${isCity ? ' quota-city' : ''}`,
      tabIndex: 0,
      title: `缩放至${q.name} Zoom to ${q.nameEn}`,
      dataset: { code: q.code, status: q.status },
    },
    h(
      'div',
      { className: 'quota-row-head' },
      h(
        'span',
        { className: 'quota-name' },
        q.name,
        h('span', { className: 'quota-name-en' }, q.nameEn),
      ),
      h('span', { className: 'quota-badge' }, bilingual(status)),
    ),
    bar,
    h(
      'dl',
      { className: 'quota-figures' },
      figure('红线 Red line', km2(q.redLineKm2), 'km²', `${mu(q.redLineMu, 0)} 亩 mu`),
      figure('下限 Minimum', km2(q.minimumKm2), 'km²'),
      figure('余量 Margin', margin, 'km²'),
    ),
  );
  row.setAttribute('role', 'button');
  return row;
}

function quotaNote(warningMarginRatio) {
  const percent = Math.round(warningMarginRatio * 100);
  return h(
    'div',
    { className: 'quota-note' },
    h('p', {}, '单位：km²；亩 mu（1 km² = 1 500 亩）。面积为 CGCS2000 椭球面积。'),
    h('p', {}, 'Units: km², mu (1 km² = 1,500 mu); ellipsoidal areas 椭球面积 on CGCS2000.'),
    h(
      'p',
      {},
      `条形：红线面积对下限，竖线为下限，浅黄为预警区（余量 < 下限的 ${percent}%）。`,
      h('br'),
      'Bar: red line against the minimum (tick); amber strip: warning zone, margin < ' +
        `${percent}% of the minimum.`,
    ),
  );
}
