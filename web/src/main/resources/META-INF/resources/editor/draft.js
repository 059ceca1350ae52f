// The draft change set: made with the first edit saved (a reason is needed), resumed from the list
// of the user's drafts, its edits listed and drawn on the map, discarded, or emptied once committed
// or submitted.

import { del, get } from '../api.js';
import { h } from '../dom.js';
import { mu } from '../format.js';
import { boundsOf } from '../geo.js';
import { bilingual, CHANGE_SET_STATUSES, EDIT_ACTIONS } from '../vocabulary.js';
import { clearWorking } from './shape.js';
import { layerName, STYLES } from './state.js';
import { say, showProblem, updateTools, user } from './status.js';

/** Shows (or with null clears) the error of the reason field. */
export function reasonError(ed, text) {
  const { reasonInput } = ed.ui;
  document.getElementById('change-reason-error').textContent = text ?? '';
  reasonInput.setAttribute('aria-invalid', String(Boolean(text)));
  reasonInput.closest('label').classList.toggle('invalid', Boolean(text));
}

/**
 * The reason and 文号 a new draft is made with (by its first edit, split or merge, in one request:
 * a refused action leaves no draft); null, with the reason field marked, when no reason is given.
 */
export function newDraftFields(ed) {
  const { reasonInput, documentInput } = ed.ui;
  const reason = reasonInput.value.trim();
  if (!reason) {
    reasonError(ed, '请先填写修改原因 Enter the reason for the change first');
    reasonInput.focus();
    return null;
  }
  reasonError(ed, null);
  return { reason, documentNumber: documentInput.value.trim() || null };
}

/** The change-set box (reason, 文号, status) and the list of edits. */
export function renderDraft(ed) {
  const { reasonInput, documentInput, draftStatus } = ed.ui;
  const cs = ed.draft;
  reasonInput.disabled = Boolean(cs);
  documentInput.disabled = Boolean(cs);
  if (cs) {
    reasonInput.value = cs.reason ?? '';
    documentInput.value = cs.documentNumber ?? '';
    const status = CHANGE_SET_STATUSES[cs.status] ?? [cs.status, cs.status];
    draftStatus.replaceChildren(
      h('span', { className: `status-badge status-${cs.status}` }, bilingual(status)),
      ` 变更集 Change set #${cs.id}`,
      cs.revertsChangeSetId ? ` · 撤销 reverts #${cs.revertsChangeSetId}` : '',
    );
  } else {
    draftStatus.textContent =
      '尚无草稿：第一次保存修改时创建。 No draft yet: one is made with the first edit you save.';
  }
  renderEdits(ed);
  updateTools(ed);
}

/** The list of the user's drafts to resume. */
export async function refreshDraftChoices(ed) {
  const { draftSelect } = ed.ui;
  if (!user(ed)) return;
  let drafts;
  try {
    drafts = (await get('/api/change-sets?status=DRAFT')).filter(
      (c) => c.author === user(ed).username,
    );
  } catch {
    drafts = [];
  }
  draftSelect.replaceChildren(
    h('option', { value: '' }, '新草稿 New draft'),
    ...drafts.map((c) =>
      h('option', { value: String(c.id) }, `#${c.id} · ${c.reason} (${c.edits})`),
    ),
  );
  draftSelect.value = ed.draft ? String(ed.draft.id) : '';
}

/** Loads a draft (or none) with its edits into the panel and the map. */
export async function loadDraft(ed, id) {
  if (!id) {
    forgetDraft(ed);
    renderDraft(ed);
    ed.ui.draftSelect.value = '';
    return;
  }
  const detail = await get(`/api/change-sets/${id}`);
  ed.draft = detail.changeSet;
  ed.edits = detail.edits;
  await Promise.all(
    ed.edits
      .filter((e) => e.featureId != null && !ed.known.has(`${e.layer}/${e.featureId}`))
      .map((e) =>
        get(`/api/layers/${e.layer}/features/${e.featureId}`)
          .then((f) =>
            ed.known.set(`${e.layer}/${e.featureId}`, {
              code: f.properties.code,
              geometry: f.geometry,
            }),
          )
          .catch(() => ed.known.set(`${e.layer}/${e.featureId}`, { code: null, geometry: null })),
      ),
  );
  drawDraft(ed);
  renderDraft(ed);
  await refreshDraftChoices(ed);
}

