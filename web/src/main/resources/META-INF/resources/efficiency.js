// 亩均效益查询, the planner's page: a query of parcels by attributes (year, thresholds on any
// indicator, industry, grade, breach kind) and by place (district, cluster, town, a polygon drawn
// with Leaflet-Geoman), sorted and paged, on the map and in a table, exported as CSV / GeoJSON /
// XLSX (GET /api/efficiency/parcels); a choropleth of any indicator by district, cluster or parcel
// (/api/efficiency/map); the breach list (/api/efficiency/breaches); charts (distribution, ranking,
// trend); links to the printable summaries; and, for the bureau, the import of a year's indicators
// (/api/efficiency/imports) through its validation report.
//
// Efficiency figures are not public (enterprises' taxes): every request needs a login, and the page
// says so when nobody is logged in.
//
// For automated tests: window.efficiency = {map, results, breaches, choropleth, polygon()}; <body
// data-ready="true"> once the form is filled in, data-queries counting the queries answered (and
// data-query-error set when one failed); table rows carry data-parcel-id and data-code.

/* global L */

import { ApiError, csrfToken, ensureCsrf, get, problemBox } from './api.js';
import { layerStyles } from './cartography.js';
import {
  BREACH_KINDS,
  DISTRICT_NAMES,
  GRADES,
  INDICATORS,
  INDICATOR_KEYS,
  both,
  chart,
  fmt,
  indicatorLabel,
  indicatorValue,
  resizeCharts,
  trendOption,
  worstBreach,
} from './efficiency-common.js';
import { polygonGeometry, areaM2, muOf } from './geo.js';
import { h, lines } from './dom.js';
import { commitsRole, createSession } from './session.js';

// Geoman works only on the layers that opt in: here, nothing but the polygon being drawn.
L.PM.setOptIn(true);

const API = '/api/efficiency';
/** The exports of a query: tables, and files GIS tools open (a Shapefile in UTF-8 with its .cpg). */
const EXPORT_FORMATS = ['csv', 'geojson', 'xlsx', 'shp', 'gpkg', 'kml'];
/** Parcels are drawn in the choropleth from this zoom on (the API wants a bbox, ≤ 20,000). */
const PARCEL_CHOROPLETH_MIN_ZOOM = 14;
/** Sequential colours of the choropleth classes, low to high (ColorBrewer YlGnBu, 5 classes). */
const CLASS_COLOURS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
const NO_VALUE = '#d9d9d9';
const SELECTED = { color: '#00b8d4', weight: 4, opacity: 1 };

const form = document.getElementById('query-form');
const state = {
  user: null,
  started: false,
  offset: 0,
  total: 0,
  polygon: null, // the drawn query area (L.Polygon)
  rows: new Map(), // parcelId → table row
  features: new Map(), // parcelId → Leaflet layer of the result
  selected: null,
  breachOffset: 0,
  activeTab: 'results-panel',
  clusters: [],
  districts: [],
  queries: 0,
  choroplethRequest: null,
  legendClasses: null,
};

// ---------------------------------------------------------------------------------------------
// Map

const map = L.map('eff-map', { minZoom: 8, maxZoom: 19, pmIgnore: false });
map.setView([23.0, 113.05], 10);
map.createPane('choropleth').style.zIndex = 405;
map.createPane('results').style.zIndex = 410;
map.createPane('query-area').style.zIndex = 420;
L.control.scale({ metric: true, imperial: false }).addTo(map);
map.pm.setLang(
  'zh',
  {
    tooltips: {
      firstVertex: '点击放置第一个节点 Click to place the first vertex',
      continueLine: '点击继续绘制 Click to continue',
      finishPoly: '点击第一个节点完成 Click the first vertex to finish',
    },
  },
  'zh',
);

const styles = layerStyles({ hasBasemap: false });
['district', 'cluster', 'parcel'].forEach((layer, i) => {
  L.vectorGrid
    .protobuf(`/tiles/${layer}/{z}/{x}/{y}.mvt`, {
      vectorTileLayerStyles: { [layer]: styles[layer] },
      interactive: false,
      maxNativeZoom: 18,
      zIndex: 10 + i,
    })
    .addTo(map);
});

const resultsLayer = L.geoJSON(null, {
  pane: 'results',
  pmIgnore: true,
  style: (f) => resultStyle(f.properties),
  onEachFeature: (feature, layer) => {
    const id = feature.properties.parcelId;
    state.features.set(id, layer);
    layer.bindTooltip(() => featureTooltip(feature.properties), { sticky: true });
    layer.on('click', () => select(id, { scroll: true }));
    layer.on('mouseover', () => hover(id, true));
    layer.on('mouseout', () => hover(id, false));
  },
}).addTo(map);

