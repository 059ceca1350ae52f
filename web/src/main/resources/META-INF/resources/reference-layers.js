// Reference layers (参考图层): read-only layers the bureau loaded from files (GET
// /api/reference-layers: roads, rivers, 三调 land use…), drawn as vector tiles just above the bottom
// layer (the districts) and under every other, listed in the layer switcher; a click finds their
// features near the point (GET /api/reference-layers/features) for the "what is here" popup, their
// attributes shown as text; the editor snaps to their shapes in view (editor/snapping.js).
//
// For tests: window.redline.referenceLayers = {<id>: VectorGrid layer}.

import { getResource } from './api.js';
import { escapeHtml, h } from './dom.js';
import { SharpCanvasTile } from './map-layers.js';

/** From this zoom the reference layers are drawn (the service sends empty tiles below it). */
export const REFERENCE_MIN_ZOOM = 10;
/** Right above the bottom layer (zIndex 10), below the others (map-layers.js: 20 and up). */
const Z_INDEX = 11;
/** How near a click a feature is found, in screen pixels. */
const CLICK_TOLERANCE = 6;

const COLOUR = '#1565c0';

/** The style of a reference feature by the dimension of its shape (tile attribute "dim"). */
export function referenceStyle(properties) {
  const dim = Number(properties.dim);
  if (dim === 0) {
    return { radius: 3.5, color: COLOUR, weight: 1, fill: true, fillColor: '#64b5f6', fillOpacity: 0.9 };
  }
  if (dim === 1) return { color: COLOUR, weight: 1.6, opacity: 0.85, fill: false };
  return { color: COLOUR, weight: 1, opacity: 0.8, fill: true, fillColor: '#90caf9', fillOpacity: 0.25 };
}

/** Loads the reference layers and adds them to the map and the layer switcher. */
export async function addReferenceLayers(state) {
  state.referenceInfos = [];
  state.referenceLayers = {};
  window.redline.referenceLayers = state.referenceLayers;
  let infos;
  try {
    infos = await getResource('/api/reference-layers');
  } catch {
    return; // the map works without them
  }
  state.referenceInfos = infos;
  for (const info of infos) {
    const grid = L.vectorGrid.protobuf(info.tiles, {
      rendererFactory: (coords, size, options) => new SharpCanvasTile(coords, size, options),
      vectorTileLayerStyles: { reference: referenceStyle },
      interactive: false,
      getFeatureId: (feature) => feature.id,
      minZoom: REFERENCE_MIN_ZOOM,
      maxNativeZoom: 18,
      maxZoom: 20,
      zIndex: Z_INDEX,
    });
    state.referenceLayers[info.id] = grid;
    grid.addTo(state.map);
    state.layerControl?.addOverlay(grid, referenceControlName(info));
  }
}

/** The layer switcher's label of a reference layer: HTML (the control takes only that), escaped. */
function referenceControlName(info) {
  const title = `参考图层 Reference layer · ${info.fileName} · ${info.crs} · ${info.featureCount}`;
  return `<span class="layer-name reference-layer-name" data-reference="${escapeHtml(
    String(info.id),
  )}" title="${escapeHtml(title)}">${escapeHtml(`${info.name}（参考 reference）`)}</span>`;
}

/** The reference layers shown at this zoom. */
function visibleReferenceLayers(state) {
  if (state.map.getZoom() < REFERENCE_MIN_ZOOM) return [];
  return (state.referenceInfos ?? []).filter((info) =>
    state.map.hasLayer(state.referenceLayers[info.id]),
  );
}

/**
 * The features of the visible reference layers near a point (within a few pixels), or [] when
 * none is shown: [{layerId, layerName, id, geometryType, attributes}].
 */
export async function referenceFeaturesAt(state, latlng, signal) {
  const shown = visibleReferenceLayers(state);
  if (!shown.length) return [];
  const metresPerPixel =
    (40075016.686 * Math.cos((latlng.lat * Math.PI) / 180)) / 2 ** (state.map.getZoom() + 8);
  const radius = Math.min(500, CLICK_TOLERANCE * metresPerPixel).toFixed(2);
  const query = `lon=${latlng.lng.toFixed(7)}&lat=${latlng.lat.toFixed(7)}&radius=${radius}`;
  const layers = shown.map((info) => info.id).join(',');
  return getResource(`/api/reference-layers/features?${query}&layers=${layers}`, { signal });
}

/** The popup sections of reference features: their layer's name and their attributes, as text. */
export function referenceSections(features) {
  return features.map((f) =>
    h(
      'section',
      { className: 'fp-feature fp-reference', dataset: { reference: String(f.layerId), id: String(f.id) } },
      h('div', { className: 'fp-layer' }, `${f.layerName}（参考图层 reference layer）`),
      h('div', { className: 'fp-title' }, String(titleOf(f))),
      h(
        'table',
        { className: 'fp-props' },
        h(
          'tbody',
          {},
          ...Object.entries(f.attributes ?? {}).map(([key, value]) =>
            h('tr', {}, h('th', {}, key), h('td', {}, shown(value))),
          ),
        ),
      ),
    ),
  );
}

/** An attribute's value as text (a nested value as JSON). */
function shown(value) {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function titleOf(feature) {
  const a = feature.attributes ?? {};
  const key = Object.keys(a).find((k) => /^(name|名称|mc|dlmc)$/i.test(k) && a[k] !== null);
  return key ? a[key] : `#${feature.id}`;
}