function editCode(ed, e) {
  const properties = e.properties ?? {};
  if (e.featureId == null) return properties.code ?? '新 New';
  return ed.known.get(`${e.layer}/${e.featureId}`)?.code ?? `#${e.featureId}`;
}

function editGeometry(ed, e) {
  return e.geometry ?? ed.known.get(`${e.layer}/${e.featureId}`)?.geometry ?? null;
}

function drawDraft(ed) {
  const group = ed.groups.draft;
  group.clearLayers();
  for (const e of ed.edits) {
    const geometry = editGeometry(ed, e);
    if (!geometry) continue;
    const style = e.action === 'DELETE' ? STYLES.draftDelete : STYLES.draft;
    group.addLayer(
      L.geoJSON(geometry, {
        interactive: false,
        pmIgnore: true,
        snapIgnore: e.action === 'DELETE', // new and changed shapes are snapped to
        style: () => style,
      }),
    );
  }
}

function renderEdits(ed) {
  const { editList } = ed.ui;
  if (!ed.edits.length) {
    editList.replaceChildren(
      h('li', { className: 'empty' }, ed.draft ? '草稿中还没有修改 No edits yet' : '—'),
    );
    return;
  }
  editList.replaceChildren(...ed.edits.map((e) => editItem(ed, e)));
}

/** An edit of the draft in the list: a click zooms to it, its × removes it from the draft. */
function editItem(ed, e) {
  const action = EDIT_ACTIONS[e.action] ?? [e.action, e.action];
  const remove = h(
    'button',
    {
      type: 'button',
      className: 'icon-button remove-edit',
      title: '移除此修改 Remove this edit',
    },
    '×',
  );
  remove.setAttribute('aria-label', '移除此修改 Remove this edit');
  remove.addEventListener('click', async (event) => {
    event.stopPropagation();
    try {
      await del(`/api/change-sets/${ed.draft.id}/edits/${e.seq}`);
      ed.ctx.preview.clear();
      await loadDraft(ed, ed.draft.id);
    } catch (error) {
      showProblem(ed, error);
    }
  });
  const li = h(
    'li',
    {
      tabIndex: 0,
      title: '缩放至此 Zoom to it',
      dataset: { seq: e.seq, layer: e.layer, action: e.action, featureId: e.featureId ?? '' },
    },
    h('span', { className: `action-badge action-${e.action}` }, bilingual(action)),
    h('span', { className: 'edit-layer-name' }, layerName(ed, e.layer)),
    h('b', { className: 'edit-code', title: editCode(ed, e) }, editCode(ed, e)),
    h('span', { className: 'edit-area' }, e.areaMu != null ? `${mu(e.areaMu)} 亩` : ''),
    remove,
  );
  li.addEventListener('click', () => {
    const geometry = editGeometry(ed, e);
    if (geometry) ed.ctx.state.fitBounds(boundsOf(geometry), 18);
  });
  return li;
}

/** No draft in the state, on the map or in the reason and 文号 fields. */
function forgetDraft(ed) {
  ed.draft = null;
  ed.edits = [];
  ed.groups.draft.clearLayers();
  ed.ui.reasonInput.value = '';
  ed.ui.documentInput.value = '';
}

/** No draft any more (committed, submitted or discarded): an empty panel. */
export async function afterFinished(ed) {
  ed.ctx.preview.clear();
  clearWorking(ed);
  forgetDraft(ed);
  renderDraft(ed);
  await refreshDraftChoices(ed);
}

/** Discards the draft (DELETE), with its edits; its messages and results go with it. */
export async function discard(ed) {
  if (!ed.draft) return;
  try {
    await del(`/api/change-sets/${ed.draft.id}`);
    const id = ed.draft.id;
    ed.ctx.preview.clear();
    await afterFinished(ed);
    ed.ui.result.hidden = true;
    ed.ui.result.replaceChildren();
    reasonError(ed, null);
    say(ed, `草稿 #${id} 已放弃 Draft #${id} discarded`);
  } catch (error) {
    showProblem(ed, error);
  }
}
