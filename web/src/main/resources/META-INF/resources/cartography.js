// Cartography: how each layer is drawn (VectorGrid style functions of the tile attributes) and the
// legend that explains it. Legend swatches are drawn from the very same style functions, so the
// legend cannot drift from the map. The colours are the map's own, keyed by layer id and code; the
// codes and their labels are the layers' (served by GET /api/layers, through vocabulary.js). A layer
// this page has no style for is drawn as its definition says (the style GET /api/layers serves with
// it), so a new layer needs nothing here.

import { LAYERS, RESERVE_STAGES, VILLAGE_PARK_STATUSES } from './vocabulary.js';

// Hue families keep the layers apart: red line red, clusters orange, factory buildings purple,
// reserve land saturated cool colours, village parks pale earth colours.
export const RESERVE_STAGE_COLOURS = {
  ACQUIRED: '#8fa3b3',
  PREPARING: '#3cb4c4',
  READY: '#2e9d4a',
  SUPPLIED: '#1e6fd8',
  STARTED: '#2b3a8f',
};

const VILLAGE_PARK_STATUS_COLOURS = {
  NOT_PLANNED: '#dcdfe3',
  PLANNED: '#fbefc5',
  DEMOLITION: '#d9b8a4',
  CONSTRUCTION: '#f3c565',
  COMPLETED: '#e2e79a',
  PRODUCTION: '#b3cf6a',
};

const UNKNOWN_COLOUR = '#b0b0b0';

/** The outline drawn over the selected feature (clicked, or the district of a quota row). */
export const HIGHLIGHT = { color: '#00b8d4', weight: 3.5, opacity: 1 };

// Every style is a polygon style for a canvas tile, with interactive:false on each path, too:
// VectorGrid's own hit-testing is broken with Leaflet >= 1.8; GET /api/features answers clicks.
const polygon = (style) => ({ fill: true, stroke: true, interactive: false, ...style });

/**
 * The style function of every layer id, (properties, zoom) => Leaflet path options, as VectorGrid's
 * vectorTileLayerStyles expects. Without a basemap the districts are an opaque light land mass on
 * the page background; with one they are only a tint, so the basemap shows through.
 */
export function layerStyles({ hasBasemap }) {
  return { ...servedStyles(), ...ownStyles(hasBasemap) };
}

function ownStyles(hasBasemap) {
  return {
    district: (p, z) =>
      polygon({
        fillColor: '#fbfaf6',
        fillOpacity: hasBasemap ? 0.15 : 1,
        color: '#56677a',
        weight: z >= 12 ? 2.4 : 1.6,
        opacity: 0.9,
      }),
    town: () =>
      polygon({ fill: false, color: '#7d8a99', weight: 0.9, opacity: 0.9, dashArray: '5 4' }),
    cluster: (p) =>
      polygon({
        fillColor: '#f6a04d',
        fillOpacity: 0.2,
        color: '#e07b1a',
        weight: p.flagship ? 2.8 : 1.2,
        opacity: 0.95,
      }),
    // Lighter when zoomed in, so that what lies inside the red line stays readable.
    red_line: (p, z) =>
      polygon({
        fillColor: '#e53935',
        fillOpacity: z >= 13 ? 0.16 : 0.4,
        color: '#c62828',
        weight: z >= 13 ? 1.1 : 0.6,
        opacity: 0.9,
      }),
    reserve_land: (p) => {
      const colour = RESERVE_STAGE_COLOURS[p.stage] ?? UNKNOWN_COLOUR;
      return polygon({
        fillColor: colour,
        fillOpacity: 0.65,
        color: colour,
        weight: 1.4,
        opacity: 1,
      });
    },
    // Modern industrial parks (现代化产业园) stand out with a bold dark outline.
    village_park: (p, z) =>
      polygon({
        fillColor: VILLAGE_PARK_STATUS_COLOURS[p.status] ?? UNKNOWN_COLOUR,
        fillOpacity: 0.85,
        color: p.modern_park ? '#263238' : '#8a8f80',
        weight: p.modern_park ? (z >= 12 ? 2.8 : 1.8) : 0.8,
        opacity: 1,
      }),
    parcel: (p, z) =>
      polygon({
        fillColor: '#fff6e0',
        fillOpacity: 0.35,
        color: '#7a5a44',
        weight: z >= 15 ? 1 : 0.6,
        opacity: 0.9,
      }),
    factory_building: () =>
      polygon({ fillColor: '#8e24aa', fillOpacity: 0.65, color: '#4a148c', weight: 1, opacity: 1 }),
  };
}

/** The style of a layer this page has no cartography for (a layer added to the API later). */
export const defaultStyle = () =>
  polygon({ fillColor: UNKNOWN_COLOUR, fillOpacity: 0.3, color: '#616161', weight: 1 });

/**
 * The style functions of the layers whose definition says how they are drawn, as GET /api/layers
 * serves it: {fill, outline, fillOpacity, by, colours: [{code, colour, label}]}, the fill chosen by
 * the code of tile attribute `by` (else `fill`).
 */
function servedStyles() {
  const styles = {};
  for (const layer of LAYERS.filter((l) => l.style)) {
    const { fill, outline, fillOpacity, by, colours } = layer.style;
    const colourOf = new Map(colours.map((c) => [c.code, c.colour]));
    styles[layer.id] = (p, z) =>
      polygon({
        fillColor: (by && colourOf.get(p[by])) || fill,
        fillOpacity,
        color: outline,
        weight: z >= 13 ? 1 : 0.6,
        opacity: 0.9,
      });
  }
  return styles;
}

/** The legend entries of the layers drawn by code, as served: one per coloured code, in order. */
const servedLegendEntries = () =>
  Object.fromEntries(
    LAYERS.filter((l) => l.style?.by).map((l) => [
      l.id,
      l.style.colours.map((c) => ({ label: c.label, properties: { [l.style.by]: c.code } })),
    ]),
  );

/**
 * The legend entries of the layers drawn in several ways: a label pair and the tile attributes
 * whose style the swatch shows. Any other layer has one swatch, labelled with the layer's name.
 */
export const LEGEND_ENTRIES = {
  ...servedLegendEntries(),
  cluster: [
    { label: ['集聚区', 'Cluster'], properties: { flagship: false } },
    { label: ['旗舰集聚区', 'Flagship cluster'], properties: { flagship: true } },
  ],
  reserve_land: Object.entries(RESERVE_STAGES).map(([stage, label]) => ({
    label,
    properties: { stage },
  })),
  village_park: [
    ...Object.entries(VILLAGE_PARK_STATUSES).map(([status, label]) => ({
      label,
      properties: { status, modern_park: false },
    })),
    {
      label: ['现代化产业园（粗边）', 'Modern park (bold outline)'],
      properties: { status: 'PRODUCTION', modern_park: true },
    },
  ],
};

/** A legend swatch: a small box painted like a polygon drawn with `style`. */
export function swatch(style) {
  const box = document.createElement('span');
  box.className = 'swatch';
  if (style.fill !== false) {
    box.style.backgroundColor = withAlpha(style.fillColor, style.fillOpacity ?? 0.2);
  }
  if (style.stroke !== false) {
    const width = Math.min(Math.max(style.weight ?? 1, 1), 3);
    box.style.border = `${width}px ${style.dashArray ? 'dashed' : 'solid'} ${withAlpha(
      style.color,
      style.opacity ?? 1,
    )}`;
  }
  return box;
}

/** A #rrggbb colour with alpha, as CSS rgba(). */
function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
