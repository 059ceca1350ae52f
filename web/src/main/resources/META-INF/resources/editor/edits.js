// Sending edits to the draft: a new or changed feature from the form, a deletion (confirmed), a
// split along a drawn line; and a refused edit explained (the repaired shape offered, the fields
// marked, a changed feature to reload).

import { ApiError, post } from '../api.js';
import { button, h } from '../dom.js';
import { latLngsOf, polygonGeometry } from '../geo.js';
import { loadDraft, newDraftFields, reasonError, refreshDraftChoices } from './draft.js';
import { fieldError, readValues, renderForm } from './form.js';
import { setMode } from './modes.js';
import { clearWorking, makeWorking, selectFeature } from './shape.js';
import { layerName, STYLES } from './state.js';
import { canEdit, say, showProblem } from './status.js';

/** Saves the working shape and the form to the draft, as a new feature or a change. */
export async function save(ed) {
  if (!ed.working || !ed.action) return;
  const values = readValues(ed);
  if (!values) {
    say(ed, '请修正标红的字段 Correct the fields marked in red', 'error');
    return;
  }
  const body = { layer: ed.layer, action: ed.action, properties: values };
  if (ed.action === 'create' || ed.geometryChanged) body.geometry = polygonGeometry(ed.working);
  if (ed.action === 'update') {
    body.featureId = ed.selected.id;
    body.baseVersion = ed.selected.version;
    if (!body.geometry && Object.keys(values).length === 0) {
      say(ed, '没有修改 Nothing changed');
      return;
    }
  }
  await send(
    ed,
    `/edits`,
    body,
    (answer) => `已加入草稿（第 ${answer.seq} 项） Added to the draft (edit ${answer.seq})`,
  );
}

/** The member of a new draft's body that carries its first action, by the draft's path for it. */
const FIRST_ACTION = { '/edits': 'edit', '/split': 'split', '/merge': 'merge' };

/**
 * POSTs to the draft; without one, makes the draft with this as its first action in one request
 * (a refused action leaves no draft). On success clears the shape and reloads the draft.
 */
export async function send(ed, path, body, done) {
  const { saveButton } = ed.ui;
  saveButton.disabled = true;
  try {
    let id;
    let answer;
    if (ed.draft) {
      id = ed.draft.id;
      answer = await post(`/api/change-sets/${id}${path}`, body);
    } else {
      const fields = newDraftFields(ed);
      if (!fields) return;
      id = (await post('/api/change-sets', { ...fields, [FIRST_ACTION[path]]: body })).id;
    }
    clearWorking(ed);
    ed.ctx.preview.clear();
    await loadDraft(ed, id);
    if (!answer) await refreshDraftChoices(ed);
    // a new draft holds only what its first action made
    say(ed, done(answer ?? { seq: 1, pieces: ed.edits.length }), 'ok');
  } catch (error) {
    editProblem(ed, error, body);
  } finally {
    saveButton.disabled = !canEdit(ed);
  }
}

/** A refused edit, explained; offers the repaired shape, or reloading a changed feature. */
function editProblem(ed, error, body) {
  if (!(error instanceof ApiError)) {
    showProblem(ed, error);
    return;
  }
  const p = error.problem;
  switch (error.kind) {
    case 'invalid-geometry': {
      const use = button('use-repaired', '使用修复后的形状', 'Use the repaired shape', 'primary small');
      use.addEventListener('click', () => {
        const values = readValues(ed, false);
        const latlngs = latLngsOf(p.repaired);
        const keep = { feature: ed.feature, selected: ed.selected, action: ed.action };
        makeWorking(ed, latlngs);
        Object.assign(ed, keep, { geometryChanged: true });
        renderForm(ed, ed.feature?.properties ?? {}, values);
        say(
          ed,
          '已换成修复后的形状：请检查后再次保存。 The repaired shape is loaded: check it, then save again.',
        );
        setMode(ed, 'vertices');
      });
      showProblem(
        ed,
        error,
        h('div', { className: 'problem-reason' }, `原因 Reason: ${p.reason ?? ''}`),
        ed.working && p.repaired ? use : null,
      );
      break;
    }
    case 'invalid-attributes': {
      const unplaced = [];
      for (const text of p.errors ?? []) {
        const [property, ...rest] = String(text).split(':');
        if (!fieldError(ed, property.trim(), rest.join(':').trim() || text)) unplaced.push(text);
      }
      showProblem(
        ed,
        error,
        unplaced.length ? h('ul', {}, ...unplaced.map((t) => h('li', {}, t))) : null,
      );
      break;
    }
    case 'stale-version':
    case 'version-required': {
      const layer = body?.layer ?? ed.layer;
      const id = body?.featureId ?? ed.selected?.id;
      const reload = button('reload-feature', '重新加载要素', 'Reload the feature', 'primary small');
      reload.addEventListener('click', async () => {
        try {
          await selectFeature(ed, layer, id);
          say(ed, '已加载最新版本，请重做修改。 The current version is loaded: redo your edit.');
        } catch (e) {
          showProblem(ed, e);
        }
      });
      showProblem(ed, error, staleList(ed, p), id ? reload : null);
      break;
    }
    case 'reason-required':
      reasonError(ed, p.detail);
      showProblem(ed, error);
      break;
    default:
      showProblem(ed, error);
  }
}

