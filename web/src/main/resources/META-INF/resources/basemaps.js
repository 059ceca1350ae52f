// The basemap switcher: none, or one of the basemaps of /api/map/config (XYZ tile URL templates,
// e.g. 天地图 or an intranet imagery service), offered as the layer switcher's base layers. The
// choice is remembered per browser (localStorage); without one, the first basemap is shown.

import { escapeHtml } from './dom.js';

const KEY = 'redline.basemap';
const NONE = '';

function remembered() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage refused (private mode, a policy): nothing remembered
  }
}

function remember(name) {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // not remembered: the page still switches
  }
}

/**
 * The basemaps as Leaflet layers: {choices: {label HTML: layer}, chosen: layer, hasBasemap}. The
 * layer of "none" is an empty group; names and attributions are shown as text.
 */
export function basemapLayers(config) {
  const basemaps = config.basemaps ?? [];
  const none = L.layerGroup();
  none.basemapName = NONE;
  const choices = { '<span class="basemap-name" data-basemap="">无底图 None</span>': none };
  let chosen = none;
  const wanted = remembered();
  basemaps.forEach((b, index) => {
    const layer = L.tileLayer(b.url, {
      // Leaflet shows an attribution as HTML: the configured text is shown as text
      attribution: escapeHtml(b.attribution ?? ''),
      subdomains: b.subdomains?.length ? b.subdomains : 'abc',
      maxNativeZoom: b.maxZoom,
      maxZoom: 20,
      zIndex: 1,
      className: 'basemap-tiles',
    });
    layer.basemapName = b.name;
    const label = `<span class="basemap-name" data-basemap="${escapeHtml(b.name)}">${escapeHtml(
      b.name,
    )}</span>`;
    choices[label] = layer;
    if (wanted === b.name || (wanted === null && index === 0)) chosen = layer;
  });
  return { choices, chosen, hasBasemap: chosen !== none };
}

/** Remembers the basemap chosen in the switcher; calls back with whether one is shown. */
export function rememberBasemapChoice(map, onChange) {
  map.on('baselayerchange', (e) => {
    if (e.layer.basemapName === undefined) return;
    remember(e.layer.basemapName);
    onChange(e.layer.basemapName !== NONE);
  });
}
