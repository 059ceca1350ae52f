// The red-line quota panel: the city first, then its districts, each with its red line against
// its minimum (figures, a bar, a status) and how contiguous it is (集聚连片: patches and the share
// in big blocks, GET /api/contiguity, filled in when it answers), the margin in km² and 亩, and the
// proposals waiting for the bureau with the margin if they were approved (the contiguity's trend by
// year opens from the note: contiguity-trend.js); a click on a row zooms to the place. A district
// officer's own district is pinned at the top and highlighted.

import { getResource } from './api.js';
import { contiguityTrendButton } from './contiguity-trend.js';
import { h } from './dom.js';
import { decimal, km2, mu, percent as share, signed } from './format.js';
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
  const own = state.user?.role === 'DISTRICT' ? state.user.districtCode : null;
  const ordered = [quota.city, ...quota.districts];
  const pinned = ordered.findIndex((q) => q.code === own && q.code !== cityCode);
  if (pinned > 0) ordered.unshift(...ordered.splice(pinned, 1));
  const rows = ordered.map((q) => {
    const row = quotaRow(q, quota.warningMarginRatio, q.code === cityCode);
    if (q.code === own) {
      row.classList.add('quota-own');
      row.setAttribute('aria-current', 'true');
      row.title = `本区 Your district · ${row.title}`;
    }
    return row;
  });
  const body = document.getElementById('quota-body');
  body.replaceChildren(...rows, quotaNote(quota.warningMarginRatio));
  addContiguity(rows, cityCode);

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
  const marginMu = q.marginMu ?? q.marginKm2 * 1500;
  const muSigned = (value) => signed(value, (v) => mu(v, 0));

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
      figure('余量 Margin', margin, 'km²', `${muSigned(marginMu)} 亩 mu`),
    ),
    q.pendingProposals ? pendingLine(q, muSigned) : null,
  );
  row.setAttribute('role', 'button');
  return row;
}

/**
 * 集聚连片 on each row: the red line's patches and the share of it in big blocks (GET
 * /api/contiguity?layer=red_line&by=district), with what they mean in the tooltip. The panel does
 * not wait for it; when it fails, the rows say so.
 */
async function addContiguity(rows, cityCode) {
  let answer;
  try {
    answer = await getResource('/api/contiguity?layer=red_line&by=district');
  } catch (error) {
    for (const row of rows) {
      row.append(h('p', { className: 'quota-contiguity failed' }, `集聚连片：${error.message}`));
    }
    return;
  }
  const byCode = new Map(answer.units.map((u) => [u.code, u]));
  const big = decimal(answer.bigBlockMu);
  const explanation =
    `集聚连片：相距不超过 ${decimal(answer.gapM)} 米的红线图斑视为同一连片（两车道及以上道路视为分隔），` +
    `连片面积为其图斑椭球面积之和。连片数越少、${big} 亩以上连片所占比例越高，红线越集中成片。\n` +
    `Contiguity: red-line pieces at most ${decimal(answer.gapM)} m apart form one patch; fewer ` +
    `patches and a larger share in patches of ≥ ${big} mu mean more contiguous land.`;
  for (const row of rows) {
    const u = row.dataset.code === cityCode ? answer.total : byCode.get(row.dataset.code);
    if (!u) continue;
    row.querySelector('.quota-contiguity')?.remove();
    const line = h(
      'p',
      {
        className: 'quota-contiguity',
        title:
          `${explanation}\n连片 ${u.patches} 片，平均 ${mu(u.meanPatchMu, 0)} 亩，` +
          `最大 ${mu(u.largestPatchMu, 0)} 亩；${big} 亩以上连片 ${mu(u.bigBlockAreaMu, 0)} 亩。`,
        dataset: { patches: String(u.patches), bigBlockShare: String(u.bigBlockShare) },
      },
      '连片 ',
      h('b', { className: 'quota-patches' }, String(u.patches)),
      ' 片 · 平均 ',
      h('b', {}, mu(u.meanPatchMu, 0)),
      ' 亩 · ',
      `≥${big}亩 `,
      h('b', { className: 'quota-big-share' }, share(u.bigBlockShare)),
      h('span', { className: 'quota-name-en' }, ` patches · mean mu · share ≥ ${big} mu`),
    );
    row.append(line);
  }
  const note = rows[0].parentElement?.querySelector('.quota-note');
  note?.querySelector('.quota-contiguity-note')?.remove();
  note?.append(
    h(
      'p',
      { className: 'quota-contiguity-note' },
      `连片：红线图斑连成的片数（相距 ${decimal(answer.gapM)} 米内视为相连）；` +
        `≥${big}亩：${big} 亩以上连片占红线面积的比例。`,
      h('br'),
      `Patches: connected pieces of red line (at most ${decimal(answer.gapM)} m apart count as ` +
        `one); ≥${big} mu: the share of the red line in patches of ${big} mu or more.`,
      h('br'),
      contiguityTrendButton(),
    ),
  );
}

/** The proposals waiting for the bureau: how many, and the margin now → if all were approved. */
function pendingLine(q, muSigned) {
  const kmSigned = (value) => signed(value, (v) => km2(v));
  return h(
    'p',
    {
      className: 'quota-pending',
      title:
        '待审提案：区里提交、市局尚未批准的变更；按提案现状计算 ' +
        'Proposals submitted, not yet approved: the margin if all were approved as they stand',
    },
    `待审提案 ${q.pendingProposals} 项 pending · 余量 `,
    h('b', { className: 'quota-margin-now' }, `${kmSigned(q.marginKm2)} km²`),
    ' → ',
    h('b', { className: 'quota-margin-after' }, `${kmSigned(q.marginIfApprovedKm2)} km²`),
    h(
      'span',
      { className: 'quota-mu' },
      `${muSigned(q.marginMu)} → ${muSigned(q.marginIfApprovedMu)} 亩`,
    ),
  );
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