/** The features changed by someone else (a 412 problem's stale list and changes), or null. */
export function staleList(ed, p) {
  const items = [];
  for (const s of p.stale ?? []) {
    const name = s.code ? `${s.layerName ?? layerName(ed, s.layer)} ${s.code}` : null;
    items.push(
      h(
        'li',
        {},
        `${name ?? `${layerName(ed, s.layer)} #${s.featureId}`}: 第 ${s.baseVersion} 版 → ${
          s.currentVersion == null ? '已删除 deleted' : `第 ${s.currentVersion} 版`
        }`,
      ),
    );
  }
  for (const c of p.changes ?? []) {
    items.push(
      h(
        'li',
        {},
        `v${c.version} · ${c.author} · ${c.reason}${c.documentNumber ? ` · ${c.documentNumber}` : ''}`,
      ),
    );
  }
  return items.length ? h('ul', { className: 'stale-list' }, ...items) : null;
}

/** Asks whether to delete the selected feature; yes puts the deletion in the draft. */
export function confirmDelete(ed) {
  const { deleteBox } = ed.ui;
  if (!ed.selected) return;
  setMode(ed, null);
  const p = ed.feature?.properties ?? {};
  const yes = button('delete-confirm', '确认删除', 'Delete it', 'danger small');
  const no = button('delete-cancel', '取消', 'Cancel', 'small');
  deleteBox.replaceChildren(
    h(
      'p',
      {},
      `删除${layerName(ed, ed.layer)} ${p.code ?? ''}（#${ed.selected.id}）？ Delete this feature?`,
    ),
    h('div', { className: 'button-row' }, yes, no),
  );
  deleteBox.hidden = false;
  no.addEventListener('click', () => {
    deleteBox.hidden = true;
  });
  yes.addEventListener('click', () => {
    deleteBox.hidden = true;
    const { layer, id, version } = ed.selected;
    send(
      ed,
      '/edits',
      { layer, action: 'delete', featureId: id, baseVersion: version },
      () => '删除已加入草稿 The deletion is in the draft',
    );
  });
}

/**
 * Splits the selected feature along a drawn line (GeoJSON LineString), in the draft. Without a
 * draft and a reason, the line stays on the map with a button to split along it once the reason is
 * given: a drawn line is not lost to a missing reason.
 */
export function split(ed, line) {
  if (!ed.selected) return;
  const { layer, id, version } = ed.selected;
  setMode(ed, null);
  if (!ed.draft && !ed.ui.reasonInput.value.trim()) {
    keepSplitLine(ed, line);
    return;
  }
  ed.splitLine?.remove();
  ed.splitLine = null;
  send(
    ed,
    '/split',
    { layer, featureId: id, baseVersion: version, line },
    (answer) =>
      `已分割为 ${answer.pieces} 块，已加入草稿 Split into ${answer.pieces} pieces, in the draft`,
  );
}

/** The drawn split line kept on the map until the reason is given, with the button to use it. */
function keepSplitLine(ed, line) {
  ed.splitLine?.remove();
  ed.splitLine = L.polyline(
    line.coordinates.map(([lon, lat]) => L.latLng(lat, lon)),
    { ...STYLES.splitLine, dashArray: '6 4', interactive: false, pmIgnore: true },
  );
  ed.groups.working.addLayer(ed.splitLine);
  reasonError(ed, '请先填写修改原因 Enter the reason for the change first');
  const retry = button('split-retry', '沿此线分割', 'Split along this line', 'primary small');
  retry.addEventListener('click', () => split(ed, line));
  say(
    ed,
    h(
      'span',
      {},
      '分割线已保留：填写修改原因后点「沿此线分割」。 The line is kept: enter the reason, then split along it. ',
      retry,
    ),
  );
  ed.ui.reasonInput.focus();
}
