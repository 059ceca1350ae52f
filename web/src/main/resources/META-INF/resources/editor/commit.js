// The draft as a whole: its preview (what it would do), and committing it (the bureau: all edits
// take effect at once) or submitting it for review (a district officer); a refusal is explained,
// with the preview of why and the changed features to reload.

import { ApiError, get, post, problemBox } from '../api.js';
import { h } from '../dom.js';
import { afterFinished } from './draft.js';
import { staleList } from './edits.js';
import { selectFeature } from './shape.js';
import { layerName } from './state.js';
import { say, showProblem, showResult, updateTools } from './status.js';

/** Shows what the draft would do (GET …/preview); the answer, or null. */
export async function runPreview(ed) {
  const { previewButton } = ed.ui;
  if (!ed.draft) return null;
  previewButton.disabled = true;
  try {
    const answer = await get(`/api/change-sets/${ed.draft.id}/preview?include=clusters`);
    ed.ctx.history.clearOverlays();
    ed.ctx.preview.show(answer, {
      title: `预览 Preview · 草稿 Draft #${ed.draft.id}`,
      context: 'draft',
    });
    return answer;
  } catch (error) {
    showResult(ed, 'error', problemBox(error));
    return null;
  } finally {
    previewButton.disabled = !ed.edits.length;
  }
}

/** Commits ('commit') or submits for review ('submit') the draft. */
export async function finish(ed, kind) {
  const { ctx } = ed;
  const { commitButton, submitButton } = ed.ui;
  if (!ed.draft) return;
  const id = ed.draft.id;
  commitButton.disabled = true;
  submitButton.disabled = true;
  try {
    if (kind === 'commit') {
      const answer = await post(`/api/change-sets/${id}/commit`);
      await afterFinished(ed);
      showResult(
        ed,
        'committed',
        h(
          'div',
          { className: 'success' },
          `✓ 变更集 #${id} 已提交生效 Change set #${id} committed (${answer.edits.length} 项修改 edits)`,
        ),
      );
      ctx.afterCommitted(answer);
    } else {
      await post(`/api/change-sets/${id}/submit`);
      await afterFinished(ed);
      showResult(
        ed,
        'submitted',
        h(
          'div',
          { className: 'success' },
          `✓ 变更集 #${id} 已提交市局审核 Change set #${id} submitted for review`,
        ),
      );
      ctx.review.refresh();
    }
  } catch (error) {
    refused(ed, id, error);
  }
}

/** A commit or submission refused: why, with the preview and the changed features to reload. */
function refused(ed, id, error) {
  const p = error instanceof ApiError ? error.problem : null;
  if (p?.preview) {
    ed.ctx.preview.show(p.preview, {
      title: `未能提交 Not committed · 草稿 Draft #${id}`,
      context: 'draft',
    });
  }
  const reloads = (p?.stale ?? []).map((st) => {
    const b = h(
      'button',
      { type: 'button', className: 'button small reload-stale' },
      `重新加载 Reload ${layerName(ed, st.layer)} #${st.featureId}`,
    );
    b.addEventListener('click', async () => {
      await selectFeature(ed, st.layer, st.featureId).catch((e) => showProblem(ed, e));
      say(
        ed,
        '已加载最新版本：请从草稿中移除旧的修改并重做。 The current version is loaded: remove the old edit from the draft and redo it.',
      );
    });
    return b;
  });
  showResult(
    ed,
    'error',
    problemBox(
      error,
      p ? staleList(ed, p) : null,
      reloads.length ? h('div', { className: 'button-row' }, ...reloads) : null,
    ),
  );
  updateTools(ed);
}
