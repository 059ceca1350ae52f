// The planner's query (efficiency.js): its parameters, the table of a page of parcels and the same
// page on the map (GET /api/efficiency/parcels), the exports' links, hover and selection.

import { ApiError, problemBox } from './api.js';
import {
  BREACH_KINDS,
  GRADES,
  INDICATORS,
  INDICATOR_KEYS,
  both,
  fmt,
  indicatorLabel,
  indicatorValue,
  scopeNote,
} from './efficiency-common.js';
import { polygonGeometry } from './geo.js';
import { colourBadge, h } from './dom.js';
import { API, EXPORT_FORMATS, form, onPage, request, state, withFormat } from './efficiency-page.js';
import { SELECTED, map, resultsLayer } from './efficiency-map.js';
import { loadCharts } from './efficiency-charts.js';

/** The query of the form as URL parameters, without paging (exports) or with it. */
function queryParams({ paging }) {
  const f = form.elements;
  const p = new URLSearchParams();
  for (const name of ['year', 'district', 'cluster', 'town', 'industry', 'breach']) {
    if (f[name].value) p.set(name, f[name].value);
  }
  const grades = [...form.querySelectorAll('input[name="grade"]:checked')].map((c) => c.value);
  if (grades.length) p.set('grade', grades.join(','));
  for (const key of INDICATOR_KEYS) {
    for (const bound of ['min', 'max']) {
      const input = f[`${bound}.${key}`];
      if (input.value !== '') {
        // rdShare is entered in percent, asked for as a ratio
        const value = INDICATORS[key].percent ? Number(input.value) / 100 : input.value;
        p.set(`${bound}.${key}`, String(value));
      }
    }
  }
  if (state.polygon) p.set('polygon', JSON.stringify(polygonGeometry(state.polygon)));
  p.set('sort', f.sort.value);
  p.set('order', f.order.value);
  if (paging) {
    p.set('limit', f.limit.value);
    p.set('offset', String(state.offset));
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// The query: table and map

const COLUMNS = [
  { key: 'code', label: ['宗地', 'Parcel'], sort: 'code' },
  { key: 'districtName', label: ['区', 'District'] },
  { key: 'town', label: ['镇街', 'Town'] },
  { key: 'clusterName', label: ['集聚区', 'Cluster'] },
  { key: 'industry', label: ['行业', 'Industry'] },
  { key: 'areaMu', label: ['面积(亩)', 'Area mu'], sort: 'areaMu', number: true },
  ...INDICATOR_KEYS.map((key) => ({ key, label: INDICATORS[key].label, sort: key, indicator: true })),
  { key: 'grade', label: ['等级', 'Grade'] },
  { key: 'score', label: ['得分', 'Score'], number: true },
  { key: 'breaches', label: ['违约', 'Breaches'] },
];

export function renderHead() {
  const sort = form.elements.sort.value;
  const order = form.elements.order.value;
  document.getElementById('results-head').replaceChildren(
    h(
      'tr',
      {},
      ...COLUMNS.map((c) => {
        const th = h(
          'th',
          {
            className: c.number || c.indicator ? 'num' : '',
            title: c.indicator ? indicatorLabel(c.key) : '',
            dataset: { key: c.key },
          },
          c.label[0],
          h('span', { className: 'en' }, ` ${c.label[1]}`),
          c.sort && c.sort === sort ? (order === 'asc' ? ' ▲' : ' ▼') : '',
        );
        if (c.sort) {
          th.classList.add('sortable');
          th.addEventListener('click', () => {
            if (form.elements.sort.value === c.sort) {
              form.elements.order.value = form.elements.order.value === 'asc' ? 'desc' : 'asc';
            } else {
              form.elements.sort.value = c.sort;
              form.elements.order.value = c.sort === 'code' ? 'asc' : 'desc';
            }
            runQuery(0);
          });
        }
        return th;
      }),
    ),
  );
}

function cell(column, item) {
  const value = item[column.key];
  if (column.indicator) return h('td', { className: 'num' }, indicatorValue(column.key, value));
  if (column.key === 'areaMu') return h('td', { className: 'num' }, fmt(value, 2));
  if (column.key === 'score') return h('td', { className: 'num' }, fmt(value, 1));
  if (column.key === 'grade') {
    return h(
      'td',
      {},
      value
        ? h('span', { className: 'eff-grade', style: colourBadge(GRADES[value]?.colour) }, value)
        : '—',
    );
  }
  if (column.key === 'breaches') {
    return h(
      'td',
      { className: 'eff-kinds' },
      ...(value ?? []).map((k) =>
        h(
          'span',
          {
            className: 'eff-kind',
            title: both(BREACH_KINDS[k]?.label ?? [k, k]),
            style: colourBadge(BREACH_KINDS[k]?.colour ?? '#999999'),
            dataset: { kind: k },
          },
          BREACH_KINDS[k]?.label[0] ?? k,
        ),
      ),
    );
  }
  if (column.key === 'town') {
    const town = state.towns?.find((t) => t.code === value);
    return h('td', { title: value ?? '' }, town?.name ?? value ?? '—');
  }
  return h('td', {}, value ?? '—');
}

export async function runQuery(offset = state.offset) {
  if (!state.user) return;
  state.offset = offset;
  const problem = document.getElementById('query-problem');
  problem.hidden = true;
  const button = document.getElementById('run-query');
  button.disabled = true;
  const params = queryParams({ paging: true });
  try {
    const [page, features] = await Promise.all([
      request(`${API}/parcels?${params}`),
      request(`${API}/parcels?${withFormat(params, 'geojson')}`),
    ]);
    showResults(page, onPage(features, page.items, 'parcelId'));
    delete document.body.dataset.queryError;
  } catch (error) {
    problem.replaceChildren(problemBox(error));
    problem.hidden = false;
    document.body.dataset.queryError = error instanceof ApiError ? String(error.status) : 'error';
  } finally {
    button.disabled = false;
    state.queries += 1;
    document.body.dataset.queries = String(state.queries);
  }
  if (state.activeTab === 'charts-panel') loadCharts();
}

function showResults(page, features) {
  state.total = page.total;
  const limit = Number(form.elements.limit.value);
  const table = document.getElementById('results-table');
  table.dataset.total = String(page.total);
  // a role that reads one district's figures gets that district's parcels: say so (V39)
  document.getElementById('result-count').textContent =
    `共 ${fmt(page.total)} 宗 ${fmt(page.total)} parcels${scopeNote(page.figureScope)}`;
  const pages = Math.max(1, Math.ceil(page.total / limit));
  const current = Math.floor(state.offset / limit) + 1;
  document.getElementById('page-info').textContent = `${current} / ${pages}`;
  document.getElementById('page-prev').disabled = state.offset === 0;
  document.getElementById('page-next').disabled = state.offset + limit >= page.total;

  renderHead();
  state.rows.clear();
  state.selected = null;
  document.getElementById('results-body').replaceChildren(
    ...page.items.map((item) => {
      const tr = h(
        'tr',
        { dataset: { parcelId: item.parcelId, code: item.code } },
        ...COLUMNS.map((c) => cell(c, item)),
      );
      tr.addEventListener('mouseenter', () => hover(item.parcelId, true));
      tr.addEventListener('mouseleave', () => hover(item.parcelId, false));
      tr.addEventListener('click', () => select(item.parcelId, { zoom: true }));
      state.rows.set(item.parcelId, tr);
      return tr;
    }),
  );

  state.features.clear();
  resultsLayer.clearLayers();
  resultsLayer.addData(features);
  const bounds = resultsLayer.getBounds();
  if (bounds.isValid() && state.activeTab !== 'breaches-panel') {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  }

  const params = queryParams({ paging: false });
  for (const format of EXPORT_FORMATS) {
    const link = document.getElementById(`export-${format}`);
    link.href = `${API}/parcels?${withFormat(params, format)}`;
    link.removeAttribute('aria-disabled');
  }
}

export function hover(id, on) {
  const row = state.rows.get(id);
  row?.classList.toggle('hover', on);
  const layer = state.features.get(id);
  if (!layer) return;
  if (on) {
    layer.setStyle(SELECTED);
    layer.bringToFront();
  } else if (state.selected !== id) {
    resultsLayer.resetStyle(layer);
  }
}

export function select(id, { zoom = false, scroll = false } = {}) {
  const previous = state.selected;
  state.selected = id;
  if (previous !== null && previous !== id) {
    state.rows.get(previous)?.classList.remove('selected');
    const old = state.features.get(previous);
    if (old) resultsLayer.resetStyle(old);
  }
  const row = state.rows.get(id);
  row?.classList.add('selected');
  if (scroll) row?.scrollIntoView({ block: 'nearest' });
  const layer = state.features.get(id);
  if (layer) {
    layer.setStyle(SELECTED);
    layer.bringToFront();
    if (zoom) map.fitBounds(layer.getBounds(), { padding: [60, 60], maxZoom: 17 });
  }
}
