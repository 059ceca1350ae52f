// The audit log 审计日志 for the administrator: the latest events (GET /api/admin/audit, paged by
// id), filtered by day, user and action, and the same filters as a CSV download
// (/api/admin/audit.csv). Everything from the log is put in the page as text (dom.js).

import { ApiError, get } from './api.js';
import { h } from './dom.js';
import { foshanTime } from './format.js';
import { setUpPageHeader } from './page-header.js';

const body = document.getElementById('audit-body');
const more = document.getElementById('audit-more');
const message = document.getElementById('audit-message');
const form = document.getElementById('audit-filters');
const csv = document.getElementById('audit-csv');
let nextUrl = null;

function filters() {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'actor', 'action']) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}


function who(e) {
  if (!e.actor) return e.dbUser === 'redline_app' ? '—' : `(${e.dbUser})`;
  return [e.actor, e.actorRole, e.actorDistrict].filter(Boolean).join(' · ');
}

function row(e) {
  return h(
    'tr',
    { dataset: { action: e.action } },
    h('td', {}, e.id),
    h('td', {}, foshanTime(e.at)),
    h('td', { title: e.dbUser }, who(e)),
    h('td', { title: e.userAgent ?? '' }, e.clientAddr ?? ''),
    h('td', {}, e.action),
    h('td', {}, e.object ?? ''),
    h('td', { className: 'num' }, e.rows ?? ''),
    h('td', { className: 'detail' }, e.detail ? JSON.stringify(e.detail) : ''),
  );
}

async function load(url, append) {
  try {
    const page = await get(url);
    if (!append) body.replaceChildren();
    body.append(...page.items.map(row));
    nextUrl = page.next;
    more.hidden = !nextUrl;
    message.textContent =
      body.children.length === 0 ? '没有记录 No events' : `${body.children.length} 条 events`;
  } catch (error) {
    body.replaceChildren();
    more.hidden = true;
    message.textContent =
      error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? '审计日志只对管理员开放，请以管理员登录 The audit log is for the administrator: log in as one'
        : `出错了 Error — ${error.message}`;
  }
}

function search() {
  const params = filters();
  const query = params.toString();
  csv.href = `/api/admin/audit.csv${query ? `?${query}` : ''}`;
  params.set('limit', '100');
  return load(`/api/admin/audit?${params}`, false);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
more.addEventListener('click', () => {
  if (nextUrl) load(nextUrl, true);
});

const session = setUpPageHeader();
session.onChange(() => search());
session.refresh();
