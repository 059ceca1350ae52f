// The planner's compliance check (efficiency.js): the breaches of a year as a table and on the map.

import { problemBox } from './api.js';
import { BREACH_KINDS, INDICATORS, both, fmt } from './efficiency-common.js';
import { districtLabel } from './districts.js';
import { colourBadge, h } from './dom.js';
import { API, EXPORT_FORMATS, form, onPage, request, state, withFormat } from './efficiency-page.js';
import { breachLayer, map } from './efficiency-map.js';

// ---------------------------------------------------------------------------------------------
// Breaches (GET /api/efficiency/breaches)

function breachParams() {
  const f = form.elements;
  const p = new URLSearchParams();
  for (const name of ['year', 'district', 'cluster']) if (f[name].value) p.set(name, f[name].value);
  const kind = document.getElementById('breach-kind').value;
  if (kind) p.set('kind', kind);
  return p;
}

export async function loadBreaches(offset = state.breachOffset) {
  state.breachOffset = offset;
  const limit = 100;
  const params = breachParams();
  for (const format of EXPORT_FORMATS) {
    document.getElementById(`breach-${format}`).href = `${API}/breaches?${withFormat(params, format)}`;
  }
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  const body = document.getElementById('breaches-body');
  let list;
  let features;
  try {
    [list, features] = await Promise.all([
      request(`${API}/breaches?${params}`),
      request(`${API}/breaches?${withFormat(params, 'geojson')}`),
    ]);
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 6 }, problemBox(error))));
    return;
  }
  document.getElementById('breach-count').textContent = `共 ${fmt(list.total)} 宗 ${fmt(list.total)} parcels in breach`;
  document.getElementById('breaches-table').dataset.total = String(list.total);
  document.getElementById('breach-page').textContent =
    `${Math.floor(offset / limit) + 1} / ${Math.max(1, Math.ceil(list.total / limit))}`;
  document.getElementById('breach-prev').disabled = offset === 0;
  document.getElementById('breach-next').disabled = offset + limit >= list.total;
  body.replaceChildren(
    ...list.items.map((b) =>
      h(
        'tr',
        { dataset: { parcelId: b.parcelId, code: b.parcelCode } },
        h('td', {}, b.parcelCode),
        h('td', {}, districtLabel(b.district)?.[0] ?? b.district),
        h('td', {}, b.agreement?.contractNumber ?? '—'),
        h(
          'td',
          { className: 'eff-kinds' },
          ...b.kinds.map((k) =>
            h(
              'span',
              { className: 'eff-kind', style: colourBadge(BREACH_KINDS[k]?.colour ?? '#999999'), dataset: { kind: k } },
              both(BREACH_KINDS[k]?.label ?? [k, '']),
            ),
          ),
        ),
        h(
          'td',
          {},
          ['start', 'completion', 'production'].map((d) => b.daysLate?.[d] ?? '—').join(' / '),
        ),
        h(
          'td',
          {},
          (b.shortfalls ?? [])
            .map(
              (s) =>
                `${INDICATORS[s.indicator]?.label[0] ?? s.indicator} ${fmt(s.target, 1)} → ${fmt(s.actual, 1)}（−${fmt(s.percent, 1)}%）`,
            )
            .join('；') || '—',
        ),
      ),
    ),
  );
  breachLayer.clearLayers();
  breachLayer.addData(onPage(features, list.items, 'parcelId'));
  body.querySelectorAll('tr').forEach((tr) => {
    tr.addEventListener('click', () => {
      const id = Number(tr.dataset.parcelId);
      breachLayer.eachLayer((layer) => {
        if (layer.feature.properties.parcelId === id) {
          map.fitBounds(layer.getBounds(), { padding: [60, 60], maxZoom: 17 });
          layer.openTooltip();
        }
      });
    });
  });
}
