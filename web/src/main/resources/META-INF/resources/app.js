// 佛山市工业用地一张图: the map page. Builds the map from GET /api/map/config and /api/layers, the
// layer switcher and legend, the "what is here" popup (GET /api/features) and the red-line quota
// panel (GET /api/quota) and the search box (search.js).
//
// Editing (login, the editing panel, review, history, the as-of view) is set up by editing.js.
//
// A URL ?layer=<layer id>&id=<feature id> opens the map on that feature, selected (the other pages'
// "show on map" links).
//
// For automated tests: window.redline = {map, layers: {<layer id>: VectorGrid layer}, editing},
// <body data-ready="true"> once the layers, their labels, the quota panel and the editing controls
// exist, and the cluster names on the map as .cluster-label[data-code=<cluster code>].

import { getResource } from './api.js';
import { basemapLayers } from './basemaps.js';
import { layerStyles } from './cartography.js';
import { h } from './dom.js';
import { decimal } from './format.js';
import { setUpEditing } from './editing.js';
import { createSelection, enableFeatureQuery } from './identify.js';
import { addLayers } from './map-layers.js';
import { bboxBounds, cityBounds, unobstructedPadding } from './map-view.js';
import { addPlaceLabels } from './place-labels.js';
import { addReferenceLayers } from './reference-layers.js';
import { buildQuotaPanel, setUpQuotaPanelToggle } from './quota-panel.js';
import { setUpSearch } from './search.js';
import { LAYERS } from './vocabulary.js';
import { addMeasureTool } from './measure.js';

// Leaflet-Geoman (drawing, editing, snapping) only touches the layers that opt in (pmIgnore: false):
// never the place names, the popups or the overlays of the editing panel.
if (window.L?.PM) L.PM.setOptIn(true);

main().catch((error) => showError(error.message));

