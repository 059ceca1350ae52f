// The history of a feature (#history-panel): its versions, newest first (version, date, author,
// reason, 文号, change set, area); two versions compared on the map (older dashed, newer solid) with
// the area added (green) and removed (red); and, for the bureau, reverting a change set.

import { get, post, problemBox } from './api.js';
import { attachmentList, attachmentUpload } from './attachments.js';
import { button, h } from './dom.js';
import { formatDate, mu } from './format.js';
import { bilingual, ENDINGS } from './vocabulary.js';
import { commitsRole } from './session.js';
import { overlay, overlaySwatch, OVERLAY_STYLES } from './preview.js';

// asof.js takes formatDate from here; its home is format.js
export { formatDate };

/** The newest versions whose change sets' attachments are listed (one request each). */
const MAX_VERSION_ATTACHMENTS = 10;

/** ctx: {state, session, layerName, side, editor, preview}. */
export function createHistory(ctx) {
  const { state, layerName } = ctx;
  const panel = document.getElementById('history-panel');
  const group = L.layerGroup().addTo(state.map);
  let current = null; // {layer, id, versions, code}

  function empty() {
    panel.replaceChildren(
      h(
        'p',
        { className: 'hint' },
        '在地图上点击要素，在弹窗中点「历史」；或在编辑面板选择要素后点「历史」。',
        h('br'),
        'Click a feature and choose “History” in its popup, or select it in the editor.',
      ),
    );
  }

  async function open(layer, id) {
    state.map.closePopup();
    ctx.side.open('history-panel');
    ctx.preview.clear();
    group.clearLayers();
    panel.dataset.layer = layer;
    panel.dataset.id = String(id);
    panel.replaceChildren(h('p', { className: 'hint' }, '加载中… Loading…'));
    try {
      const versions = await get(`/api/layers/${layer}/features/${id}/history`);
      current = { layer, id: Number(id), versions };
      render();
      const [newer, older] = versions;
      if (older) await compare(older.version, newer.version);
      else if (newer) await showVersion(newer.version);
    } catch (error) {
      panel.replaceChildren(problemBox(error));
    }
  }

  function render() {
    const { layer, id, versions } = current;
    const canRevert = commitsRole(ctx.session.user?.role);
    const latest = versions[0];
    const deleted = latest?.validTo && latest.endedBy === 'DELETE';
    const compareButton = button('history-compare', '比较所选版本', 'Compare', 'primary small');
    const diffBox = h('div', { id: 'history-diff', className: 'history-diff' });
    // the attachments of a version's change set (its 批文): read with a login, for the newest ten
    const loggedIn = Boolean(ctx.session.user);
    const mayAttach = loggedIn && ctx.canEdit();
    const changeSetFiles = (v, index) => {
      if (!loggedIn || index >= MAX_VERSION_ATTACHMENTS) return null;
      const files = attachmentList(
        { changeSetId: v.changeSetId },
        { limit: 5, withdrawable: canRevert },
      );
      if (!mayAttach) return files;
      const add = h(
        'button',
        { type: 'button', className: 'link-button version-attach' },
        `为变更集 #${v.changeSetId} 添加批文 Attach`,
      );
      const box = h('div', { className: 'version-attach-box', hidden: true });
      add.addEventListener('click', () => {
        if (!box.firstChild) {
          box.append(attachmentUpload({ changeSetId: v.changeSetId }, () => files.reload()));
        }
        box.hidden = !box.hidden;
      });
      return h('div', { className: 'version-attachments' }, files, add, box);
    };
    const items = versions.map((v, index) => {
      const check = h('input', {
        type: 'checkbox',
        className: 'version-check',
        value: String(v.version),
        title: '选择以比较 Choose to compare',
      });
      const ended = v.validTo
        ? h(
            'div',
            { className: 'version-ended' },
            `${formatDate(v.validTo)} ${bilingual(ENDINGS[v.endedBy] ?? [v.endedBy, ''])}`,
            v.endedByChangeSetId ? `（变更集 #${v.endedByChangeSetId}）` : '',
          )
        : h('div', { className: 'version-current' }, '现行版本 Current');
      const show = h(
        'button',
        { type: 'button', className: 'link-button version-show' },
        '在地图上显示 Show',
      );
      show.addEventListener('click', () => showVersion(v.version));
      const revert = canRevert
        ? h(
            'button',
            { type: 'button', className: 'link-button version-revert' },
            `撤销变更集 #${v.changeSetId} Revert`,
          )
        : null;
      const li = h(
        'li',
        { dataset: { version: v.version, changeSet: v.changeSetId } },
        h(
          'div',
          { className: 'version-head' },
          check,
          h('b', {}, `v${v.version}`),
          h('span', { className: 'version-date' }, formatDate(v.validFrom)),
          h('span', { className: 'version-area' }, `${mu(v.areaMu)} 亩`),
        ),
        h(
          'div',
          { className: 'version-meta' },
          h('span', { className: 'version-author' }, v.author ?? '—'),
          ' · ',
          h('span', { className: 'version-reason' }, v.reason ?? ''),
          v.documentNumber
            ? h('span', { className: 'version-document' }, ` · ${v.documentNumber}`)
            : null,
          h('span', { className: 'version-cs' }, ` · 变更集 Change set #${v.changeSetId}`),
        ),
        ended,
        changeSetFiles(v, index),
        h('div', { className: 'version-actions' }, show, revert),
        h('div', { className: 'revert-box', hidden: true }),
      );
      revert?.addEventListener('click', () =>
        askRevert(li.querySelector('.revert-box'), v.changeSetId),
      );
      return li;
    });
    const list = h('ul', { className: 'history-list' }, ...items);
    const checks = () => [...list.querySelectorAll('.version-check:checked')];
    list.addEventListener('change', (e) => {
      if (!e.target.classList.contains('version-check')) return;
      const on = checks();
      if (on.length > 2) on.find((c) => c !== e.target).checked = false;
      compareButton.disabled = checks().length !== 2;
    });
    compareButton.addEventListener('click', () => {
      const [a, b] = checks()
        .map((c) => Number(c.value))
        .sort((x, y) => x - y);
      compare(a, b);
    });
    for (const c of list.querySelectorAll('.version-check')) {
      c.checked = versions.length > 1 && Number(c.value) >= versions[1].version;
    }
    compareButton.disabled = checks().length !== 2;
    const editor =
      ctx.session.user && ctx.canEdit() && !deleted
        ? button('history-edit', '编辑此要素', 'Edit this feature', 'small')
        : null;
    editor?.addEventListener('click', () => {
      ctx.side.open('edit-panel');
      ctx.editor.edit(layer, id);
    });
    // the feature's own attachments (site photos, survey reports), and the upload for them
    const featureFiles = attachmentList(
      { layer, featureId: id },
      { always: true, withdrawable: commitsRole(ctx.session.user?.role) },
    );
    const featureAttachments = h(
      'div',
      { className: 'history-attachments', id: 'history-attachments' },
      featureFiles,
      mayAttach && !deleted
        ? attachmentUpload({ layer, featureId: id }, () => featureFiles.reload())
        : null,
    );
    panel.replaceChildren(
      h(
        'div',
        { className: 'history-head' },
        h('h3', {}, `历史 History · ${layerName(layer)}`),
        h(
          'div',
          { className: 'history-feature' },
          h('b', {}, current.code ?? `#${id}`),
          ` #${id} · ${versions.length} 个版本 versions`,
          deleted
            ? h('span', { className: 'status-badge status-REJECTED' }, '已删除 Deleted')
            : null,
        ),
      ),
      featureAttachments,
      list,
      h(
        'div',
        { className: 'history-compare' },
        h('span', { className: 'hint' }, '勾选两个版本比较 Tick two versions to compare'),
        compareButton,
        editor,
      ),
      diffBox,
    );
    // the code of the feature: of its newest version
    get(`/api/layers/${layer}/features/${id}/versions/${latest.version}`)
      .then((f) => {
        current.code = f.properties?.code;
        const b = panel.querySelector('.history-feature b');
        if (b && current.code) b.textContent = current.code;
      })
      .catch(() => {});
  }

  async function showVersion(version) {
    const { layer, id } = current;
    const diffBox = panel.querySelector('#history-diff');
    try {
      const feature = await get(`/api/layers/${layer}/features/${id}/versions/${version}`);
      group.clearLayers();
      const shape = overlay(feature, OVERLAY_STYLES.newer).addTo(group);
      markShown([version]);
      diffBox.replaceChildren(
        h('div', { className: 'diff-title' }, `版本 Version v${version}`),
        h(
          'div',
          { className: 'pv-legend' },
          h('span', {}, overlaySwatch(OVERLAY_STYLES.newer), `v${version}`),
        ),
      );
      if (shape.getBounds().isValid()) state.fitBounds(shape.getBounds(), 18);
    } catch (error) {
      diffBox.replaceChildren(problemBox(error));
    }
  }

  async function compare(from, to) {
    const { layer, id } = current;
    const diffBox = panel.querySelector('#history-diff');
    try {
      const base = `/api/layers/${layer}/features/${id}`;
      const [older, newer, diff] = await Promise.all([
        get(`${base}/versions/${from}`),
        get(`${base}/versions/${to}`),
        get(`${base}/diff?from=${from}&to=${to}`),
      ]);
      ctx.preview.clear();
      group.clearLayers();
      const bounds = L.latLngBounds([]);
      for (const [geojson, style] of [
        [diff.removed, OVERLAY_STYLES.removed],
        [diff.added, OVERLAY_STYLES.added],
        [older, OVERLAY_STYLES.older],
        [newer, OVERLAY_STYLES.newer],
      ]) {
        if (!geojson) continue;
        const shape = overlay(geojson, style).addTo(group);
        if (shape.getBounds().isValid()) bounds.extend(shape.getBounds());
      }
      markShown([from, to]);
      diffBox.dataset.from = String(from);
      diffBox.dataset.to = String(to);
      diffBox.replaceChildren(
        h('div', { className: 'diff-title' }, `v${from} → v${to}`),
        h(
          'div',
          { className: 'diff-figures' },
          h('span', { className: 'delta up' }, `新增 Added +${mu(diff.addedMu)} 亩 mu`),
          h('span', { className: 'delta down' }, `减少 Removed −${mu(diff.removedMu)} 亩 mu`),
          h(
            'span',
            {},
            `净变化 Net ${diff.addedMu - diff.removedMu >= 0 ? '+' : '−'}${mu(
              Math.abs(diff.addedMu - diff.removedMu),
            )} 亩 mu`,
          ),
        ),
        h(
          'div',
          { className: 'pv-legend' },
          h('span', {}, overlaySwatch(OVERLAY_STYLES.older), `v${from} 旧 Older`),
          h('span', {}, overlaySwatch(OVERLAY_STYLES.newer), `v${to} 新 Newer`),
          h('span', {}, overlaySwatch(OVERLAY_STYLES.added), '新增 Added'),
          h('span', {}, overlaySwatch(OVERLAY_STYLES.removed), '减少 Removed'),
        ),
      );
      if (bounds.isValid()) state.fitBounds(bounds, 18);
    } catch (error) {
      diffBox.replaceChildren(problemBox(error));
    }
  }

  function markShown(versions) {
    for (const li of panel.querySelectorAll('.history-list li')) {
      li.classList.toggle('shown', versions.includes(Number(li.dataset.version)));
    }
  }

  /**
   * The revert form in a box (a version's in this panel, a change set's in the review list): the
   * reason (required) and 文号 (optional) of the new draft that undoes the change set.
   */
  function askRevert(box, changeSetId) {
    const reason = h('input', {
      className: 'revert-reason',
      required: true,
      placeholder: '撤销原因 Reason for reverting',
    });
    const documentNumber = h('input', {
      className: 'revert-document-number',
      maxLength: 100,
      placeholder: '文号（可选）Document number (optional)',
    });
    const go = button(`revert-confirm-${changeSetId}`, '撤销', 'Revert', 'danger small');
    go.classList.add('revert-confirm');
    const cancel = h('button', { type: 'button', className: 'button small' }, '取消 Cancel');
    const message = h('div', { className: 'revert-message' });
    box.replaceChildren(
      h('div', {}, `撤销变更集 #${changeSetId}：生成一个新草稿，预览后提交。`),
      h(
        'div',
        { className: 'en' },
        `Revert change set #${changeSetId}: makes a new draft to preview and commit.`,
      ),
      h('div', { className: 'form-fields' }, reason, documentNumber),
      h('div', { className: 'button-row' }, go, cancel),
      message,
    );
    box.hidden = false;
    reason.focus();
    cancel.addEventListener('click', () => {
      box.hidden = true;
    });
    go.addEventListener('click', () =>
      revert(changeSetId, reason.value.trim(), documentNumber.value.trim(), message).catch(
        () => {},
      ),
    );
  }

  async function revert(changeSetId, reason, documentNumber, message) {
    if (!reason) {
      message.replaceChildren(
        h('span', { className: 'ef-error' }, '请填写撤销原因 Enter a reason'),
      );
      return;
    }
    try {
      const draft = await post(`/api/change-sets/${changeSetId}/revert`, {
        reason,
        documentNumber: documentNumber || null,
      });
      group.clearLayers();
      ctx.side.open('edit-panel');
      await ctx.editor.openDraft(draft.id, { runPreview: true });
    } catch (error) {
      message.replaceChildren(problemBox(error));
    }
  }

  empty();
  return {
    open,
    /** Shows the revert form for a change set in a box (from the review list). */
    askRevert,
    clearOverlays() {
      group.clearLayers();
    },
    /** Reloads the history shown if it is of one of these layers (after a commit). */
    refresh(layers) {
      if (current && (!layers || layers.has(current.layer)) && !panel.hidden) {
        open(current.layer, current.id);
      }
    },
    get current() {
      return current;
    },
  };
}
