// Snapping: the neighbours of the edited layer in view, loaded as GeoJSON (Geoman cannot snap to
// vector tiles) once the map is zoomed in far enough, without the features being edited or merged;
// and the shapes in view of the reference layers shown (reference-layers.js), likewise.

import { get } from '../api.js';
import { REFERENCE_MIN_ZOOM } from '../reference-layers.js';
import { layerName } from './state.js';
import { canEdit } from './status.js';
import { snappingZoom } from '../vocabulary.js';

const NEIGHBOUR_LIMIT = 2000;

/** Loads the neighbours a moment after the last call (the map moved, the selection changed…). */
export function scheduleNeighbours(ed) {
  clearTimeout(ed.neighbourTimer);
  ed.neighbourTimer = setTimeout(() => loadNeighbours(ed).catch(() => {}), 250);
}

function setNeighbours(ed, features, note) {
  const { neighbours } = ed.groups;
  neighbours.clearLayers();
  if (features.length) neighbours.addData({ type: 'FeatureCollection', features });
  ed.hooks.neighbours = features.length;
  ed.ui.panel.dataset.neighbours = String(features.length);
  ed.ui.snapInfo.textContent = note;
}

/** The box of the view (a little larger), west,south,east,north. */
function viewBox(map) {
  const b = map.getBounds().pad(0.15);
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(6);
  return [
    clamp(b.getWest(), -180, 180),
    clamp(b.getSouth(), -90, 90),
    clamp(b.getEast(), -180, 180),
    clamp(b.getNorth(), -90, 90),
  ].join(',');
}

/** The shapes in view of the reference layers shown, as snap targets (none while not editing). */
async function loadReferenceShapes(ed) {
  const { map } = ed;
  const { reference } = ed.groups;
  ed.referenceRequest?.abort();
  const state = ed.ctx.state;
  const shown =
    ed.active && canEdit(ed) && map.getZoom() >= Math.max(REFERENCE_MIN_ZOOM, snappingZoom(ed.layer))
      ? (state.referenceInfos ?? []).filter((info) => map.hasLayer(state.referenceLayers[info.id]))
      : [];
  if (!shown.length) {
    reference.clearLayers();
    ed.hooks.referenceShapes = 0;
    return;
  }
  const request = (ed.referenceRequest = new AbortController());
  const bbox = viewBox(map);
  const collections = await Promise.all(
    shown.map((info) =>
      get(`/api/reference-layers/${info.id}/shapes?bbox=${bbox}&limit=${NEIGHBOUR_LIMIT}`, {
        signal: request.signal,
      }),
    ),
  );
  if (request !== ed.referenceRequest) return;
  reference.clearLayers();
  const features = collections.flatMap((fc) => fc.features);
  if (features.length) reference.addData({ type: 'FeatureCollection', features });
  ed.hooks.referenceShapes = features.length;
}

async function loadNeighbours(ed) {
  const { map } = ed;
  ed.neighbourRequest?.abort();
  loadReferenceShapes(ed).catch(() => {});
  if (!ed.active || !canEdit(ed)) {
    setNeighbours(ed, [], '');
    return;
  }
  const minZoom = snappingZoom(ed.layer);
  if (map.getZoom() < minZoom) {
    setNeighbours(
      ed,
      [],
      `放大到 ${minZoom} 级以上可吸附到相邻要素 Zoom to ${minZoom}+ to snap to neighbours`,
    );
    return;
  }
  const bbox = viewBox(map);
  const layer = ed.layer;
  const request = (ed.neighbourRequest = new AbortController());
  const fc = await get(`/api/layers/${layer}/features?bbox=${bbox}&limit=${NEIGHBOUR_LIMIT}`, {
    signal: request.signal,
  });
  if (request !== ed.neighbourRequest || layer !== ed.layer) return;
  const hidden = new Set([ed.selected?.id, ...ed.mergeSet.map((m) => m.id)]);
  const features = fc.features.filter((f) => !hidden.has(Number(f.id)));
  setNeighbours(
    ed,
    features,
    `可吸附 ${features.length} 个相邻${layerName(ed, layer)} · Snapping to ${features.length} neighbours${
      fc.features.length >= NEIGHBOUR_LIMIT ? '（已达上限，请放大 limit reached: zoom in）' : ''
    }`,
  );
}
