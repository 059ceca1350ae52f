// The shape being made or edited (the working polygon): drawn anew, or a feature selected on the
// map and fetched; and clearing it with its form.

import { get } from '../api.js';
import { latLngsOf } from '../geo.js';
import { readValues, renderFeatureHead, renderForm } from './form.js';
import { leaveMode, setMode } from './modes.js';
import { scheduleNeighbours } from './snapping.js';
import { STYLES } from './state.js';
import { say, updateTools } from './status.js';

/** Puts a polygon of these latlngs on the map as the working shape (Geoman may edit it). */
export function makeWorking(ed, latlngs) {
  const { working } = ed.groups;
  working.clearLayers();
  const polygon = L.polygon(latlngs, { ...STYLES.working, pmIgnore: false, snapIgnore: true });
  polygon.on('pm:edit pm:dragend', () => {
    ed.geometryChanged = true;
    renderFeatureHead(ed);
  });
  working.addLayer(polygon);
  ed.working = polygon;
  return polygon;
}

/** Drops the working shape, the selection and the form; no tool in use. */
export function clearWorking(ed) {
  const ui = ed.ui;
  leaveMode(ed);
  ed.groups.working.clearLayers();
  ed.working = null;
  ed.feature = null;
  ed.selected = null;
  ed.action = null;
  ed.geometryChanged = false;
  ui.featureBox.hidden = true;
  ui.deleteBox.hidden = true;
  ui.form.replaceChildren();
  ed.mode = null;
  ed.ctx.state.mapMode = null;
  updateTools(ed);
  scheduleNeighbours(ed);
}

/** A polygon was drawn: a new feature, its form (keeping what was typed for the one before). */
export function startNew(ed, latlngs) {
  const keepForm = ed.action === 'create' ? readValues(ed, false) : null;
  clearWorking(ed);
  makeWorking(ed, latlngs);
  ed.action = 'create';
  ed.geometryChanged = true;
  renderForm(ed, {}, keepForm);
  say(
    ed,
    '已绘制新要素：填写属性后保存到草稿。 New shape drawn: fill in the attributes and save it to the draft.',
  );
  setMode(ed, 'vertices');
}

/** Fetches a feature and makes it the working shape, its properties in the form. */
export async function selectFeature(ed, layer, id) {
  const feature = await get(`/api/layers/${layer}/features/${id}`);
  clearWorking(ed);
  if (layer !== ed.layer) {
    ed.layer = layer;
    ed.ui.layerSelect.value = layer;
  }
  ed.feature = feature;
  ed.selected = { layer, id: Number(feature.id ?? id), version: feature.properties.version };
  ed.action = 'update';
  ed.geometryChanged = false;
  makeWorking(ed, latLngsOf(feature.geometry));
  renderForm(ed, feature.properties);
  say(ed, '');
  updateTools(ed);
  scheduleNeighbours(ed);
  return feature;
}

/** The feature of the edited layer at a point (GET /api/features), or null. */
export async function featureAt(ed, latlng) {
  const { lat, lng } = latlng.wrap();
  const answer = await get(
    `/api/features?lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}&layers=${ed.layer}`,
  );
  return answer.features.find((f) => f.layer === ed.layer) ?? null;
}