async function main() {
  const requests = {
    config: getResource('/api/map/config'),
    // loaded once, by vocabulary.js, before this module runs; none means they could not be
    layers: LAYERS.length
      ? Promise.resolve(LAYERS)
      : Promise.reject(new Error('/api/layers: 图层未能加载（the layers could not be loaded）')),
    quota: getResource('/api/quota'),
    districts: getResource('/api/districts'),
    clusters: getResource('/api/clusters'),
  };
  // All requests start at once; their failures are reported where they are used, below, and are
  // marked handled here so that the browser does not report them as unhandled in the meantime.
  Object.values(requests).forEach((request) => request.catch(() => {}));
  const config = await requests.config;
  showDataset(config.dataset);
  const basemaps = basemapLayers(config);
  const { hasBasemap } = basemaps;
  const state = {
    map: createMap(config, basemaps.chosen),
    basemaps,
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
    const [quota, districts] = await Promise.all([getResource('/api/quota'), requests.districts]);
    state.quota = quota;
    buildQuotaPanel(state, quota, districts);
  };
  // a district officer's home: their district fitted (at login, or on opening the page without a
  // view of its own in the URL) and their quota row pinned at the top of the panel
  const openedWithView = Boolean(viewFromHash());
  let before; // the user of the previous call (undefined before the first)
  state.onUser = async (user) => {
    const first = before === undefined;
    const changed = (before?.username ?? null) !== (user?.username ?? null);
    before = user ?? null;
    state.user = user;
    const districts = await requests.districts.catch(() => null);
    if (!districts) return;
    if (state.quota) buildQuotaPanel(state, state.quota, districts);
    const district = user?.role === 'DISTRICT' && districts.find((d) => d.code === user.districtCode);
    if (district && changed && !(first && openedWithView)) state.fitBounds(bboxBounds(district.bbox));
  };

  window.redline = { map: state.map, layers: state.layers };
  addMeasureTool(state.map, state);
  requests.districts.then((d) => (state.districts = d)).catch(() => {});
  requests.clusters.then((c) => (state.clusters = c)).catch(() => {});

  setUpQuotaPanelToggle();
  setUpPrint(state);
  const results = await Promise.allSettled([
    requests.layers.then((infos) => {
      addLayers(state, infos);
      enableFeatureQuery(state);
      setUpSearch(state);
      return Promise.all([
        Promise.all([requests.districts, requests.clusters]).then(([districts, clusters]) =>
          addPlaceLabels(state, districts, clusters),
        ),
        setUpEditing(state),
        addReferenceLayers(state),
      ]);
    }),
    requests.districts.then((districts) => {
      state.map.setMaxBounds(cityBounds(districts).pad(1.5));
    }),
    Promise.all([requests.quota, requests.districts]).then(
      ([quota, districts]) => {
        state.quota = quota;
        buildQuotaPanel(state, quota, districts);
      },
      (error) => {
        const message = h('p', { className: 'quota-error' }, error.message);
        document.getElementById('quota-body').replaceChildren(message);
        throw error;
      },
    ),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  // a linked feature, once the map and its layers are set up
  await selectFromUrl(state).catch((error) => showError(error.message));
  document.body.dataset.ready = 'true';
}

/**
 * A link to one feature (index.html?layer=factory_building&id=12, as the other pages link to the
 * map): its layer is switched on, the map fits the feature (its shape from GET /api/print/features)
 * and it is selected. <body data-selected="layer:id"> once done.
 */
async function selectFromUrl(state) {
  const params = new URLSearchParams(window.location.search);
  const layer = params.get('layer');
  const id = params.get('id');
  if (!layer || !/^\d{1,18}$/.test(id ?? '')) return;
  const grid = state.layers[layer];
  if (!grid) throw new Error(`没有图层 ${layer}（no layer ${layer}）`);
  const [feature] = await getResource(`/api/print/features?ids=${encodeURIComponent(`${layer}:${id}`)}`);
  if (!state.map.hasLayer(grid)) grid.addTo(state.map);
  state.fitBounds(L.geoJSON(feature.geometry).getBounds());
  state.selection.select(layer, id);
  document.body.dataset.selected = `${layer}:${id}`;
}

/**
 * The 打印 button: opens the print layout (print.html) of the current view, with the layers
 * switched on and the selected feature, in a new tab.
 */
function setUpPrint(state) {
  document.getElementById('print-open').addEventListener('click', () => {
    const { map } = state;
    const c = map.getCenter();
    const query = new URLSearchParams({
      lat: c.lat.toFixed(6),
      lon: c.lng.toFixed(6),
      zoom: String(map.getZoom()),
      layers: state.infos
        .filter((info) => map.hasLayer(state.layers[info.id]))
        .map((info) => info.id)
        .join(','),
    });
    const selected = state.selection.current;
    if (selected) query.set('features', `${selected.layerId}:${selected.id}`);
    window.open(`print.html?${query}`, '_blank', 'noopener');
  });
}

function showError(message) {
  document.getElementById('error-text').textContent = `出错了 Error — ${message}`;
  const banner = document.getElementById('error-banner');
  banner.hidden = false;
  document.getElementById('error-close').onclick = () => {
    banner.hidden = true;
  };
}

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
    dataset.parcels ? `宗地 Parcels ${decimal(Number(dataset.parcels), 3)}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  badge.hidden = false;
}

function createMap(config, basemap) {
  // pmIgnore: false lets Leaflet-Geoman (opted in above) work on the map
  const map = L.map('map', { zoomControl: false, minZoom: 7, maxZoom: 20, pmIgnore: false });
  map.createPane('labels').style.zIndex = 450; // place names: above the tiles, below popups
  L.control
    .zoom({ position: 'topright', zoomInTitle: '放大 Zoom in', zoomOutTitle: '缩小 Zoom out' })
    .addTo(map);
  L.control.scale({ metric: true, imperial: false, maxWidth: 150 }).addTo(map);
  addPositionReadout(map);

  basemap.addTo(map); // the one remembered, else the first configured, else none (basemaps.js)

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

