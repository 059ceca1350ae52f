// The editing panel (#edit-panel): the layer to edit, the draft change set (修改原因, 文号), the tools
// (draw with snapping, select, edit vertices, move, delete, split, merge, history), the attribute
// form built from the layer's schema, the edits of the draft, preview, and commit (bureau) or submit
// for review (district officer). Shapes are drawn and edited with Leaflet-Geoman; it snaps to the
// neighbours of the edited layer in view, loaded as GeoJSON (it cannot snap to vector tiles).
//
// The editor's state is one object (editor/state.js) that the tools, a module each, take first:
// editor/panel.js (the controls), status.js (what the panel shows), modes.js (the tool in use),
// shape.js (the shape being edited), form.js (its attributes), snapping.js (the neighbours),
// draft.js (the change set), edits.js (saving, deleting, splitting), merge.js, commit.js (preview,
// commit, submit). This module makes the state and wires the panel and the map to the tools.
//
// For tests: window.redline.editing = {draftId, selected: {layer, id, version}, mode, neighbours}.

import { lineGeometry } from './geo.js';
import { editsRole } from './session.js';
import { finish, runPreview } from './editor/commit.js';
import { closeCoords, readCoords, toggleCoords } from './editor/coords.js';
import {
  discard,
  loadDraft,
  reasonError,
  refreshDraftChoices,
  renderDraft,
} from './editor/draft.js';
import { confirmDelete, save, split } from './editor/edits.js';
import { fieldError } from './editor/form.js';
import { clearMerge, setUpMerge, toggleMerge } from './editor/merge.js';
import { finishDrawing, setMode, toggleMode, undoVertex } from './editor/modes.js';
import { createPanel } from './editor/panel.js';
import { clearWorking, featureAt, selectFeature, startNew } from './editor/shape.js';
import { scheduleNeighbours } from './editor/snapping.js';
import { createEditorState, layerName } from './editor/state.js';
import { say, showProblem, updateTools, user } from './editor/status.js';

/**
 * The editor. ctx: {state, session, schemas (Map layer → schema), layerName, preview, side,
 * afterCommitted(result), history, review}.
 */
export function createEditor(ctx) {
  const { schemas } = ctx;
  const panel = document.getElementById('edit-panel');
  const ed = createEditorState(ctx);
  ed.ui = createPanel(panel, schemas, ed.layer);
  window.redline.editing = ed.hooks;
  setUpGeoman(ed);
  setUpMerge(ed);
  wireMap(ed);
  wirePanel(ed);
  renderDraft(ed);

  return {
    /** The panel is shown (true) or hidden: the editing layers are on the map only while shown. */
    setActive(on) {
      if (ed.active === on) return;
      ed.active = on;
      for (const layer of Object.values(ed.groups)) {
        if (on) layer.addTo(ed.map);
        else layer.remove();
      }
      if (!on) setMode(ed, null);
      scheduleNeighbours(ed);
    },
    /** The user changed: reset to their drafts. */
    async reset() {
      clearWorking(ed);
      clearMerge(ed);
      ed.draft = null;
      ed.edits = [];
      ed.groups.draft.clearLayers();
      ed.ui.result.hidden = true;
      say(ed, '');
      renderDraft(ed);
      if (editsRole(user(ed)?.role)) await refreshDraftChoices(ed);
    },
    setAsOf(asOf) {
      ed.asOf = asOf;
      if (asOf) setMode(ed, null);
      updateTools(ed);
      scheduleNeighbours(ed);
    },
    /** Opens a draft (e.g. a revert) and previews it. */
    async openDraft(id, { runPreview: andPreview = false } = {}) {
      clearWorking(ed);
      await loadDraft(ed, id);
      ed.ui.result.hidden = true;
      if (andPreview) await runPreview(ed);
    },
    /** Selects a feature for editing (from the popup). */
    async edit(layer, id) {
      try {
        await selectFeature(ed, layer, id);
      } catch (error) {
        showProblem(ed, error);
      }
    },
    refreshNeighbours: () => scheduleNeighbours(ed),
  };
}

