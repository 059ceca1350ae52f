// The review panel (#review-panel). For the bureau (ADMIN, BUREAU): the proposals of the district
// officers (PROPOSED change sets), each previewed on the map and approved or rejected with a comment;
// and the committed change sets, which it may revert. For a district officer: 我的提案, their own
// change sets and what became of them (with the review comment).

import { ApiError, get, post, problemBox } from './api.js';
import { button, h } from './dom.js';
import { formatDate } from './format.js';
import { bilingual, CHANGE_SET_STATUSES } from './vocabulary.js';
import { commitsRole } from './session.js';

const FILTERS = [
  ['PROPOSED', '待审核 Proposed'],
  ['COMMITTED', '已生效 Committed'],
  ['REJECTED', '已驳回 Rejected'],
  ['', '全部 All'],
];

/** ctx: {state, session, preview, editor, history, side, afterCommitted, districtName}. */
export function createReview(ctx) {
  const panel = document.getElementById('review-panel');
  const toggle = document.getElementById('review-toggle');
  const tab = document.getElementById('tab-review');
  const filter = h('select', { id: 'review-status', title: '状态 Status' });
  for (const [value, label] of FILTERS) filter.append(h('option', { value }, label));
  const list = h('ul', { id: 'review-list', className: 'review-list' });
  const message = h('div', { id: 'review-message', className: 'edit-message', role: 'status' });
  filter.addEventListener('change', () => refresh());

  const isBureau = () => commitsRole(ctx.session.user?.role);

  function layout() {
    const bureau = isBureau();
    const [zh, en] = bureau ? ['审核', 'Review'] : ['我的提案', 'My proposals'];
    tab.textContent = `${zh} ${en}`;
    // the header's button: its English gives way on a phone (base.css), as every header button's
    toggle.replaceChildren(`${zh} `, h('span', { className: 'en' }, en));
    const refreshButton = h(
      'button',
      { type: 'button', className: 'button small', id: 'review-refresh' },
      '刷新 Refresh',
    );
    refreshButton.addEventListener('click', () => refresh());
    panel.replaceChildren(
      h(
        'div',
        { className: 'review-head' },
        h('h3', {}, bureau ? '变更审核 Change review' : '我的提案 My proposals'),
        bureau ? filter : null,
        refreshButton,
      ),
      message,
      list,
    );
  }

  async function refresh() {
    const user = ctx.session.user;
    if (!user) return;
    const bureau = isBureau();
    const status = bureau ? filter.value : '';
    try {
      const sets = await get(`/api/change-sets${status ? `?status=${status}` : ''}`);
      const shown = bureau ? sets : sets.filter((c) => c.author === user.username);
      list.replaceChildren(
        ...(shown.length
          ? shown.map((cs) => item(cs))
          : [h('li', { className: 'empty' }, '没有变更集 No change sets')]),
      );
      if (bureau) {
        const proposed =
          status === 'PROPOSED' ? shown : await get('/api/change-sets?status=PROPOSED');
        toggle.dataset.count = String(proposed.length);
      }
    } catch (error) {
      list.replaceChildren(h('li', {}, problemBox(error)));
    }
  }

  function item(cs) {
    const status = CHANGE_SET_STATUSES[cs.status] ?? [cs.status, cs.status];
    const bureau = isBureau();
    const when = cs.committedAt ?? cs.reviewedAt ?? cs.submittedAt ?? cs.createdAt;
    const actions = h('div', { className: 'review-actions' });
    const box = h('div', { className: 'review-box', hidden: true });
    const li = h(
      'li',
      { dataset: { changeSet: cs.id, status: cs.status } },
      h(
        'div',
        { className: 'review-title' },
        h('b', {}, `#${cs.id}`),
        h('span', { className: `status-badge status-${cs.status}` }, bilingual(status)),
        h('span', { className: 'review-date' }, formatDate(when)),
      ),
      h('div', { className: 'review-reason' }, cs.reason),
      h(
        'div',
        { className: 'review-meta' },
        `${cs.author}`,
        cs.districtCode ? ` · ${ctx.districtName(cs.districtCode)}` : ' · 市局 Bureau',
        cs.documentNumber ? ` · ${cs.documentNumber}` : '',
        ` · ${cs.edits} 项修改 edits`,
        cs.revertsChangeSetId ? ` · 撤销 reverts #${cs.revertsChangeSetId}` : '',
      ),
      cs.reviewComment || cs.reviewedBy
        ? h(
            'div',
            { className: 'review-comment' },
            `审核意见 Review (${cs.reviewedBy ?? '—'}): ${cs.reviewComment ?? '—'}`,
          )
        : null,
      actions,
      box,
    );
    const add = (kind, zh, en, style, onClick) => {
      const b = h(
        'button',
        { type: 'button', className: `button small ${style} review-${kind}` },
        zh,
        ' ',
        h('span', { className: 'en' }, en),
      );
      b.addEventListener('click', () => onClick(b));
      actions.append(b);
    };
    if (cs.status === 'PROPOSED') {
      add('preview', '预览', 'Preview', '', () => previewOf(cs, li));
      if (bureau) {
        add('approve', '批准', 'Approve', 'primary', () => decide(cs, li, box, 'approve'));
        add('reject', '驳回', 'Reject', 'danger', () => decide(cs, li, box, 'reject'));
      }
    }
    if (cs.status === 'DRAFT' && cs.author === ctx.session.user?.username) {
      add('open', '打开', 'Open in editor', 'primary', async () => {
        ctx.side.open('edit-panel');
        await ctx.editor.openDraft(cs.id);
      });
    }
    if (cs.status === 'COMMITTED' && bureau && cs.edits > 0) {
      add('revert', '撤销', 'Revert', 'danger', () => ctx.history.askRevert(box, cs.id));
    }
    return li;
  }

  async function previewOf(cs, li) {
    try {
      const answer = await get(`/api/change-sets/${cs.id}/preview?include=clusters`);
      ctx.history.clearOverlays();
      ctx.preview.show(answer, {
        title: `预览 Preview · 提案 Proposal #${cs.id}（${cs.author}）`,
        context: 'review',
      });
      for (const other of list.children) other.classList.toggle('selected', other === li);
    } catch (error) {
      say(problemBox(error));
    }
  }

  function say(content, kind = 'error') {
    message.replaceChildren(content ?? '');
    message.dataset.kind = kind;
  }

  function decide(cs, li, box, verdict) {
    const approve = verdict === 'approve';
    const comment = h('textarea', {
      className: 'review-comment-input',
      rows: 2,
      required: true,
      placeholder: approve ? '审核意见 Comment (e.g. 同意 Agreed)' : '驳回理由 Why it is rejected',
    });
    const error = h('div', { className: 'ef-error' });
    const go = button(
      `${verdict}-confirm-${cs.id}`,
      approve ? '确认批准' : '确认驳回',
      approve ? 'Approve' : 'Reject',
      `${approve ? 'primary' : 'danger'} small`,
    );
    go.classList.add(`${verdict}-confirm`);
    const cancel = h('button', { type: 'button', className: 'button small' }, '取消 Cancel');
    box.replaceChildren(
      h(
        'label',
        { className: 'stacked' },
        h('span', {}, approve ? '审核意见 Comment *' : '驳回理由 Reason *'),
        comment,
      ),
      error,
      h('div', { className: 'button-row' }, go, cancel),
    );
    box.hidden = false;
    comment.focus();
    cancel.addEventListener('click', () => {
      box.hidden = true;
    });
    go.addEventListener('click', async () => {
      const text = comment.value.trim();
      if (!text) {
        error.textContent = '请填写意见 A comment is required';
        comment.focus();
        return;
      }
      go.disabled = true;
      try {
        const answer = await post(`/api/change-sets/${cs.id}/${verdict}`, { comment: text });
        box.hidden = true;
        if (approve) {
          ctx.preview.clear();
          ctx.afterCommitted(answer);
          say(
            h(
              'div',
              { className: 'success' },
              `✓ 提案 #${cs.id} 已批准并生效 Proposal #${cs.id} approved and committed`,
            ),
            'ok',
          );
        } else {
          say(
            h('div', { className: 'success' }, `提案 #${cs.id} 已驳回 Proposal #${cs.id} rejected`),
            'ok',
          );
        }
        await refresh();
      } catch (e) {
        go.disabled = false;
        if (e instanceof ApiError && e.problem.preview) {
          ctx.preview.show(e.problem.preview, {
            title: `不能批准 Cannot approve · 提案 Proposal #${cs.id}`,
            context: 'review',
          });
        }
        error.replaceChildren(problemBox(e));
      }
    });
    void li;
  }

  return {
    layout,
    refresh,
  };
}
