// The tool in use (the mode): drawing and splitting with Leaflet-Geoman, editing vertices, moving,
// and the picking modes (select, merge) that take the map's clicks.

import { SNAP, STYLES } from './state.js';
import { updateTools } from './status.js';

/** Stops what Geoman is doing (drawing, vertex editing, dragging) and picking. */
export function leaveMode(ed) {
  const { map } = ed;
  if (map.pm.globalDrawModeEnabled()) map.pm.disableDraw();
  if (ed.working?.pm) {
    ed.working.pm.disable();
    ed.working.pm.disableLayerDrag();
  }
  map.getContainer().classList.remove('picking');
}

/** Switches to a tool (or none: null); the listeners of ed.modeListeners hear of it. */
export function setMode(ed, mode) {
  const { map } = ed;
  leaveMode(ed);
  ed.mode = mode;
  ed.ctx.state.mapMode = mode;
  switch (mode) {
    case 'draw':
      map.pm.enableDraw('Polygon', {
        ...SNAP,
        finishOn: null,
        templineStyle: { color: STYLES.working.color, weight: 2.5 },
        hintlineStyle: { color: STYLES.working.color, dashArray: '5 5' },
        pathOptions: STYLES.working,
      });
      break;
    case 'split':
      map.pm.enableDraw('Line', {
        ...SNAP,
        templineStyle: STYLES.splitLine,
        hintlineStyle: { ...STYLES.splitLine, dashArray: '5 5' },
        pathOptions: STYLES.splitLine,
      });
      break;
    case 'vertices':
      ed.working?.pm.enable({ ...SNAP, draggable: false });
      break;
    case 'move':
      ed.working?.pm.enableLayerDrag();
      break;
    case 'select':
    case 'merge':
      map.getContainer().classList.add('picking');
      break;
    default:
      break;
  }
  for (const listener of ed.modeListeners) listener(mode);
  updateTools(ed);
}

/** The tool's button: switches the tool on, or off when it is on. */
export function toggleMode(ed, mode) {
  setMode(ed, ed.mode === mode ? null : mode);
}

/** Finishes the shape being drawn, as a click on its first (polygon) or last (line) vertex. */
export function finishDrawing(ed) {
  const shape = ed.mode === 'draw' ? 'Polygon' : ed.mode === 'split' ? 'Line' : null;
  if (!shape) return;
  const draw = ed.map.pm.Draw[shape];
  if (draw?._enabled) draw._finishShape();
}

/** Removes the last vertex placed while drawing (Backspace); whether there was a drawing. */
export function undoVertex(ed) {
  const shape = ed.mode === 'draw' ? 'Polygon' : ed.mode === 'split' ? 'Line' : null;
  const draw = shape ? ed.map.pm.Draw[shape] : null;
  if (!draw?._enabled) return false;
  if (draw._layer?.getLatLngs().length) draw._removeLastVertex();
  return true;
}
