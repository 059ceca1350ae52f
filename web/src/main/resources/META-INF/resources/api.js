// Requests to the API for the editing pages: JSON in and out, the session cookie, the CSRF token
// (the XSRF-TOKEN cookie sent back as X-XSRF-TOKEN on every write) and problem details (RFC 9457)
// turned into errors that keep the whole problem for the page to show.

import { h } from './dom.js';

/** A refused request: status, and the problem detail the API sent (or one made from the status). */
export class ApiError extends Error {
  constructor(status, problem, url) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? { status, title: `HTTP ${status}` };
    this.url = url;
  }

  /** The problem type's last part: "invalid-geometry" for "/problems/invalid-geometry". */
  get kind() {
    return String(this.problem.type ?? '').replace(/^.*\/problems\//, '');
  }
}

/** The CSRF token the server put in the XSRF-TOKEN cookie, if any. */
export function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : null;
}

/**
 * Who is logged in, or null when no one is: GET /api/session, which answers 200 either way (a
 * visitor is not an error in the browser's console, as a 401 of /api/me would be).
 */
export async function currentUser() {
  const answer = await get('/api/session');
  return answer?.user ?? null;
}

/** What the server says when it refuses logins for a while (too many wrong passwords). */
export async function tooManyLogins(response) {
  try {
    return (await response.json()).detail;
  } catch {
    return '登录失败次数过多，请稍后再试 Too many failed logins: try again later';
  }
}

/** Makes sure there is a CSRF token: any answer of the server sets the cookie when missing. */
export async function ensureCsrf() {
  if (csrfToken()) return;
  await fetch('/api/session', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    credentials: 'same-origin',
  }).catch(() => {});
}

/**
 * Spring Security's form login: POST /login with the CSRF token. Success and failure both redirect
 * (not followed): GET /api/session tells which. Resolves to the response (429: too many failed logins).
 */
export async function postLogin(username, password) {
  await ensureCsrf();
  return fetch('/login', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-XSRF-TOKEN': csrfToken() ?? '',
      'X-Requested-With': 'XMLHttpRequest',
    },
    body: new URLSearchParams({ username, password }),
    credentials: 'same-origin',
    redirect: 'manual',
  });
}

/** Logs out: POST /logout with the CSRF token (its redirect not followed). */
export async function postLogout() {
  await ensureCsrf();
  await fetch('/logout', {
    method: 'POST',
    headers: { 'X-XSRF-TOKEN': csrfToken() ?? '', 'X-Requested-With': 'XMLHttpRequest' },
    credentials: 'same-origin',
    redirect: 'manual',
  });
}

/**
 * A request to the API: method, URL, an optional body (JSON, FormData for uploads, or a Blob sent
 * as it is with its type: text, a file), and options: signal, headers (more headers, e.g. If-Match). Resolves
 * to the JSON answer (null when there is none); rejects with an ApiError carrying the problem.
 * options.headers adds headers (If-Match with the version a write is based on).
 */
export async function api(method, url, body, { signal, headers: extra } = {}) {
  const headers = {
    Accept: 'application/json, application/geo+json, application/problem+json',
    'X-Requested-With': 'XMLHttpRequest',
    ...extra,
  };
  if (method !== 'GET') {
    await ensureCsrf();
    headers['X-XSRF-TOKEN'] = csrfToken() ?? '';
  }
  // a form (a file upload) goes as it is, multipart; a Blob as it is, with its type; else JSON
  const raw = body instanceof FormData || body instanceof Blob;
  if (body instanceof Blob && body.type) headers['Content-Type'] = body.type;
  else if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined || raw ? body : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, json, url);
  return json;
}

export const get = (url, options) => api('GET', url, undefined, options);

/**
 * GET for the map page: a refusal rejects with an Error whose message names the resource before
 * the problem ("/api/quota: …"), as the page's error banner and popups show it.
 */
export const getResource = (url, options) =>
  get(url, options).catch((error) => {
    if (!(error instanceof ApiError)) throw error;
    throw new Error(`${url.split('?')[0]}: ${error.message}`);
  });
export const post = (url, body, options) => api('POST', url, body ?? {}, options);
export const del = (url, options) => api('DELETE', url, undefined, options);

/** What a person reads for a failed request: the problem's title and detail, in a box. */
export function problemBox(error, ...extra) {
  const problem = error instanceof ApiError ? error.problem : { detail: error.message };
  const status = error instanceof ApiError ? `${error.status} ` : '';
  return h(
    'div',
    {
      className: 'problem',
      role: 'alert',
      dataset: { problem: error instanceof ApiError ? error.kind : 'error' },
    },
    h('div', { className: 'problem-title' }, `${status}${problemTitle(error)}`),
    problem.detail ? h('div', { className: 'problem-detail' }, problem.detail) : null,
    ...extra,
  );
}

/** The problem type in Chinese and English. */
const PROBLEM_TITLES = {
  'invalid-geometry': '图形无效 Invalid shape',
  'outside-foshan': '超出佛山市域 Outside Foshan',
  'implausible-size': '面积不合理 Implausible size',
  'invalid-attributes': '属性有误 Invalid attributes',
  'not-adjacent': '要素不相邻 Features do not touch',
  'split-missed': '分割线未穿过要素 The line does not split the feature',
  forbidden: '无权操作 Not allowed',
  'version-required': '缺少版本 Version required',
  'stale-version': '要素已被他人修改 Changed by someone else',
  'rule-violation': '违反规则 Rule violation',
  'login-required': '请先登录 Please log in',
  'reason-required': '需要修改原因 Reason required',
  'comment-required': '需要审核意见 Comment required',
  'wrong-state': '状态不允许 Not in that state',
  'rejected-by-database': '数据库拒绝 Refused by the database',
  'too-many-vertices': '节点过多 Too many vertices',
  'unknown-feature': '要素不存在 No such feature',
};

function problemTitle(error) {
  if (!(error instanceof ApiError)) return '出错了 Error';
  return PROBLEM_TITLES[error.kind] ?? error.problem.title ?? '出错了 Error';
}
