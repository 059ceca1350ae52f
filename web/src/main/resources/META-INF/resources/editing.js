// Editing on the map page: puts together the session (login, role), the side panel with its tabs
// (编辑 Edit, 审核 Review / 我的提案 My proposals, 历史 History), the preview, the as-of view, and the
// History and Edit buttons of the "what is here" popup. The pieces are in session.js, editor.js,
// preview.js, review.js, history.js and asof.js.

import { get } from './api.js';
import { h } from './dom.js';
import { editsRole } from './session.js';
import { setUpPageHeader } from './page-header.js';
import { addParcelCases } from './popup.js';
import { createPreview } from './preview.js';
import { createEditor } from './editor.js';
import { createHistory } from './history.js';
import { createReview } from './review.js';
import { setUpAsOf } from './asof.js';
import { createInbox } from './inbox.js';

/** Sets up editing on the page built by app.js (state: map, layers, infos, districts, …). */
export async function setUpEditing(state) {
  const session = setUpPageHeader();
  const schemaList = await get('/api/editable-layers');
  const schemas = new Map(schemaList.map((s) => [s.layer, s]));
  const layerName = (id) => {
    const s = schemas.get(id) ?? state.infos.find((i) => i.id === id);
    return s ? `${s.name} ${s.nameEn}` : id;
  };
  const districtName = (code) => {
    const d = state.districts?.find((x) => x.code === code);
    return d ? `${d.name} ${d.nameEn}` : code;
  };

  const ctx = {
    state,
    session,
    schemas,
    layerName,
    districtName,
    canEdit: () => editsRole(session.user?.role) && !state.asOf,
  };
  ctx.side = createSidePanel(state, (tab) => {
    ctx.editor?.setActive(tab === 'edit-panel');
    if (tab === 'history-panel') ctx.preview.clear();
    else ctx.history?.clearOverlays();
    if (tab === 'review-panel') ctx.review.refresh();
  });
  ctx.preview = createPreview(state, layerName);
  ctx.afterCommitted = (answer) => {
    const layers = new Set([
      ...(answer?.edits ?? []).map((e) => e.layer),
      ...(answer?.effects?.features ?? []).map((f) => f.layer),
    ]);
    for (const id of layers) state.layers[id]?.redraw();
    state.reloadQuota?.().catch(() => {});
    ctx.editor.refreshNeighbours();
    ctx.history.refresh(layers);
    ctx.review.refresh();
  };
  ctx.history = createHistory(ctx);
  ctx.editor = createEditor(ctx);
  ctx.review = createReview(ctx);
  ctx.inbox = createInbox(ctx);
  setUpAsOf(ctx);

  state.decoratePopup = (content) => decoratePopup(ctx, content);

  const editToggle = document.getElementById('edit-toggle');
  const reviewToggle = document.getElementById('review-toggle');
  editToggle.addEventListener('click', () => ctx.side.toggle('edit-panel'));
  reviewToggle.addEventListener('click', () => ctx.side.toggle('review-panel'));

  session.onChange((user) => {
    const edits = editsRole(user?.role);
    editToggle.hidden = !edits;
    reviewToggle.hidden = !edits;
    ctx.inbox.refresh().catch(() => {});
    state.onUser?.(user);
    ctx.side.allow({ 'edit-panel': edits, 'review-panel': edits });
    ctx.review.layout();
    if (edits) ctx.review.refresh();
    ctx.editor.reset().catch(() => {});
    ctx.history.refresh();
  });
  await session.refresh();
  return ctx;
}

/**
 * The History (and, for editors, Edit) buttons in the popup's sections of editable layers; the
 * cases of a parcel's enterprises for anyone logged in (popup.js addParcelCases).
 */
