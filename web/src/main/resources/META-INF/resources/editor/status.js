// What the panel shows of the editor's state: which tools can be used, the hint of the tool in
// use, the message line, the result of a commit, and the hooks tests read.

import { problemBox } from '../api.js';
import { h } from '../dom.js';
import { commitsRole, editsRole } from '../session.js';

const HINTS = {
  draw: '在地图上依次点击放置节点，点击第一个节点完成；Backspace 撤销上一个节点，Esc 取消。 Click to place vertices, click the first one to finish; Backspace undoes the last vertex, Esc cancels.',
  select: '在地图上点击要选择的要素。 Click the feature to select on the map.',
  vertices:
    '拖动节点修改形状，点击边中点增加节点，右键删除节点。 Drag vertices; click a mid-point to add one; right-click to remove one.',
  move: '拖动要素移动位置。 Drag the feature to move it.',
  split:
    '画一条穿过所选要素的线，点击最后一个节点完成；Backspace 撤销上一个节点。 Draw a line across the feature; click its last vertex to finish; Backspace undoes the last vertex.',
  merge:
    '点击要合并的相邻要素（再次点击取消），然后点「合并」。 Click the touching features to merge (again to drop one), then “Merge”.',
};

/** Who is logged in, or null. */
export const user = (ed) => ed.ctx.session.user;

/** Whether the user may edit now (not while the map shows the past). */
export const canEdit = (ed) => editsRole(user(ed)?.role) && !ed.asOf;

/** Copies the state to the hooks tests read and to the panel's data attributes. */
function sync(ed) {
  const { hooks } = ed;
  const { panel } = ed.ui;
  hooks.draftId = ed.draft?.id ?? null;
  hooks.selected = ed.selected ? { ...ed.selected } : null;
  hooks.mode = ed.mode;
  panel.dataset.mode = ed.mode ?? '';
  panel.dataset.draft = String(ed.draft?.id ?? '');
  panel.dataset.layer = ed.layer;
  panel.dataset.selected = ed.selected ? `${ed.selected.layer}/${ed.selected.id}` : '';
}

/** Enables the tools and buttons the state allows. */
export function updateTools(ed) {
  const ui = ed.ui;
  const editable = canEdit(ed);
  const hasShape = Boolean(ed.working);
  const hasSelected = Boolean(ed.selected);
  const enabled = {
    draw: editable,
    select: editable,
    vertices: editable && hasShape,
    move: editable && hasShape,
    delete: editable && hasSelected,
    split: editable && hasSelected,
    merge: editable,
    history: hasSelected,
    coords: editable,
  };
  for (const [id, b] of ui.toolButtons) {
    b.disabled = !enabled[id];
    const on = id === 'coords' ? !ui.coords.element.hidden : ed.mode === id;
    b.setAttribute('aria-pressed', String(on));
    b.classList.toggle('active', on);
  }
  ui.finishButton.hidden = !(ed.mode === 'draw' || ed.mode === 'split');
  ui.cancelToolButton.hidden = !ed.mode;
  ui.hint.textContent = ed.mode ? (HINTS[ed.mode] ?? '') : '';
  ui.hint.hidden = !ed.mode;
  ui.layerSelect.disabled = !editable;
  const hasEdits = ed.edits.length > 0;
  ui.previewButton.disabled = !hasEdits;
  const role = user(ed)?.role;
  ui.commitButton.hidden = !commitsRole(role);
  ui.submitButton.hidden = role !== 'DISTRICT';
  ui.commitButton.disabled = !hasEdits || !editable;
  ui.submitButton.disabled = !hasEdits || !editable;
  ui.discardButton.hidden = !ed.draft;
  ui.saveButton.disabled = !editable;
  ui.readOnlyNote.hidden = !ed.asOf;
  ui.readOnlyNote.textContent = ed.asOf
    ? '正在查看历史时点，编辑已停用；回到现在后可编辑。 Viewing the past: editing is off until you return to now.'
    : '';
  sync(ed);
}

/** The message line: a text or an element, of a kind (info, ok, error); '' clears it. */
export function say(ed, text, kind = 'info') {
  const { message } = ed.ui;
  message.replaceChildren(typeof text === 'string' ? h('span', {}, text) : text);
  message.dataset.kind = kind;
  message.hidden = !text;
}

/** A failed request in the message line. */
export function showProblem(ed, error, ...extra) {
  say(ed, problemBox(error, ...extra), 'error');
}

/** The result of a preview, commit or submission under the buttons. */
export function showResult(ed, kind, content) {
  const { result } = ed.ui;
  result.hidden = false;
  result.dataset.status = kind;
  result.replaceChildren(content);
}
