// The editor's shared state: one plain object every tool of the editor reads and changes, and the
// map layers the tools draw on. Each tool is a module of functions taking this object first
// (editor/*.js); editor.js makes it and wires the tools to the panel.

/** Snapping: to vertices first, then to edges, within 15 px; no self-intersecting rings. */
export const SNAP = {
  snappable: true,
  snapDistance: 15,
  snapVertex: true,
  snapSegment: true,
  allowSelfIntersection: false,
};

export const STYLES = {
  neighbour: { color: '#1565c0', weight: 1.2, opacity: 0.6, dashArray: '3 3', fill: false },
  reference: { color: '#1565c0', weight: 1, opacity: 0.35, fill: false },
  working: { color: '#00b8d4', weight: 3, opacity: 1, fillColor: '#00e5ff', fillOpacity: 0.28 },
  draft: { color: '#ef6c00', weight: 2, opacity: 1, fillColor: '#ffa726', fillOpacity: 0.28 },
  draftDelete: {
    color: '#c62828',
    weight: 2,
    opacity: 1,
    dashArray: '4 4',
    fillColor: 'url(#hatch-removed)',
    fillOpacity: 1,
  },
  merge: { color: '#6a1b9a', weight: 3, opacity: 1, fillColor: '#ab47bc', fillOpacity: 0.3 },
  splitLine: { color: '#d50000', weight: 2.5 },
};

/**
 * The state of an editor. ctx: {state, session, schemas (Map layer → schema), layerName, preview,
 * afterCommitted(result), history, review}.
 */
export function createEditorState(ctx) {
  const { schemas } = ctx;
  return {
    ctx,
    ui: null, // the panel's controls (editor/panel.js)
    map: ctx.state.map,
    /** What tests read: window.redline.editing. */
    hooks: { draftId: null, selected: null, mode: null, neighbours: 0 },
    /** The panel is shown: the editing layers are on the map and the tools listen. */
    active: false,
    layer: schemas.has('red_line') ? 'red_line' : [...schemas.keys()][0],
    draft: null, // the change set
    edits: [],
    action: null, // 'create' | 'update' while a feature is in the form
    feature: null, // the selected feature as fetched (GeoJSON)
    selected: null, // {layer, id, version}
    working: null, // L.Polygon of the shape being made or edited
    geometryChanged: false,
    mode: null,
    mergeSet: [], // [{id, version, code, geometry}]
    asOf: null,
    known: new Map(), // "layer/id" → {code, geometry} of features in the draft's edits
    /** Called with the new mode after every change of mode (editor/modes.js). */
    modeListeners: [],
    /**
     * Map layers, bottom to top: the reference layers' shapes in view and the neighbours (snap
     * targets), draft edits, merge choice, the shape.
     */
    groups: {
      reference: L.geoJSON(null, {
        interactive: false,
        pmIgnore: true,
        snapIgnore: false, // Geoman snaps to these
        style: () => STYLES.reference,
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { ...STYLES.reference, radius: 3 }),
      }),
      neighbours: L.geoJSON(null, {
        interactive: false,
        pmIgnore: true,
        snapIgnore: false, // Geoman snaps to these
        style: () => STYLES.neighbour,
      }),
      draft: L.layerGroup(),
      merge: L.layerGroup(),
      working: L.layerGroup(),
    },
    /** Loading the neighbours (editor/snapping.js): the timer and the request in flight. */
    neighbourTimer: undefined,
    neighbourRequest: undefined,
  };
}

/** The schema of the layer being edited. */
export const schemaOf = (ed) => ed.ctx.schemas.get(ed.layer);

/** The layer's name, "中文 English". */
export const layerName = (ed, layer) => ed.ctx.layerName(layer);
