// "What is here": a click on the map asks GET /api/features (or, viewing the past, asof.js) what
// the visible layers have there and shows it in a popup; the feature under the pointer is outlined.
// By keyboard: the map, focused (Tab), pans with the arrows and zooms with + and − (Leaflet's), and
// Enter or Space asks what is at its centre, marked by a crosshair while the map has the focus.

import { HIGHLIGHT, swatch } from './cartography.js';
import { getResource } from './api.js';
import { identifyAsOf } from './asof.js';
import { styleOf, visibleLayers } from './map-layers.js';
import { unobstructedPadding } from './map-view.js';
import { featurePopup, messagePopup } from './popup.js';
import { referenceFeaturesAt, referenceSections } from './reference-layers.js';

/** Highlights one feature at a time (by its layer id and feature id) with an outline. */
export function createSelection(state) {
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
      current = { grid, layerId, id: featureId };
    },
    /** The selected feature as {layerId, id}, or null. */
    get current() {
      return current ? { layerId: current.layerId, id: current.id } : null;
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
export function enableFeatureQuery(state) {
  const { map, selection } = state;
  const popup = L.popup({ maxWidth: 420, minWidth: 300, className: 'feature-popup-container' });
  let inFlight; // AbortController of the request in flight

  const featureSwatch = (feature) =>
    swatch(styleOf(state, feature.layer)(toTileAttributes(feature.properties), map.getZoom()));

  const identify = async (e) => {
    inFlight?.abort();
    selection.clear();
    popup.options.autoPanPaddingTopLeft = unobstructedPadding(map).paddingTopLeft;
    popup.setLatLng(e.latlng).setContent(messagePopup('查询中… Looking up…')).openOn(map);
    const layers = visibleLayers(state).map((info) => info.id);
    const controller = (inFlight = new AbortController());
    const { lat, lng } = e.latlng.wrap();
    // the reference layers' features near the point (reference-layers.js), asked at the same time
    const references = referenceFeaturesAt(state, e.latlng.wrap(), controller.signal).catch(
      () => [],
    );
    const query = `lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}&layers=${layers.join(',')}`;
    const url = `/api/features?${query}`;
    try {
      const none = { lon: lng, lat, features: [] };
      const answer = !layers.length
        ? none
        : state.asOf
          ? await identifyAsOf(state, e.latlng, layers)
          : await getResource(url, { signal: controller.signal });
      const referenceFeatures = await references;
      if (controller !== inFlight) return;
      if (!layers.length && !referenceFeatures.length) {
        popup.setContent(messagePopup('没有可见图层 No layer is shown here'));
        return;
      }
      const content = featurePopup(answer, featureSwatch);
      if (referenceFeatures.length) {
        content.querySelector('.fp-empty')?.remove();
        content.append(...referenceSections(referenceFeatures));
      }
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
  };
  map.on('click', (e) => {
    if (!state.mapMode) identify(e); // else an editing tool has the map's clicks
  });
  const container = map.getContainer();
  container.addEventListener('keydown', (event) => {
    if (event.target !== container || state.mapMode) return;
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    identify({ latlng: map.getCenter() });
  });
  map.on('popupclose', () => selection.clear());
}

