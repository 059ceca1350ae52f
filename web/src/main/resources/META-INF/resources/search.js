// The search box of the map page: GET /api/search?q= as the user types; the matches are listed
// (layer, code, name) in an ARIA combobox's listbox; ↑/↓ move, Enter or a click takes one (the map
// fits its bbox and the feature is highlighted), Escape closes the list, a second Escape clears it.
// An enterprise's match carries a link to its profile (enterprise.html), and taking one shows that
// link under the box (#search-profile), where the keyboard reaches it too.

import { getResource } from './api.js';
import { h } from './dom.js';
import { enterpriseHref, enterpriseLink } from './enterprise-link.js';
import { bboxBounds } from './map-view.js';
import { LAYERS } from './vocabulary.js';

/** Labels of what the search finds that is not a map layer. */
const OTHER_LABELS = {
  enterprise: '企业 Enterprise',
  change_set: '变更 Change set',
};

const layerLabel = (layer) => {
  const info = LAYERS.find((l) => l.id === layer);
  return info ? `${info.name} ${info.nameEn}` : (OTHER_LABELS[layer] ?? layer);
};

/** Wires the search box (#search-input, #search-results) to the map of `state`. */
export function setUpSearch(state) {
  const input = document.getElementById('search-input');
  const list = document.getElementById('search-results');
  if (!input || !list) return;
  let matches = [];
  let active = -1;
  let timer;
  let inFlight;
  let shownFor = null; // the text the listed matches were found for

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (index) => {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute('aria-selected', i === index));
    if (index >= 0 && list.children[index]) {
      input.setAttribute('aria-activedescendant', list.children[index].id);
      list.children[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const show = (found, message) => {
    matches = found;
    const options = found.map((m, i) =>
      h(
        'li',
        {
          id: `search-option-${i}`,
          role: 'option',
          'aria-selected': 'false',
          className: 'search-option',
          dataset: { layer: m.layer, id: String(m.id) },
        },
        h('span', { className: 'search-layer' }, layerLabel(m.layer)),
        h('span', { className: 'search-code' }, m.code ?? ''),
        m.name ? h('span', { className: 'search-name' }, m.name) : null,
        m.layer === 'enterprise'
          ? enterpriseLink('企业画像 Profile', { id: m.id }, { className: 'search-profile-link', tabIndex: -1 })
          : null,
      ),
    );
    list.replaceChildren(
      ...(options.length
        ? options
        : [h('li', { className: 'search-empty', role: 'option', 'aria-disabled': 'true' }, message)]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(-1);
  };

  const pick = (match) => {
    if (!match) return;
    close();
    input.value = match.code ?? match.name ?? '';
    if (match.bbox) state.fitBounds(bboxBounds(match.bbox));
    const grid = state.layers[match.layer];
    if (grid) {
      if (!state.map.hasLayer(grid)) grid.addTo(state.map);
      state.selection.select(match.layer, match.id);
    }
    document.body.dataset.searchPicked = `${match.layer}:${match.id}`;
    profileLink(match);
  };

  // the profile of the enterprise taken last, under the box
  const profileLink = (match) => {
    let link = document.getElementById('search-profile');
    if (match.layer !== 'enterprise') {
      if (link) link.hidden = true;
      return;
    }
    if (!link) {
      link = h('a', { id: 'search-profile', className: 'search-profile' });
      list.after(link);
    }
    link.href = enterpriseHref({ id: match.id });
    link.textContent = `企业画像 Profile：${match.name ?? match.code}`;
    link.hidden = false;
  };

  const search = async (q) => {
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    try {
      const found = await getResource(`/api/search?q=${encodeURIComponent(q)}`, {
        signal: controller.signal,
      });
      if (controller === inFlight && input.value.trim() === q) {
        shownFor = q;
        show(found, '没有找到 Nothing found');
      }
    } catch (error) {
      if (error.name !== 'AbortError') show([], error.message);
    }
    return controller;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      inFlight?.abort();
      close();
      return;
    }
    timer = setTimeout(() => search(q), 250);
  });

  input.addEventListener('keydown', async (event) => {
    const open = !list.hidden && matches.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      setActive((active + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive(active <= 0 ? matches.length - 1 : active - 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (!list.hidden) close();
      else input.value = '';
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const q = input.value.trim();
      if (!q) return;
      if (open && shownFor === q) {
        pick(matches[Math.max(active, 0)]);
        return;
      }
      // Enter before the list came: search now, and take the best match
      clearTimeout(timer);
      const controller = await search(q);
      if (controller === inFlight && shownFor === q) pick(matches[0]);
    }
  });

  // a click (mousedown, before the input loses its focus) takes a match
  list.addEventListener('mousedown', (event) => {
    const option = event.target.closest('.search-option');
    if (!option) return;
    event.preventDefault(); // the input keeps its focus, so the list stays for the click
    if (event.target.closest('a')) return; // an enterprise's profile link: followed, not taken
    pick(matches[[...list.children].indexOf(option)]);
  });
  input.addEventListener('blur', close);
}
