// The administrator's accounts (admin.html): list a page at a time, create, set a password,
// disable or enable, through /api/admin/users (ADMIN only; the same rules as ./redline user); and
// who reads enterprises' figures, per role (/api/admin/figure-scopes).
// Everything from the server goes into the page as text (dom.js), never as HTML.

import { api, get, post } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { ROLES } from './vocabulary.js';
import { h } from './dom.js';

const PAGE = 50;
let user = null;
let offset = 0;
let districts = [];

const byId = (id) => document.getElementById(id);
const label = (role) => (ROLES[role] ?? [role, role]).join(' ');

function show(text, ok = false) {
  const p = byId('message');
  p.textContent = text;
  p.classList.toggle('ok', ok);
  p.hidden = false;
}

function showError(error) {
  show(`出错了 Error — ${error.message}`);
}

/** The accounts are the administrator's; the header shows who is logged in (page-header.js). */
async function showFor(u) {
  user = u;
  const admin = user?.role === 'ADMIN';
  byId('accounts-section').hidden = !admin;
  byId('not-admin').hidden = admin;
  if (admin) await Promise.all([loadAccounts(), loadFigureScopes()]);
}

const SCOPES = {
  ALL: '全部区 All districts',
  OWN_DISTRICT: '本区 Own district',
  NONE: '不可查看 None',
};

async function loadFigureScopes() {
  const scopes = await get('/api/admin/figure-scopes');
  const rows = scopes.map((s) => {
    // the bureau and the administrator keep the figures: always ALL
    const fixed = s.role === 'ADMIN' || s.role === 'BUREAU';
    const select = h(
      'select',
      { disabled: fixed, dataset: { role: s.role }, ariaLabel: `${label(s.role)} 范围 scope` },
      ...Object.entries(SCOPES).map(([value, text]) =>
        h('option', { value, selected: value === s.scope }, text),
      ),
    );
    const changed = s.updatedBy ? `${s.updatedBy} · ${new Date(s.updatedAt).toLocaleString('zh-CN')}` : '—';
    return h('tr', {}, h('td', {}, label(s.role)), h('td', {}, select), h('td', {}, changed));
  });
  byId('figure-scopes').replaceChildren(...rows);
}

async function onScopeChange(event) {
  const select = event.target.closest('select[data-role]');
  if (!select) return;
  const { role } = select.dataset;
  await api('PUT', `/api/admin/figure-scopes/${encodeURIComponent(role)}`, { scope: select.value });
  show(`已修改 ${label(role)} 的企业数据查看范围：${SCOPES[select.value]}（from the next request）`, true);
  await loadFigureScopes();
}

async function loadAccounts() {
  // one more than a page: whether there is a next one
  const accounts = await get(`/api/admin/users?offset=${offset}&limit=${PAGE + 1}`);
  const rows = accounts.slice(0, PAGE).map((a) => {
    const districtName = districts.find((d) => d.code === a.districtCode)?.name;
    const toggle = h(
      'button',
      { type: 'button', dataset: { action: a.enabled ? 'disable' : 'enable', username: a.username } },
      a.enabled ? '停用 Disable' : '启用 Enable',
    );
    const reset = h(
      'button',
      { type: 'button', dataset: { action: 'password', username: a.username } },
      '重置密码 Set password',
    );
    return h(
      'tr',
      { className: a.enabled ? '' : 'disabled', dataset: { username: a.username } },
      h('td', {}, a.username),
      h('td', {}, a.displayName),
      h('td', {}, label(a.role)),
      h('td', {}, a.districtCode ? `${a.districtCode} ${districtName ?? ''}` : '—'),
      h('td', {}, a.enabled ? '启用 Enabled' : '停用 Disabled'),
      h('td', {}, reset, a.username === user.username ? null : toggle),
    );
  });
  byId('accounts').replaceChildren(...rows);
  byId('previous-page').disabled = offset === 0;
  byId('next-page').disabled = accounts.length <= PAGE;
  byId('page-label').textContent = `${offset + 1}–${offset + Math.min(accounts.length, PAGE)}`;
}

async function onTableClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const { action, username } = button.dataset;
  if (action === 'password') {
    byId('password-form').reset();
    byId('password-problem').hidden = true;
    byId('password-user').textContent = username;
    byId('password-dialog').dataset.username = username;
    byId('password-dialog').showModal();
    return;
  }
  const enabled = action === 'enable';
  await api('PATCH', `/api/admin/users/${encodeURIComponent(username)}`, { enabled });
  show(`${enabled ? '已启用' : '已停用'} ${username} ${enabled ? 'Enabled' : 'Disabled'}`, true);
  await loadAccounts();
}

async function onSetPassword(event) {
  event.preventDefault();
  const form = event.target;
  const problem = byId('password-problem');
  const username = byId('password-dialog').dataset.username;
  if (form.elements.password.value !== form.elements.again.value) {
    problem.textContent = '两次输入的密码不一致 The passwords differ';
    problem.hidden = false;
    return;
  }
  try {
    await api('PUT', `/api/admin/users/${encodeURIComponent(username)}/password`, {
      password: form.elements.password.value,
    });
    byId('password-dialog').close();
    show(`已设置 ${username} 的密码 Password set`, true);
  } catch (error) {
    problem.textContent = error.message;
    problem.hidden = false;
  }
}

async function onCreate(event) {
  event.preventDefault();
  const form = event.target;
  const f = form.elements;
  if (f.password.value !== f.again.value) {
    show('两次输入的密码不一致 The passwords differ');
    return;
  }
  const body = {
    username: f.username.value.trim(),
    displayName: f.displayName.value.trim() || null,
    role: f.role.value,
    districtCode: f.role.value === 'DISTRICT' ? f.districtCode.value : null,
    password: f.password.value,
  };
  const created = await post('/api/admin/users', body);
  form.reset();
  updateDistrictField();
  show(`已创建账户 ${created.username} Created`, true);
  await loadAccounts();
}

function updateDistrictField() {
  byId('district-field').hidden = byId('role-select').value !== 'DISTRICT';
}

async function start() {
  // the header first (page-header.js): the account and the pages, whatever the data does
  const session = setUpPageHeader({ onError: showError });
  districts = await get('/api/districts');
  const roles = byId('role-select');
  for (const role of ['BUREAU', 'DISTRICT', 'PLANNER', 'ADMIN']) {
    roles.append(h('option', { value: role }, label(role)));
  }
  byId('district-select').append(
    ...districts.map((d) => h('option', { value: d.code }, `${d.code} ${d.name}`)),
  );
  roles.addEventListener('change', updateDistrictField);
  updateDistrictField();
  byId('accounts').addEventListener('click', (e) => onTableClick(e).catch(showError));
  byId('create-form').addEventListener('submit', (e) => onCreate(e).catch(showError));
  byId('figure-scopes').addEventListener('change', (e) =>
    onScopeChange(e).catch((error) => {
      showError(error);
      loadFigureScopes().catch(showError);
    }),
  );
  byId('password-form').addEventListener('submit', onSetPassword);
  byId('password-cancel').addEventListener('click', () => byId('password-dialog').close());
  byId('previous-page').addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    loadAccounts().catch(showError);
  });
  byId('next-page').addEventListener('click', () => {
    offset += PAGE;
    loadAccounts().catch(showError);
  });
  session.onChange((u) => showFor(u).catch(showError));
  await session.refresh();
  document.body.dataset.loaded = 'true';
}

start().catch(showError);
