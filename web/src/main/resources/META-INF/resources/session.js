// Who is logged in: the login dialog (Spring Security's form login, POST /login with the CSRF
// token), the user badge with the role, and logout (POST /logout). GET /api/session says who we are.

import { currentUser, postLogin, postLogout, tooManyLogins } from './api.js';
import { ROLES, bilingual } from './vocabulary.js';
import { h } from './dom.js';
import { DISTRICTS } from './districts.js';

/** Roles that edit (make change sets), and those that commit them. */
export const editsRole = (role) => role === 'ADMIN' || role === 'BUREAU' || role === 'DISTRICT';
export const commitsRole = (role) => role === 'ADMIN' || role === 'BUREAU';

/**
 * The session: session.user is {username, displayName, role, districtCode} or null; listeners
 * added with onChange are called with it after every login, logout and check. Made once per page,
 * by the page's header (page-header.js), which puts the badge and the buttons there first;
 * `onError` shows a failed logout (the map's error banner by default).
 */
export function createSession({ onError = alertError } = {}) {
  const listeners = [];
  const session = {
    user: null,
    onChange(listener) {
      listeners.push(listener);
    },
    async refresh() {
      session.user = await currentUser();
      showUser(session.user);
      for (const listener of listeners) listener(session.user);
      return session.user;
    },
    async login(username, password) {
      let response = await postLogin(username, password);
      if (response.status === 403) {
        // the token went stale (a session ended elsewhere): fetch a fresh one and try once more
        document.cookie = 'XSRF-TOKEN=; Max-Age=0; path=/';
        response = await postLogin(username, password);
      }
      if (response.status === 429) throw new Error(await tooManyLogins(response));
      const user = await session.refresh();
      if (!user) throw new Error('用户名或密码错误 Wrong username or password');
      return user;
    },
    async logout() {
      await postLogout();
      return session.refresh();
    },
  };
  setUpLoginDialog(session);
  document.getElementById('logout-button').addEventListener('click', () => {
    session.logout().catch((error) => onError(error));
  });
  return session;
}

function alertError(error) {
  const banner = document.getElementById('error-banner');
  document.getElementById('error-text').textContent = `出错了 Error — ${error.message}`;
  banner.hidden = false;
}

/** The header: user name and role, or the login button. */
function showUser(user) {
  const badge = document.getElementById('user-badge');
  const login = document.getElementById('login-button');
  const logout = document.getElementById('logout-button');
  login.hidden = Boolean(user);
  logout.hidden = !user;
  logout.title = user ? `${user.displayName || user.username} 退出登录 Log out` : '';
  badge.hidden = !user;
  if (!user) {
    badge.replaceChildren();
    delete badge.dataset.role;
    return;
  }
  const role = ROLES[user.role] ?? [user.role, user.role];
  badge.dataset.role = user.role;
  badge.dataset.username = user.username;
  // a district officer's district by its name (禅城区), as people name it, not its code
  const district = DISTRICTS.find((d) => d.code === user.districtCode);
  const districtName = district ? district.name : user.districtCode;
  badge.dataset.district = user.districtCode ?? '';
  badge.title = `${user.username} · 角色 Role: ${bilingual(role)}${
    districtName ? ` · ${districtName}` : ''
  }`;
  const name = document.createElement('span');
  name.className = 'user-name';
  name.textContent = user.displayName || user.username;
  const roleTag = document.createElement('span');
  roleTag.className = 'user-role';
  roleTag.textContent = districtName ? `${bilingual(role)} · ${districtName}` : bilingual(role);
  badge.replaceChildren(name, roleTag);
}

/** The login dialog, the same on every page: added to the page by setUpLoginDialog. */
function loginDialog() {
  const field = (zh, en, input) =>
    h('label', {}, h('span', {}, `${zh} `, h('span', { className: 'en' }, en)), input);
  return h(
    'dialog',
    { id: 'login-dialog', className: 'login-dialog form-fields', 'aria-labelledby': 'login-title' },
    h(
      'form',
      { method: 'dialog', id: 'login-form' },
      h('h2', { id: 'login-title' }, '登录 ', h('span', { className: 'en' }, 'Log in')),
      field(
        '用户名',
        'Username',
        h('input', { name: 'username', autocomplete: 'username', required: true }),
      ),
      field(
        '密码',
        'Password',
        h('input', {
          name: 'password',
          type: 'password',
          autocomplete: 'current-password',
          required: true,
        }),
      ),
      h('p', { id: 'login-error', className: 'login-error', role: 'alert', hidden: true }),
      h(
        'div',
        { className: 'dialog-actions' },
        h('button', { type: 'button', id: 'login-cancel', className: 'header-button light' }, '取消 Cancel'),
        h('button', { type: 'submit', className: 'header-button light primary' }, '登录 Log in'),
      ),
    ),
  );
}

function setUpLoginDialog(session) {
  const dialog = loginDialog();
  document.body.append(dialog);
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  const submit = form.querySelector('button[type="submit"]');
  document.getElementById('login-button').addEventListener('click', () => {
    error.hidden = true;
    form.reset();
    dialog.showModal();
    form.elements.username.focus();
  });
  document.getElementById('login-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username || !password) {
      error.textContent = '请输入用户名和密码 Enter your username and password';
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    error.hidden = true;
    try {
      await session.login(username, password);
      dialog.close();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      form.elements.password.select();
    } finally {
      submit.disabled = false;
    }
  });
}
