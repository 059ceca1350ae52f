// The planner's map (efficiency.js): the results, breaches and choropleth layers, the legend, the
// drawn query area (Leaflet-Geoman) and the choropleth (GET /api/efficiency/map).

/* global L */

import { layerStyles } from './cartography.js';
import {
  BREACH_KINDS,
  GRADES,
  INDICATORS,
  both,
  fmt,
  indicatorLabel,
  indicatorValue,
  worstBreach,
} from './efficiency-common.js';
import { polygonGeometry, areaM2, muOf } from './geo.js';
import { h, lines } from './dom.js';
import { API, form, request, state } from './efficiency-page.js';
import { hover, runQuery, select } from './efficiency-results.js';

// Geoman works only on the layers that opt in: here, nothing but the polygon being drawn.
L.PM.setOptIn(true);

/** Parcels are drawn in the choropleth from this zoom on (the API wants a bbox, ≤ 20,000). */
const PARCEL_CHOROPLETH_MIN_ZOOM = 14;
/** Sequential colours of the choropleth classes, low to high (ColorBrewer YlGnBu, 5 classes). */
const CLASS_COLOURS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
const NO_VALUE = '#d9d9d9';
export const SELECTED = { color: '#00b8d4', weight: 4, opacity: 1 };

// ---------------------------------------------------------------------------------------------
// Map

export const map = L.map('eff-map', { minZoom: 8, maxZoom: 19, pmIgnore: false });
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

export const resultsLayer = L.geoJSON(null, {
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

export const breachLayer = L.geoJSON(null, {
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

export const choroplethLayer = L.geoJSON(null, {
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

export function resultStyle(p) {
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
export function renderLegend(classes = state.legendClasses) {
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
// The drawn query area (Leaflet-Geoman)

export function setUpDrawing() {
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

export async function loadChoropleth() {
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
