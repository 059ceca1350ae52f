// The inbox 消息 in the map page's header: what the bureau decided about one's proposals (GET
// /api/inbox, written by the database when a proposal is approved or rejected). The button shows
// the unread count; its panel lists the messages, newest first; a click on one marks it read, zooms
// to what its change set touches and opens the change set in 我的提案 My proposals.

import { get, post, problemBox } from './api.js';
import { h } from './dom.js';
import { formatDate } from './format.js';
import { bboxBounds } from './map-view.js';

/** How often the count is asked again while the page is open and visible (ms). */
const POLL_MS = 60_000;

const KINDS = {
  APPROVED: ['已批准', 'Approved'],
  REJECTED: ['已驳回', 'Rejected'],
};

/** ctx: {state, session, side, review}. Returns {refresh}. */
export function createInbox(ctx) {
  const toggle = document.getElementById('inbox-toggle');
  const count = document.getElementById('inbox-count');
  const panel = document.getElementById('inbox-panel');
  const list = h('ul', { id: 'inbox-list', className: 'inbox-list' });
  const more = h('button', { type: 'button', className: 'button small', id: 'inbox-more' }, '更多 More');
  const readAll = h(
    'button',
    { type: 'button', className: 'button small', id: 'inbox-read-all' },
    '全部已读 Mark all read',
  );
  panel.replaceChildren(
    h(
      'div',
      { className: 'inbox-head' },
      h('h2', { id: 'inbox-title' }, '消息 ', h('span', { className: 'en' }, 'Inbox')),
      readAll,
    ),
    list,
    more,
  );
  let shown = 0;
  let timer = null;

  const showCount = (unread) => {
    count.textContent = String(unread);
    count.hidden = unread === 0;
    toggle.dataset.unread = String(unread);
    toggle.setAttribute('aria-label', `消息 Inbox：${unread} 条未读 unread`);
  };

  const open = (on) => {
    panel.hidden = !on;
    toggle.setAttribute('aria-expanded', String(on));
    if (on) load(false).catch(() => {});
  };

  async function load(append) {
    if (!ctx.session.user) return;
    const offset = append ? shown : 0;
    try {
      const page = await get(`/api/inbox?limit=20&offset=${offset}`);
      showCount(page.unread);
      const items = page.items.map(item);
      if (append) list.append(...items);
      else
        list.replaceChildren(
          ...(items.length ? items : [h('li', { className: 'empty' }, '没有消息 No messages')]),
        );
      shown = offset + page.items.length;
      more.hidden = shown >= page.total;
    } catch (error) {
      list.replaceChildren(h('li', {}, problemBox(error)));
    }
  }

  function item(m) {
    const kind = KINDS[m.kind] ?? [m.kind, m.kind];
    const li = h(
      'li',
      {
        className: `inbox-item${m.readAt ? '' : ' unread'}`,
        tabIndex: 0,
        role: 'button',
        dataset: { id: m.id, changeSet: m.changeSetId, kind: m.kind },
      },
      h(
        'div',
        { className: 'inbox-item-head' },
        h('span', { className: `status-badge status-${m.kind === 'APPROVED' ? 'COMMITTED' : 'REJECTED'}` }, `${kind[0]} ${kind[1]}`),
        h('b', {}, ` 提案 #${m.changeSetId}`),
        h('span', { className: 'inbox-date' }, formatDate(m.createdAt)),
      ),
      h('div', { className: 'inbox-reason' }, m.reason),
      m.comment
        ? h(
            'div',
            { className: 'inbox-comment' },
            `${m.kind === 'REJECTED' ? '驳回理由 Reason' : '审核意见 Comment'}（${m.reviewedBy ?? '—'}）：${m.comment}`,
          )
        : null,
      m.documentNumber ? h('div', { className: 'inbox-meta' }, `文号 ${m.documentNumber}`) : null,
    );
    const choose = async () => {
      if (!m.readAt) {
        try {
          const answer = await post(`/api/inbox/${m.id}/read`);
          m.readAt = new Date().toISOString();
          li.classList.remove('unread');
          showCount(answer.unread);
        } catch (error) {
          li.append(problemBox(error));
          return;
        }
      }
      if (m.bbox) ctx.state.fitBounds(bboxBounds(m.bbox));
      open(false);
      ctx.side.open('review-panel');
      await ctx.review.refresh();
      const row = document.querySelector(`#review-list li[data-change-set='${m.changeSetId}']`);
      if (row) {
        for (const other of row.parentElement.children) other.classList.toggle('selected', other === row);
        row.scrollIntoView({ block: 'nearest' });
      }
    };
    li.addEventListener('click', () => choose());
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose();
      }
    });
    return li;
  }

  toggle.addEventListener('click', () => open(panel.hidden));
  more.addEventListener('click', () => load(true));
  readAll.addEventListener('click', async () => {
    try {
      const answer = await post('/api/inbox/read-all');
      showCount(answer.unread);
      await load(false);
    } catch (error) {
      list.prepend(h('li', {}, problemBox(error)));
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) {
      open(false);
      toggle.focus();
    }
  });

  async function refresh() {
    const user = ctx.session.user;
    toggle.hidden = !user;
    clearInterval(timer);
    if (!user) {
      open(false);
      showCount(0);
      return;
    }
    await load(false);
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') load(false).catch(() => {});
    }, POLL_MS);
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && ctx.session.user) load(false).catch(() => {});
  });
  return { refresh };
}