function decoratePopup(ctx, content) {
  // the cases of the parcel's enterprises: the efficiency API's, for anyone logged in
  if (ctx.session.user) {
    addParcelCases(content, (id) => get(`/api/efficiency/cases?parcel=${encodeURIComponent(id)}&limit=20`));
  }
  for (const section of content.querySelectorAll('section.fp-feature')) {
    const { layer, id } = section.dataset;
    if (!ctx.schemas.has(layer)) continue;
    const history = h(
      'button',
      {
        type: 'button',
        className: 'fp-button fp-history',
        title: '查看版本历史 Versions of this feature',
      },
      '历史 History',
    );
    history.addEventListener('click', () => ctx.history.open(layer, id));
    const buttons = h('div', { className: 'fp-buttons' }, history);
    if (ctx.canEdit()) {
      const edit = h(
        'button',
        { type: 'button', className: 'fp-button fp-edit', title: '在编辑面板中修改 Edit it' },
        '编辑 Edit',
      );
      edit.addEventListener('click', () => {
        ctx.side.open('edit-panel');
        ctx.editor.edit(layer, id);
        ctx.state.map.closePopup();
      });
      buttons.append(edit);
    }
    section.querySelector('.fp-layer')?.after(buttons);
  }
}

/** The side panel (#side-panel) docked on the right: tabs, open, close; the map makes room. */
function createSidePanel(state, onTab) {
  const aside = document.getElementById('side-panel');
  const main = document.querySelector('.app-main');
  const tabs = [...aside.querySelectorAll('.side-tabs [data-tab]')];
  const toggles = {
    'edit-panel': document.getElementById('edit-toggle'),
    'review-panel': document.getElementById('review-toggle'),
  };
  let current = null;
  const allowed = { 'edit-panel': false, 'review-panel': false, 'history-panel': true };
  // Panels over the map that opening the side panel folds, and closing it unfolds if it folded
  // them: the legend always, the quota panel on screens under 1600 px wide, so that the map keeps
  // at least 60% of the width beside the side panel (1366 px: 974 px of map, 622 with the quota
  // panel open over it).
  const foldable = [
    { panel: 'legend', toggle: '.legend-heading', always: true },
    { panel: 'quota-panel', toggle: '#quota-toggle', always: false },
  ];
  const folded = new Set();
  const foldPanels = (fold) => {
    for (const f of foldable) {
      const panel = document.getElementById(f.panel);
      const toggle = panel?.querySelector(f.toggle);
      if (!toggle) continue;
      const collapsed = panel.classList.contains('collapsed');
      if (fold && !collapsed && (f.always || window.innerWidth < 1600)) {
        toggle.click();
        folded.add(f.panel);
      } else if (!fold && folded.has(f.panel)) {
        if (collapsed) toggle.click();
        folded.delete(f.panel);
      }
    }
  };

  const show = (tab) => {
    current = tab;
    aside.hidden = !tab;
    aside.dataset.tab = tab ?? '';
    main.classList.toggle('side-open', Boolean(tab));
    for (const t of tabs) {
      const on = t.dataset.tab === tab;
      t.setAttribute('aria-selected', String(on));
      t.classList.toggle('active', on);
      document.getElementById(t.dataset.tab).hidden = !on;
    }
    for (const [id, toggle] of Object.entries(toggles)) {
      toggle.setAttribute('aria-pressed', String(id === tab));
    }
    foldPanels(Boolean(tab)); // room for the map beside the panel
    state.map.invalidateSize({ pan: false });
    onTab(tab);
  };
  for (const t of tabs) t.addEventListener('click', () => show(t.dataset.tab));
  document.getElementById('side-close').addEventListener('click', () => show(null));

  return {
    open(tab) {
      if (allowed[tab] && current !== tab) show(tab);
    },
    close() {
      show(null);
    },
    toggle(tab) {
      show(current === tab ? null : tab);
    },
    get tab() {
      return current;
    },
    /** Which tabs the user may open ({tab: boolean}); closes a tab no longer allowed. */
    allow(rights) {
      Object.assign(allowed, rights);
      for (const t of tabs) t.hidden = !allowed[t.dataset.tab];
      if (current && !allowed[current]) show(null);
    },
  };
}
