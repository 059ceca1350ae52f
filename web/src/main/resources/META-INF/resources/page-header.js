// The header every page shares: the account (badge, login dialog, logout: session.js) and the
// links to the other pages, one list for every page, shown by role; inline when the header holds
// them on one row beside the page's title, else behind the 页面 Pages button (foldWhenCrowded: what
// fits depends on the role's buttons as much as on the screen). A page's own header buttons (the
// map's 编辑, 审核, 打印, 消息) stay in its markup; this adds the rest after them.

import { commitsRole, createSession } from './session.js';
import { h } from './dom.js';

/** The pages, in the order of the menu; `shown(user)` says who sees the link (all if absent). */
const PAGES = [
  { href: '/', zh: '地图', en: 'Map' },
  { href: 'reserve.html', zh: '储备台账', en: 'Reserve ledger' },
  { href: 'renovation.html', zh: '村改进度', en: 'Renovation' },
  { href: 'factories.html', zh: '商品厂房', en: 'Factory buildings' },
  { href: 'efficiency.html', zh: '亩均效益', en: 'Efficiency' },
  { href: 'idle-land.html', zh: '闲置土地', en: 'Idle land' },
  {
    // a district officer's own district; the bureau chooses one on the page
    href: 'compliance.html',
    zh: '达标说明',
    en: 'Compliance statement',
    id: 'compliance-link',
    shown: (user) => Boolean(user?.districtCode) || commitsRole(user?.role),
    target: (user) =>
      user?.districtCode ? `compliance.html?district=${encodeURIComponent(user.districtCode)}` : 'compliance.html',
  },
  // loaded, renamed and deleted by the bureau
  { href: 'reference.html', zh: '参考图层', en: 'Reference layers', id: 'reference-link', shown: (u) => commitsRole(u?.role) },
  // the administrator's (the API answers 403 to anyone else)
  { href: 'audit.html', zh: '审计日志', en: 'Audit log', id: 'audit-link', shown: (u) => u?.role === 'ADMIN' },
  { href: 'admin.html', zh: '账户管理', en: 'Accounts', id: 'admin-link', shown: (u) => u?.role === 'ADMIN' },
  { href: '/swagger-ui.html', zh: 'API 文档', en: 'API docs', newTab: true },
];

/** Is `href` the page we are on? ('/' is index.html.) */
function isCurrent(href) {
  const here = window.location.pathname.replace(/^\/(index\.html)?$/, '/');
  return href === here || `/${href}` === here;
}

/**
 * Adds the account controls and the page links to the header's `.header-meta` and answers the
 * page's session (session.js): `session.onChange(user => …)`, then `session.refresh()`.
 * `onError(error)` shows a failed logout the page's way (the map's error banner by default).
 */
export function setUpPageHeader({ onError } = {}) {
  const nav = document.querySelector('.app-header .header-meta');
  const links = h('div', { id: 'page-links', className: 'page-links' });
  const entries = PAGES.map((page) => {
    const link = h(
      'a',
      {
        href: page.href,
        id: page.id,
        target: page.newTab ? '_blank' : undefined,
        rel: page.newTab ? 'noopener' : undefined,
        hidden: Boolean(page.shown),
        'aria-current': isCurrent(page.href) ? 'page' : undefined,
      },
      `${page.zh} `,
      h('span', { className: 'en' }, page.en),
    );
    links.append(link);
    return { page, link };
  });
  const toggle = h(
    'button',
    {
      id: 'pages-toggle',
      className: 'header-button pages-toggle',
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': 'page-links',
    },
    '页面 ',
    h('span', { className: 'en' }, 'Pages'),
  );
  nav.append(
    h('span', { id: 'user-badge', className: 'user-badge', hidden: true }),
    h('button', { id: 'login-button', className: 'header-button', type: 'button' }, '登录 ', h('span', { className: 'en' }, 'Login')),
    h(
      'button',
      { id: 'logout-button', className: 'header-button', type: 'button', hidden: true },
      '退出 ',
      h('span', { className: 'en' }, 'Logout'),
    ),
    toggle,
    links,
  );
  setUpPagesMenu(toggle, links);
  const fold = foldWhenCrowded(nav.closest('.app-header'), nav, [toggle, links]);
  const session = createSession({ onError });
  session.onChange((user) => {
    for (const { page, link } of entries) {
      if (page.shown) link.hidden = !page.shown(user);
      if (page.target) link.href = page.target(user);
    }
    fold();
  });
  return session;
}

/**
 * Folds the page links behind 页面 Pages (the header's class pages-folded, base.css) whenever,
 * shown inline, they would push the header past the window or cut the page's title or its English
 * gloss (still cut when folded on a crowded header, the gloss ends in an ellipsis): measured
 * with the links inline, on every change of the header's width or of the size of its other
 * controls (a login's badge, the map's dataset badge filled in later, fonts loaded). Answers the
 * measurement, to call when the links shown change.
 */
function foldWhenCrowded(header, nav, folding) {
  const title = header.querySelector('.brand-text');
  const fold = () => {
    header.classList.remove('pages-folded');
    // the title or its English gloss cut (the gloss shrinks with an ellipsis before the title)
    const clipped = [title, ...(title?.children ?? [])].some((e) => e && e.scrollWidth > e.clientWidth + 1);
    const wider = header.scrollWidth > header.clientWidth + 1 || nav.getBoundingClientRect().right > window.innerWidth + 1;
    header.classList.toggle('pages-folded', Boolean(clipped || wider));
  };
  // the links' own size changes as they fold, so they are not observed (it would loop)
  const observer = new ResizeObserver(() => fold());
  observer.observe(header);
  for (const child of nav.children) if (!folding.includes(child)) observer.observe(child);
  document.fonts?.ready.then(fold);
  fold();
  return fold;
}

/** The 页面 Pages menu: the button opens and closes it; Escape, a click elsewhere or a link closes it. */
function setUpPagesMenu(toggle, links) {
  const show = (open) => {
    links.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => {
    const open = !links.classList.contains('open');
    show(open);
    if (open) links.querySelector('a:not([hidden])')?.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && links.classList.contains('open')) {
      show(false);
      toggle.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!toggle.contains(event.target) && !links.contains(event.target)) show(false);
  });
}