const breachLayer = L.geoJSON(null, {
  pane: 'results',
  pmIgnore: true,
  style: (f) => breachStyle(f.properties.kinds ?? f.properties.breaches),
  onEachFeature: (feature, layer) => {
    const p = feature.properties;
    layer.bindTooltip(
      () =>
        lines(
          p.parcelCode ?? p.code ?? '',
          ...(p.kinds ?? p.breaches ?? []).map((k) => both(BREACH_KINDS[k]?.label ?? [k, ''])),
        ),
      { sticky: true },
    );
  },
});

const choroplethLayer = L.geoJSON(null, {
  pane: 'choropleth',
  pmIgnore: true,
  style: () => ({}),
  onEachFeature: (feature, layer) => {
    const p = feature.properties;
    const key = document.getElementById('choropleth-indicator').value;
    layer.bindTooltip(
      lines(
        p.name ?? p.code,
        `${both(INDICATORS[key].label)}: ${indicatorValue(key, p.value)}`,
        p.grade ? `等级 Grade ${p.grade}` : null,
      ),
      { sticky: true },
    );
  },
}).addTo(map);

const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => h('div', { className: 'legend eff-legend', id: 'eff-legend' });
legend.addTo(map);

window.efficiency = {
  map,
  results: resultsLayer,
  breaches: breachLayer,
  choropleth: choroplethLayer,
  polygon: () => (state.polygon ? polygonGeometry(state.polygon) : null),
};

function resultStyle(p) {
  const by = document.getElementById('colour-by').value;
  const colour =
    by === 'breach'
      ? BREACH_KINDS[worstBreach(p.breaches)]?.colour ?? '#ffffff'
      : GRADES[p.grade ?? 'ungraded']?.colour ?? GRADES.ungraded.colour;
  return { color: '#37474f', weight: 1, opacity: 0.9, fillColor: colour, fillOpacity: 0.7 };
}

function breachStyle(kinds) {
  const colour = BREACH_KINDS[worstBreach(kinds)]?.colour ?? '#ffffff';
  return { color: '#37474f', weight: 1, opacity: 0.9, fillColor: colour, fillOpacity: 0.75 };
}

/** A result's tooltip: code and cluster, tax and output per mu, grade (as text, never HTML). */
function featureTooltip(p) {
  return lines(
    h('span', {}, h('strong', {}, p.code), ` ${p.clusterName ?? ''}`),
    `${both(INDICATORS.taxPerMu.label)}: ${indicatorValue('taxPerMu', p.taxPerMu)}`,
    `${both(INDICATORS.outputPerMu.label)}: ${indicatorValue('outputPerMu', p.outputPerMu)}`,
    `等级 Grade: ${p.grade ?? '—'}`,
  );
}

// ---- the legend: grades or breach kinds of the results, and the choropleth's classes

