// 查看历史时点 · View as of: a date-time picker (a map control under the layer switcher). When set,
// every layer that keeps history draws its tiles as of that moment (?asOf=…), a banner says so (with
// a button back to now), the "what is here" popup answers for that moment, and editing is off.
// Which layers keep history, GET /api/layers says (versioned).

import { get } from './api.js';
import { h } from './dom.js';
import { contains } from './geo.js';
import { formatDate } from './history.js';

/** A datetime-local value ("2026-11-27T14:05" or with seconds) as ISO 8601 UTC, or null. */
function isoOf(value) {
  if (!value) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString().replace(/\.000Z$/, 'Z');
}

/** ctx: {state, editor}. Sets state.asOf (ISO string or null). */
export function setUpAsOf(ctx) {
  const { state } = ctx;
  const banner = document.getElementById('as-of-banner');
  const bannerText = document.getElementById('as-of-text');
  const input = h('input', {
    id: 'as-of-input',
    type: 'datetime-local',
    step: '1',
    title: '选择日期和时间 Choose a date and time',
  });
  input.max = new Date(Date.now() - new Date().getTimezoneOffset() * 60000)
    .toISOString()
    .slice(0, 19);
  const clear = h(
    'button',
    { type: 'button', className: 'icon-button', id: 'as-of-clear', title: '回到现在 Back to now' },
    '×',
  );
  clear.setAttribute('aria-label', '回到现在 Back to now');

  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    const div = L.DomUtil.create('div', 'as-of-control leaflet-control');
    div.append(
      h(
        'label',
        { htmlFor: 'as-of-input' },
        '查看历史时点 ',
        h('span', { className: 'en' }, 'View as of'),
      ),
      h('div', { className: 'as-of-row' }, input, clear),
    );
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(state.map);
  // the legend below takes the room the controls above it leave: let it measure again
  const size = state.map.getSize();
  state.map.fire('resize', { oldSize: size, newSize: size });

  function apply(iso) {
    if (iso === state.asOf) return;
    state.asOf = iso;
    for (const info of state.infos) {
      if (!info.versioned) continue;
      const grid = state.layers[info.id];
      grid?.setUrl(iso ? `${info.tiles}?asOf=${encodeURIComponent(iso)}` : info.tiles);
    }
    document.body.dataset.asOf = iso ?? '';
    banner.hidden = !iso;
    banner.dataset.asOf = iso ?? '';
    clear.hidden = !iso;
    if (iso) {
      bannerText.replaceChildren(
        h('b', {}, `历史时点 ${formatDate(iso)}`),
        '：地图显示该时点的工业用地状态（查询弹窗同此；红线面板为现状）。',
        h('br'),
        h(
          'span',
          { className: 'en' },
          'The map shows the state as of this moment (so does the popup; the quota panel shows now).',
        ),
      );
    } else {
      input.value = '';
    }
    state.map.closePopup();
    ctx.editor.setAsOf(iso);
  }

  let timer;
  input.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(() => apply(isoOf(input.value)), 300);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      clearTimeout(timer);
      apply(isoOf(input.value));
    }
  });
  clear.addEventListener('click', () => apply(null));
  document.getElementById('as-of-now').addEventListener('click', () => apply(null));
  clear.hidden = true;
  return { apply };
}

/**
 * What the visible layers had at a point as of state.asOf, as GET /api/features answers: the layers
 * that keep history from their features in a tiny box (then the point tested here), the others as
 * they are now.
 */
export async function identifyAsOf(state, latlng, layerIds) {
  const { lat, lng } = latlng.wrap();
  const epsilon = 1e-6;
  const bbox = [lng - epsilon, lat - epsilon, lng + epsilon, lat + epsilon]
    .map((n) => n.toFixed(7))
    .join(',');
  const infoOf = (id) => state.infos.find((i) => i.id === id) ?? { name: id, nameEn: id };
  const past = layerIds.filter((id) => infoOf(id).versioned);
  const present = layerIds.filter((id) => !infoOf(id).versioned);
  const asOf = encodeURIComponent(state.asOf);
  const [now, ...then] = await Promise.all([
    present.length
      ? get(`/api/features?lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}&layers=${present.join(',')}`)
      : { features: [] },
    ...past.map((id) =>
      get(`/api/layers/${id}/features?bbox=${bbox}&asOf=${asOf}&limit=50`).then((fc) =>
        fc.features
          .filter((f) => contains(f.geometry, [lng, lat]))
          .map((f) => ({
            layer: id,
            layerName: infoOf(id).name,
            layerNameEn: infoOf(id).nameEn,
            id: String(f.id),
            properties: {
              code: f.properties.code,
              asOfVersion: f.properties.version,
              asOf: state.asOf,
            },
          })),
      ),
    ),
  ]);
  const order = (layer) => -layerIds.indexOf(layer); // the top layer first
  const features = [...now.features, ...then.flat()].sort(
    (a, b) => order(a.layer) - order(b.layer),
  );
  return { lon: lng, lat, features };
}
