// Merging: while the merge tool is on, clicked features of the edited layer are chosen (the
// selected one first, kept), shown on the map and listed; "Merge" puts the merge in the draft.

import { get } from '../api.js';
import { button, h } from '../dom.js';
import { send } from './edits.js';
import { setMode } from './modes.js';
import { STYLES } from './state.js';

/** Listens to the mode: the merge box is shown with the merge tool, and emptied without it. */
export function setUpMerge(ed) {
  ed.modeListeners.push((mode) => {
    ed.ui.mergeBox.hidden = mode !== 'merge';
    if (mode === 'merge') renderMerge(ed);
    else clearMerge(ed);
  });
}

/** Adds a feature to the features to merge, or takes it out again. */
export async function toggleMerge(ed, id) {
  const at = ed.mergeSet.findIndex((m) => m.id === Number(id));
  if (at >= 0) {
    ed.mergeSet.splice(at, 1);
  } else {
    const f = await get(`/api/layers/${ed.layer}/features/${id}`);
    ed.mergeSet.push({
      id: Number(f.id ?? id),
      version: f.properties.version,
      code: f.properties.code,
      geometry: f.geometry,
    });
  }
  renderMerge(ed);
}

function renderMerge(ed) {
  const { mergeBox } = ed.ui;
  const group = ed.groups.merge;
  if (ed.mode === 'merge' && ed.mergeSet.length === 0 && ed.selected && ed.feature) {
    ed.mergeSet.push({
      id: ed.selected.id,
      version: ed.selected.version,
      code: ed.feature.properties.code,
      geometry: ed.feature.geometry,
    });
  }
  group.clearLayers();
  for (const m of ed.mergeSet) {
    group.addLayer(
      L.geoJSON(m.geometry, { interactive: false, snapIgnore: true, style: () => STYLES.merge }),
    );
  }
  const go = button(
    'merge-confirm',
    `合并 ${ed.mergeSet.length} 个`,
    `Merge ${ed.mergeSet.length}`,
    'primary small',
  );
  go.disabled = ed.mergeSet.length < 2;
  go.addEventListener('click', () => {
    const chosen = ed.mergeSet;
    setMode(ed, null);
    send(
      ed,
      '/merge',
      {
        layer: ed.layer,
        featureIds: chosen.map((m) => m.id),
        baseVersions: chosen.map((m) => m.version),
      },
      () =>
        `已合并 ${chosen.length} 个要素到 ${chosen[0].code}，已加入草稿 Merged into ${chosen[0].code}, in the draft`,
    );
  });
  mergeBox.replaceChildren(
    h('div', { className: 'merge-title' }, `合并所选 Features to merge (${ed.mergeSet.length})`),
    h(
      'ul',
      { id: 'merge-list' },
      ...ed.mergeSet.map((m, i) =>
        h('li', { dataset: { id: m.id } }, `${m.code ?? `#${m.id}`}${i === 0 ? ' ← 保留 kept' : ''}`),
      ),
    ),
    h('div', { className: 'button-row' }, go),
  );
}

/** No features to merge. */
export function clearMerge(ed) {
  ed.mergeSet = [];
  ed.groups.merge.clearLayers();
  ed.ui.mergeBox.replaceChildren();
}