/** The legend: the results' colours, and the choropleth's classes (the last shown, if any). */
function renderLegend(classes = state.legendClasses) {
  state.legendClasses = classes;
  const box = document.getElementById('eff-legend');
  const parts = [];
  const breaches =
    state.activeTab === 'breaches-panel' || document.getElementById('colour-by').value === 'breach';
  const entries = breaches
    ? Object.entries(BREACH_KINDS).map(([, v]) => [v.label, v.colour])
    : Object.entries(GRADES).map(([, v]) => [v.label, v.colour]);
  parts.push(
    h('div', { className: 'legend-title' }, breaches ? '违约类型 Breach kind' : '等级 Grade'),
    h(
      'ul',
      { className: 'legend-items' },
      ...entries.map(([label, colour]) =>
        h('li', {}, h('span', { className: 'swatch', style: `background:${colour}` }), both(label)),
      ),
    ),
  );
  if (classes) {
    parts.push(
      h('div', { className: 'legend-title' }, classes.title),
      h(
        'ul',
        { className: 'legend-items', id: 'choropleth-legend' },
        ...classes.items.map(([text, colour]) =>
          h('li', {}, h('span', { className: 'swatch', style: `background:${colour}` }), text),
        ),
      ),
    );
  }
  box.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------------
// Requests

/** A request of the page; a 401 means the session ended: the page asks for a login again. */
async function request(url, options) {
  try {
    return await get(url, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) await session.refresh();
    throw error;
  }
}

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

const withFormat = (params, format) => {
  const p = new URLSearchParams(params);
  p.set('format', format);
  return p;
};

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

function renderHead() {
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
        ? h('span', { className: 'eff-grade', style: `background:${GRADES[value]?.colour}` }, value)
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
            style: `background:${BREACH_KINDS[k]?.colour ?? '#999'}`,
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

async function runQuery(offset = state.offset) {
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

/**
 * The features of a page's items only: the map draws the page the table shows (GeoJSON asked for
 * with the page's limit and offset; kept to the page's ids should an answer hold more).
 */
function onPage(collection, items, key) {
  const ids = new Set(items.map((item) => item[key]));
  return {
    type: 'FeatureCollection',
    features: (collection.features ?? []).filter((f) => ids.has(f.properties?.[key])),
  };
}

function showResults(page, features) {
  state.total = page.total;
  const limit = Number(form.elements.limit.value);
  const table = document.getElementById('results-table');
  table.dataset.total = String(page.total);
  document.getElementById('result-count').textContent =
    `共 ${fmt(page.total)} 宗 ${fmt(page.total)} parcels`;
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

function hover(id, on) {
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

function select(id, { zoom = false, scroll = false } = {}) {
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

// ---------------------------------------------------------------------------------------------
// The drawn query area (Leaflet-Geoman)

function setUpDrawing() {
  const drawButton = document.getElementById('draw-polygon');
  const clearButton = document.getElementById('clear-polygon');
  const status = document.getElementById('polygon-status');
  const area = L.layerGroup().addTo(map);
  const style = { pane: 'query-area', color: '#e6007e', weight: 2.5, dashArray: '6 4', fill: false };

  const show = () => {
    clearButton.disabled = !state.polygon;
    status.textContent = state.polygon
      ? `已绘制 ${fmt(muOf(areaM2(polygonGeometry(state.polygon))), 1)} 亩 Drawn`
      : '未绘制 None';
    status.dataset.drawn = String(Boolean(state.polygon));
  };
  drawButton.addEventListener('click', () => {
    if (map.pm.globalDrawModeEnabled()) {
      map.pm.disableDraw();
      drawButton.classList.remove('active');
      return;
    }
    map.pm.enableDraw('Polygon', {
      snappable: false,
      templineStyle: { color: '#e6007e', weight: 2 },
      hintlineStyle: { color: '#e6007e', dashArray: '5 5' },
      pathOptions: style,
    });
    drawButton.classList.add('active');
  });
  map.on('pm:create', (e) => {
    map.removeLayer(e.layer);
    drawButton.classList.remove('active');
    if (e.shape !== 'Polygon') return;
    area.clearLayers();
    state.polygon = L.polygon(e.layer.getLatLngs(), { ...style, pmIgnore: true, interactive: false });
    area.addLayer(state.polygon);
    show();
    runQuery(0);
  });
  map.on('pm:drawend', () => drawButton.classList.remove('active'));
  clearButton.addEventListener('click', () => {
    area.clearLayers();
    state.polygon = null;
    show();
    runQuery(0);
  });
  show();
}

// ---------------------------------------------------------------------------------------------
// Choropleth (GET /api/efficiency/map)

async function loadChoropleth() {
  const level = document.getElementById('choropleth-level').value;
  const key = document.getElementById('choropleth-indicator').value;
  const status = document.getElementById('choropleth-status');
  state.choroplethRequest?.abort();
  state.choroplethRequest = null;
  choroplethLayer.clearLayers();
  if (!level || !state.user) {
    status.textContent = '';
    renderLegend(null);
    return;
  }
  const p = new URLSearchParams({ level, indicator: key });
  if (form.elements.year.value) p.set('year', form.elements.year.value);
  if (level === 'parcel') {
    if (map.getZoom() < PARCEL_CHOROPLETH_MIN_ZOOM) {
      status.textContent = `放大至 ${PARCEL_CHOROPLETH_MIN_ZOOM} 级显示宗地 Zoom in to ${PARCEL_CHOROPLETH_MIN_ZOOM} to see parcels`;
      status.dataset.state = 'zoom-in';
      renderLegend(null);
      return;
    }
    const b = map.getBounds();
    p.set('bbox', [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(','));
  }
  const controller = new AbortController();
  state.choroplethRequest = controller;
  status.textContent = '加载中… Loading…';
  status.dataset.state = 'loading';
  let collection;
  try {
    collection = await request(`${API}/map?${p}`, { signal: controller.signal });
  } catch (error) {
    if (error.name === 'AbortError') return;
    status.textContent = error.message;
    status.dataset.state = 'error';
    return;
  }
  const values = collection.features
    .map((f) => f.properties.value)
    .filter((v) => v !== null && v !== undefined)
    .sort((a, b) => a - b);
  const breaks = quantileBreaks(values, CLASS_COLOURS.length);
  const colourOf = (v) =>
    v === null || v === undefined
      ? NO_VALUE
      : CLASS_COLOURS[breaks.findIndex((upper) => v <= upper)] ?? CLASS_COLOURS.at(-1);
  choroplethLayer.options.style = (f) => ({
    color: '#5d6d7e',
    weight: level === 'parcel' ? 0.6 : 1.2,
    opacity: 0.9,
    fillColor: colourOf(f.properties.value),
    fillOpacity: 0.6,
  });
  choroplethLayer.addData(collection);
  status.textContent = `${fmt(collection.features.length)} 个 ${level === 'district' ? '区 districts' : level === 'cluster' ? '集聚区 clusters' : '宗地 parcels'}`;
  status.dataset.state = 'loaded';
  const lower = [values[0], ...breaks.slice(0, -1)];
  renderLegend({
    title: indicatorLabel(key),
    items: [
      ...breaks.map((upper, i) => [
        `${indicatorValue(key, lower[i])} – ${indicatorValue(key, upper)}`,
        CLASS_COLOURS[i],
      ]),
      ['无数据 No data', NO_VALUE],
    ],
  });
}

/** Upper bounds of n classes with about equally many values each (fewer when values repeat). */
function quantileBreaks(sorted, n) {
  if (!sorted.length) return [];
  const breaks = [];
  for (let i = 1; i <= n; i += 1) {
    const value = sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / n) - 1)];
    if (!breaks.length || value > breaks.at(-1)) breaks.push(value);
  }
  return breaks;
}

// ---------------------------------------------------------------------------------------------
// Breaches (GET /api/efficiency/breaches)

function breachParams() {
  const f = form.elements;
  const p = new URLSearchParams();
  for (const name of ['year', 'district', 'cluster']) if (f[name].value) p.set(name, f[name].value);
  const kind = document.getElementById('breach-kind').value;
  if (kind) p.set('kind', kind);
  return p;
}

async function loadBreaches(offset = state.breachOffset) {
  state.breachOffset = offset;
  const limit = 100;
  const params = breachParams();
  for (const format of EXPORT_FORMATS) {
    document.getElementById(`breach-${format}`).href = `${API}/breaches?${withFormat(params, format)}`;
  }
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  const body = document.getElementById('breaches-body');
  let list;
  let features;
  try {
    [list, features] = await Promise.all([
      request(`${API}/breaches?${params}`),
      request(`${API}/breaches?${withFormat(params, 'geojson')}`),
    ]);
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 6 }, problemBox(error))));
    return;
  }
  document.getElementById('breach-count').textContent = `共 ${fmt(list.total)} 宗 ${fmt(list.total)} parcels in breach`;
  document.getElementById('breaches-table').dataset.total = String(list.total);
  document.getElementById('breach-page').textContent =
    `${Math.floor(offset / limit) + 1} / ${Math.max(1, Math.ceil(list.total / limit))}`;
  document.getElementById('breach-prev').disabled = offset === 0;
  document.getElementById('breach-next').disabled = offset + limit >= list.total;
  body.replaceChildren(
    ...list.items.map((b) =>
      h(
        'tr',
        { dataset: { parcelId: b.parcelId, code: b.parcelCode } },
        h('td', {}, b.parcelCode),
        h('td', {}, DISTRICT_NAMES[b.district]?.[0] ?? b.district),
        h('td', {}, b.agreement?.contractNumber ?? '—'),
        h(
          'td',
          { className: 'eff-kinds' },
          ...b.kinds.map((k) =>
            h(
              'span',
              { className: 'eff-kind', style: `background:${BREACH_KINDS[k]?.colour ?? '#999'}`, dataset: { kind: k } },
              both(BREACH_KINDS[k]?.label ?? [k, '']),
            ),
          ),
        ),
        h(
          'td',
          {},
          ['start', 'completion', 'production'].map((d) => b.daysLate?.[d] ?? '—').join(' / '),
        ),
        h(
          'td',
          {},
          (b.shortfalls ?? [])
            .map(
              (s) =>
                `${INDICATORS[s.indicator]?.label[0] ?? s.indicator} ${fmt(s.target, 1)} → ${fmt(s.actual, 1)}（−${fmt(s.percent, 1)}%）`,
            )
            .join('；') || '—',
        ),
      ),
    ),
  );
  breachLayer.clearLayers();
  breachLayer.addData(onPage(features, list.items, 'parcelId'));
  body.querySelectorAll('tr').forEach((tr) => {
    tr.addEventListener('click', () => {
      const id = Number(tr.dataset.parcelId);
      breachLayer.eachLayer((layer) => {
        if (layer.feature.properties.parcelId === id) {
          map.fitBounds(layer.getBounds(), { padding: [60, 60], maxZoom: 17 });
          layer.openTooltip();
        }
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Charts: distribution (5), ranking (1), trend (6)

async function loadCharts() {
  const key = document.getElementById('chart-indicator').value;
  const year = form.elements.year.value;
  const district = form.elements.district.value;
  const cluster = form.elements.cluster.value;
  const label = both(INDICATORS[key].label);
  const unit = INDICATORS[key].unit;

  const distribution = new URLSearchParams({
    level: document.getElementById('distribution-level').value,
    indicator: key,
    bins: '20',
  });
  if (year) distribution.set('year', year);
  if (district) distribution.set('district', district);
  if (cluster) distribution.set('cluster', cluster);
  const rankingLevel = document.getElementById('ranking-level').value;
  const ranking = new URLSearchParams({ level: rankingLevel });
  if (year) ranking.set('year', year);
  if (rankingLevel === 'cluster' && district) ranking.set('district', district);

  const trends = [{ level: 'city', code: '', name: '全市 City' }];
  if (district) {
    const d = state.districts.find((x) => x.code === district);
    trends.push({ level: 'district', code: district, name: d ? `${d.name} ${d.nameEn}` : district });
  }
  if (cluster) {
    const c = state.clusters.find((x) => String(x.id) === cluster);
    trends.push({ level: 'cluster', code: cluster, name: c ? c.name : cluster });
  }

  const shown = (id, promise, render) =>
    promise.then(render).catch((error) => {
      chart(id).clear();
      chart(id).setOption({ title: { text: error.message, left: 'center', top: 'middle', textStyle: { fontSize: 12, color: '#c62828' } } });
    });

  await Promise.all([
    shown('chart-distribution', request(`${API}/distribution?${distribution}`), (d) =>
      chart('chart-distribution').setOption(
        {
          animation: false,
          tooltip: { trigger: 'axis' },
          grid: { left: 50, right: 16, top: 30, bottom: 56 },
          xAxis: {
            type: 'category',
            name: unit,
            data: d.bins.map((b) => `${indicatorValue(key, b.from)}–${indicatorValue(key, b.to)}`),
            axisLabel: { rotate: 45, fontSize: 10 },
          },
          yAxis: { type: 'value', name: '数量 count' },
          series: [{ name: label, type: 'bar', data: d.bins.map((b) => b.count), itemStyle: { color: '#2c7fb8' } }],
        },
        true,
      ),
    ),
    shown('chart-ranking', request(`${API}?${ranking}`), (r) => {
      const units = [...r.units]
        .filter((u) => u[key] !== null && u[key] !== undefined)
        .sort((a, b) => b[key] - a[key])
        .slice(0, 30);
      chart('chart-ranking').setOption(
        {
          animation: false,
          tooltip: { trigger: 'axis', valueFormatter: (v) => indicatorValue(key, v) },
          grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
          xAxis: { type: 'value', name: unit },
          yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name), axisLabel: { fontSize: 10 } },
          series: [
            {
              name: label,
              type: 'bar',
              data: units.map((u) => (INDICATORS[key].percent ? u[key] : u[key])),
              itemStyle: { color: '#41b6c4' },
            },
          ],
        },
        true,
      );
    }),
    loadGradeChanges(year, district, cluster),
    shown(
      'chart-trend',
      Promise.all(
        trends.map((t) =>
          request(`${API}/trend?${new URLSearchParams({ level: t.level, indicator: key, ...(t.code ? { code: t.code } : {}) })}`).then(
            (answer) => ({ name: t.name, points: answer.points }),
          ),
        ),
      ),
      (series) => chart('chart-trend').setOption(trendOption(series, key), true),
    ),
  ]);
  document.getElementById('charts-panel').dataset.loaded = key;
}

/** How the enterprises' grades moved from the previous year: a matrix, and how many went up or down. */
async function loadGradeChanges(year, district, cluster) {
  const box = document.getElementById('grade-changes');
  const params = new URLSearchParams({ subject: 'enterprise' });
  if (year) params.set('year', year);
  if (district) params.set('district', district);
  if (cluster) params.set('cluster', cluster);
  let answer;
  try {
    answer = await request(`${API}/grade-changes?${params}`);
  } catch (error) {
    box.textContent = error.message;
    return;
  }
  const grades = ['A', 'B', 'C', 'D', null];
  const name = (g) => (g === null ? '—' : g);
  const count = (from, to) =>
    answer.changes.find((c) => c.from === from && c.to === to)?.subjects ?? 0;
  const th = (scope, text) => h('th', { scope }, text);
  const rows = grades.map((from) =>
    h(
      'tr',
      {},
      th('row', name(from)),
      ...grades.map((to) => {
        const n = count(from, to);
        const cls = from && to ? (from < to ? 'down' : from > to ? 'up' : 'same') : '';
        return h('td', { className: cls }, n ? n.toLocaleString() : '');
      }),
    ),
  );
  box.replaceChildren(
    h(
      'table',
      { className: 'eff-table' },
      h('caption', {}, `${answer.previousYear} ↓ · ${answer.year} →`),
      h('thead', {}, h('tr', {}, h('th'), ...grades.map((g) => th('col', name(g))))),
      h('tbody', {}, ...rows),
    ),
    h(
      'p',
      {},
      h('span', { className: 'up' }, `↑ ${answer.up.toLocaleString()}`),
      ' · ',
      h('span', { className: 'down' }, `↓ ${answer.down.toLocaleString()}`),
      ` · = ${answer.same.toLocaleString()} · 新评 new ${answer.graded.toLocaleString()}` +
        ` · 不再评 no longer ${answer.noLongerGraded.toLocaleString()}`,
    ),
  );
  box.dataset.up = String(answer.up);
  box.dataset.down = String(answer.down);
}

// ---------------------------------------------------------------------------------------------
// Import of a year's indicators (BUREAU/ADMIN): upload, validation report, commit or discard

async function sendImport(method, url, body) {
  await ensureCsrf();
  const response = await fetch(url, {
    method,
    body,
    headers: { 'X-XSRF-TOKEN': csrfToken() ?? '', 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json, url);
  return json;
}

function showImport(report) {
  const box = document.getElementById('import-report');
  const errors = report.errors ?? [];
  const commit = h('button', { type: 'button', className: 'button commit', id: 'import-commit', disabled: errors.length > 0 }, '提交 Commit');
  const discard = h('button', { type: 'button', className: 'button danger', id: 'import-discard' }, '放弃 Discard');
  const message = h('div', { className: 'eff-import-message', role: 'status' });
  commit.addEventListener('click', async () => {
    commit.disabled = true;
    try {
      await sendImport('POST', `${API}/imports/${report.id}/commit`);
      message.replaceChildren(`已提交 ${report.year} 年度数据 Committed the figures of ${report.year}`);
      box.dataset.state = 'committed';
      discard.disabled = true;
      await loadYears();
      runQuery(0);
    } catch (error) {
      message.replaceChildren(problemBox(error));
      commit.disabled = false;
    }
  });
  discard.addEventListener('click', async () => {
    try {
      await sendImport('DELETE', `${API}/imports/${report.id}`);
      box.replaceChildren(h('p', {}, '已放弃 Discarded'));
      box.dataset.state = 'discarded';
    } catch (error) {
      message.replaceChildren(problemBox(error));
    }
  });
  const summary = report.summary && typeof report.summary === 'object'
    ? h('ul', { className: 'eff-import-summary' }, ...Object.entries(report.summary).map(([k, v]) => h('li', {}, `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)))
    : report.summary
      ? h('p', {}, String(report.summary))
      : null;
  box.dataset.state = errors.length ? 'invalid' : 'valid';
  box.replaceChildren(
    h(
      'p',
      { className: 'eff-import-head' },
      `导入 #${report.id} · ${report.fileName ?? ''} · ${report.year} 年 · ${fmt(report.rows)} 行 rows · ` +
        (typeof report.valid === 'boolean'
          ? report.valid
            ? '校验通过 valid'
            : '有错误 has errors'
          : `${fmt(report.valid)} 行有效 valid`) +
        ` · ${fmt(errors.length)} 处错误 errors` +
        (report.status ? ` · ${report.status}` : ''),
    ),
    summary,
    errors.length
      ? h(
          'div',
          { className: 'eff-table-wrap eff-import-errors' },
          h(
            'table',
            { className: 'eff-table' },
            h('thead', {}, h('tr', {}, h('th', {}, '行 Row'), h('th', {}, '列 Column'), h('th', {}, '问题 Problem'))),
            h(
              'tbody',
              {},
              ...errors.map((e) => h('tr', {}, h('td', { className: 'num' }, String(e.row)), h('td', {}, e.column ?? '—'), h('td', {}, e.message))),
            ),
          ),
        )
      : h('p', {}, '校验通过，可以提交 Valid: ready to commit'),
    h('div', { className: 'button-row' }, commit, discard),
    message,
  );
}

function setUpImport() {
  const importForm = document.getElementById('import-form');
  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = document.getElementById('import-report');
    const data = new FormData();
    data.set('year', importForm.elements.year.value);
    data.set('file', importForm.elements.file.files[0]);
    box.replaceChildren(h('p', {}, '校验中… Validating…'));
    try {
      showImport(await sendImport('POST', `${API}/imports`, data));
    } catch (error) {
      box.replaceChildren(problemBox(error));
      box.dataset.state = 'error';
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The form

function option(value, text) {
  return h('option', { value }, text);
}

function buildForm() {
  const thresholds = document.getElementById('thresholds');
  for (const key of INDICATOR_KEYS) {
    const { label, unit, percent } = INDICATORS[key];
    const input = (bound) =>
      h('input', {
        type: 'number',
        step: 'any',
        name: `${bound}.${key}`,
        placeholder: percent ? '%' : unit,
        ariaLabel: `${label[0]} ${bound}`,
      });
    thresholds.append(
      h('tr', {}, h('th', { title: `${label[1]} (${unit})` }, label[0], h('span', { className: 'en' }, ` ${unit}`)), h('td', {}, input('min')), h('td', {}, input('max'))),
    );
  }
  const grades = document.getElementById('grades');
  for (const grade of ['A', 'B', 'C', 'D']) {
    grades.append(
      h(
        'label',
        { className: 'eff-grade-choice' },
        h('input', { type: 'checkbox', name: 'grade', value: grade }),
        h('span', { className: 'eff-grade', style: `background:${GRADES[grade].colour}` }, grade),
      ),
    );
  }
  const breach = document.getElementById('breach');
  const breachKind = document.getElementById('breach-kind');
  for (const [kind, { label }] of Object.entries(BREACH_KINDS)) {
    breach.append(option(kind, both(label)));
    breachKind.append(option(kind, both(label)));
  }
  const sort = document.getElementById('sort');
  sort.append(option('code', '宗地编码 Parcel code'), option('areaMu', '面积 Area'));
  for (const key of INDICATOR_KEYS) sort.append(option(key, both(INDICATORS[key].label)));
  sort.value = 'taxPerMu';
  for (const id of ['choropleth-indicator', 'chart-indicator']) {
    const select = document.getElementById(id);
    for (const key of INDICATOR_KEYS) select.append(option(key, both(INDICATORS[key].label)));
  }
  renderHead();
}

/** Clusters of the chosen district (all when none), and its towns. */
function fillPlaces() {
  const district = form.elements.district.value;
  const cluster = document.getElementById('cluster');
  const keep = cluster.value;
  cluster.replaceChildren(
    option('', '全部 All'),
    ...state.clusters
      .filter((c) => !district || c.districts.includes(district))
      .map((c) => option(String(c.id), `${c.name}`)),
  );
  cluster.value = [...cluster.options].some((o) => o.value === keep) ? keep : '';
  const town = document.getElementById('town');
  const keepTown = town.value;
  town.replaceChildren(
    option('', '全部 All'),
    ...(state.towns ?? [])
      .filter((t) => !district || t.code.startsWith(district))
      .map((t) => option(t.code, t.name)),
  );
  town.value = [...town.options].some((o) => o.value === keepTown) ? keepTown : '';
}

async function loadYears() {
  const trend = await request(`${API}/trend?level=city&indicator=taxPerMu`);
  const years = trend.points.map((p) => p.year).sort((a, b) => b - a);
  const select = form.elements.year;
  const keep = select.value;
  select.replaceChildren(...years.map((y) => option(String(y), `${y}`)));
  if (!years.length) select.append(option('', '无数据 No data'));
  const wanted = new URLSearchParams(window.location.search).get('year');
  select.value = [keep, wanted].find((y) => y && years.includes(Number(y))) ?? String(years[0] ?? '');
  document.getElementById('import-form').elements.year.value = String((years[0] ?? new Date().getFullYear() - 1) + 1);
}

async function loadUnits() {
  const year = form.elements.year.value;
  const [towns, industries] = await Promise.all([
    request(`${API}?level=town${year ? `&year=${year}` : ''}`),
    request(`${API}?level=industry${year ? `&year=${year}` : ''}`),
  ]);
  state.towns = towns.units;
  fillPlaces();
  const industry = document.getElementById('industry');
  const keep = industry.value;
  industry.replaceChildren(option('', '全部 All'), ...industries.units.map((u) => option(u.code, `${u.code} ${u.name}`)));
  industry.value = keep;
}

function summaryLinks() {
  const year = form.elements.year.value;
  const link = (level, code, text) =>
    h('li', {}, h('a', { href: `efficiency-summary.html?level=${level}&code=${encodeURIComponent(code)}${year ? `&year=${year}` : ''}`, target: '_blank', rel: 'noopener', dataset: { level, code } }, text));
  document.getElementById('summary-districts').replaceChildren(...state.districts.map((d) => link('district', d.code, `${d.name} ${d.nameEn}`)));
  document.getElementById('summary-clusters').replaceChildren(...state.clusters.map((c) => link('cluster', String(c.id), c.name)));
}

// ---------------------------------------------------------------------------------------------
// Tabs, login, start

function setUpTabs() {
  const tabs = document.querySelectorAll('.eff-tabs [role="tab"]');
  tabs.forEach((tab) =>
    tab.addEventListener('click', () => {
      state.activeTab = tab.dataset.tab;
      tabs.forEach((t) => {
        t.setAttribute('aria-selected', String(t === tab));
        document.getElementById(t.dataset.tab).hidden = t !== tab;
      });
      const breaches = state.activeTab === 'breaches-panel';
      if (breaches) {
        map.removeLayer(resultsLayer);
        breachLayer.addTo(map);
        if (state.user) loadBreaches(0);
      } else {
        map.removeLayer(breachLayer);
        resultsLayer.addTo(map);
      }
      if (state.activeTab === 'charts-panel' && state.user) {
        resizeCharts();
        loadCharts();
      }
      renderLegend();
    }),
  );
}

const session = createSession();

async function start() {
  buildForm();
  setUpDrawing();
  setUpTabs();
  setUpImport();
  document.getElementById('error-close').addEventListener('click', () => {
    document.getElementById('error-banner').hidden = true;
  });
  document.getElementById('login-required-button').addEventListener('click', () => document.getElementById('login-button').click());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    runQuery(0);
  });
  document.getElementById('reset-query').addEventListener('click', () => {
    const year = form.elements.year.value;
    form.reset();
    form.elements.year.value = year;
    form.elements.sort.value = 'taxPerMu';
    fillPlaces();
    runQuery(0);
  });
  form.elements.district.addEventListener('change', fillPlaces);
  document.getElementById('page-prev').addEventListener('click', () =>
    runQuery(Math.max(0, state.offset - Number(form.elements.limit.value))),
  );
  document.getElementById('page-next').addEventListener('click', () =>
    runQuery(state.offset + Number(form.elements.limit.value)),
  );
  document.getElementById('breach-prev').addEventListener('click', () => loadBreaches(Math.max(0, state.breachOffset - 100)));
  document.getElementById('breach-next').addEventListener('click', () => loadBreaches(state.breachOffset + 100));
  document.getElementById('breach-kind').addEventListener('change', () => loadBreaches(0));
  document.getElementById('colour-by').addEventListener('change', () => {
    resultsLayer.setStyle((f) => resultStyle(f.properties));
    renderLegend();
  });
  for (const id of ['choropleth-level', 'choropleth-indicator']) {
    document.getElementById(id).addEventListener('change', loadChoropleth);
  }
  for (const id of ['chart-indicator', 'ranking-level', 'distribution-level']) {
    document.getElementById(id).addEventListener('change', loadCharts);
  }
  map.on('moveend', () => {
    if (document.getElementById('choropleth-level').value === 'parcel') loadChoropleth();
  });
  form.elements.year.addEventListener('change', () => {
    summaryLinks();
    loadChoropleth();
  });

  const [districts, clusters] = await Promise.all([get('/api/districts'), get('/api/clusters')]);
  state.districts = districts;
  state.clusters = clusters;
  const city = districts.reduce(
    (b, d) => b.extend(L.latLngBounds([d.bbox[1], d.bbox[0]], [d.bbox[3], d.bbox[2]])),
    L.latLngBounds([]),
  );
  if (city.isValid()) map.fitBounds(city);
  document.getElementById('district').append(...districts.map((d) => option(d.code, `${d.name} ${d.nameEn}`)));
  fillPlaces();
  renderLegend(null);

  session.onChange((user) => onUser(user).catch(showError));
  await session.refresh();
  document.body.dataset.ready = 'true';
}

async function onUser(user) {
  const changed = (state.user?.username ?? null) !== (user?.username ?? null);
  state.user = user;
  document.body.classList.toggle('logged-out', !user);
  document.getElementById('login-required').hidden = Boolean(user);
  document.getElementById('import-tab').hidden = !(user && commitsRole(user.role));
  if (!user) {
    resultsLayer.clearLayers();
    breachLayer.clearLayers();
    choroplethLayer.clearLayers();
    document.getElementById('results-body').replaceChildren();
    document.getElementById('result-count').textContent = '请先登录 Log in first';
    return;
  }
  if (!changed && state.started) return;
  state.started = true;
  await loadYears();
  summaryLinks();
  await loadUnits();
  await runQuery(0);
}

function showError(error) {
  document.getElementById('error-text').textContent = `出错了 Error — ${error.message}`;
  document.getElementById('error-banner').hidden = false;
}

start().catch(showError);