/** Geoman's drawing tooltips, Chinese first; a finished drawing becomes a new shape or a split. */
function setUpGeoman(ed) {
  const { map } = ed;
  map.pm.setLang(
    'zh',
    {
      tooltips: {
        firstVertex: '点击放置第一个节点 Click to place the first vertex',
        continueLine: '点击继续绘制 Click to continue',
        finishLine: '点击最后一个节点完成 Click the last vertex to finish',
        finishPoly: '点击第一个节点完成 Click the first vertex to finish',
      },
    },
    'zh',
  );
  map.on('pm:create', (e) => {
    const drawn = e.layer;
    map.removeLayer(drawn); // our own layers take the shape over
    if (ed.mode === 'draw' && e.shape === 'Polygon') {
      startNew(ed, drawn.getLatLngs());
    } else if (ed.mode === 'split' && e.shape === 'Line') {
      split(ed, lineGeometry(drawn));
    }
  });
}

/** The map's clicks while selecting or merging; the neighbours follow the view. */
function wireMap(ed) {
  const { map } = ed;
  map.on('click', async (e) => {
    if (ed.mode !== 'select' && ed.mode !== 'merge') return;
    try {
      const found = await featureAt(ed, e.latlng);
      if (!found) {
        const name = layerName(ed, ed.layer);
        say(ed, `此处没有${name} No ${name} here`);
        return;
      }
      if (ed.mode === 'select') {
        await selectFeature(ed, ed.layer, found.id);
        setMode(ed, null);
      } else {
        await toggleMerge(ed, found.id);
      }
    } catch (error) {
      showProblem(ed, error);
    }
  });
  map.on('moveend', () => {
    if (ed.active) scheduleNeighbours(ed);
  });
  document.addEventListener('keydown', (e) => {
    if (!ed.active || !ed.mode) return;
    if (e.target.closest?.('input, select, textarea')) return;
    if (e.key === 'Escape') setMode(ed, null);
    else if (e.key === 'Backspace' && undoVertex(ed)) e.preventDefault();
  });
}

/** The panel's controls to the tools. */
function wirePanel(ed) {
  const ui = ed.ui;
  ui.layerSelect.addEventListener('change', () => {
    clearWorking(ed);
    clearMerge(ed);
    ed.layer = ui.layerSelect.value;
    say(ed, '');
    updateTools(ed);
    scheduleNeighbours(ed);
  });
  ui.draftSelect.addEventListener('change', async () => {
    try {
      ed.ctx.preview.clear();
      clearWorking(ed);
      await loadDraft(ed, ui.draftSelect.value ? Number(ui.draftSelect.value) : null);
    } catch (error) {
      showProblem(ed, error);
    }
  });
  ui.reasonInput.addEventListener('input', () => reasonError(ed, null));
  ui.discardButton.addEventListener('click', () => discard(ed));
  for (const [id, b] of ui.toolButtons) {
    b.addEventListener('click', async () => {
      say(ed, '');
      switch (id) {
        case 'delete':
          confirmDelete(ed);
          break;
        case 'history':
          if (ed.selected) ed.ctx.history.open(ed.selected.layer, ed.selected.id);
          break;
        case 'coords':
          toggleCoords(ed);
          break;
        default:
          toggleMode(ed, id);
      }
    });
  }
  ui.coords.read.addEventListener('click', () => readCoords(ed));
  ui.coords.close.addEventListener('click', () => closeCoords(ed));
  ui.finishButton.addEventListener('click', () => finishDrawing(ed));
  ui.cancelToolButton.addEventListener('click', () => setMode(ed, null));
  ui.saveButton.addEventListener('click', () => save(ed));
  ui.cancelEditButton.addEventListener('click', () => {
    clearWorking(ed);
    say(ed, '');
  });
  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    save(ed);
  });
  ui.form.addEventListener('input', (e) => {
    const row = e.target.closest('.ef-field');
    if (row?.classList.contains('invalid')) fieldError(ed, row.dataset.property, null);
  });
  ui.previewButton.addEventListener('click', () => runPreview(ed));
  ui.commitButton.addEventListener('click', () => finish(ed, 'commit'));
  ui.submitButton.addEventListener('click', () => finish(ed, 'submit'));
}
