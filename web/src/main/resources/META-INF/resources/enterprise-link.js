// The link to an enterprise's profile page (enterprise.html), by its id or its unified social
// credit code: what the search, the map's popup and the planner's tables put on an enterprise's name.

import { h } from './dom.js';

/** The profile page's address for {id} or {code} (an 18-character credit code). */
export function enterpriseHref({ id, code }) {
  const p = new URLSearchParams();
  if (id !== undefined && id !== null) p.set('id', String(id));
  else p.set('code', code);
  return `enterprise.html?${p}`;
}

/** An enterprise's name as a link to its profile; the plain name when neither id nor code is known. */
export function enterpriseLink(name, key, attributes = {}) {
  if ((key.id === undefined || key.id === null) && !key.code) return name;
  return h(
    'a',
    {
      href: enterpriseHref(key),
      className: 'enterprise-link',
      title: '企业画像 Enterprise profile',
      ...attributes,
    },
    name,
  );
}
