// What a change set would do, shown in #preview-panel and on the map: valid or not, the rules it
// breaks (listed, and drawn hatched on the map), the red line per district before and after with the
// margin to each minimum, the city total, whether it fragments the red line (集聚连片: patches and
// the share in big blocks of each district it changes), the ready reserve, the clusters touched, and every feature
// before (dashed grey) and after (solid). Used for a draft (editor.js) and a proposal (review.js).

import { h } from './dom.js';
import { bilingual, EDIT_ACTIONS, RULES } from './vocabulary.js';
import { boundsOf } from './geo.js';
import { decimal, km2 as km2Of, mu, percent, signed } from './format.js';

/** Styles of the editing overlays. Fills "url(#…)" are the SVG patterns in index.html. */
export const OVERLAY_STYLES = {
  before: {
    color: '#455a64',
    weight: 2,
    opacity: 0.95,
    dashArray: '6 5',
    fillColor: '#90a4ae',
    fillOpacity: 0.1,
  },
  after: { color: '#0d47a1', weight: 2.5, opacity: 1, fillColor: '#1e88e5', fillOpacity: 0.25 },
  violation: {
    color: '#e6007e',
    weight: 2.5,
    opacity: 1,
    fillColor: 'url(#hatch-violation)',
    fillOpacity: 1,
  },
  added: { color: '#1b5e20', weight: 1.5, opacity: 1, fillColor: '#43a047', fillOpacity: 0.55 },
  removed: {
    color: '#b71c1c',
    weight: 1.5,
    opacity: 1,
    fillColor: 'url(#hatch-removed)',
    fillOpacity: 1,
  },
  older: { color: '#5d4037', weight: 2, opacity: 0.95, dashArray: '6 5', fill: false },
  newer: { color: '#0d47a1', weight: 2.5, opacity: 1, fillColor: '#1e88e5', fillOpacity: 0.12 },
};

/** A GeoJSON overlay that neither takes clicks nor is snapped to nor edited. */
export function overlay(geojson, style) {
  return L.geoJSON(geojson, {
    interactive: false,
    pmIgnore: true,
    snapIgnore: true,
    style: () => style,
  });
}

const km2 = (value) => km2Of(value, 3);
const trend = (value) => (value > 1e-9 ? 'up' : value < -1e-9 ? 'down' : 'none');

/** A swatch showing an overlay style. */
export function overlaySwatch(style) {
  const box = h('span', { className: 'swatch overlay-swatch' });
  box.style.border = `2px ${style.dashArray ? 'dashed' : 'solid'} ${style.color}`;
  if (style.fill !== false) {
    box.style.background = style.fillColor.startsWith('url(')
      ? `repeating-linear-gradient(45deg, ${style.color} 0 2px, transparent 2px 5px)`
      : style.fillColor;
  }
  return box;
}

/**
 * The preview panel and its map overlays.
 * @param state     the map page's state (map, fitBounds)
 * @param layerName (layer id) => "中文 English"
 */
export function createPreview(state, layerName) {
  const panel = document.getElementById('preview-panel');
  const group = L.layerGroup().addTo(state.map);
  let current = null;

  const preview = {
    /** The change-set id shown, or null. */
    get shown() {
      return current;
    },
    /**
     * Shows a preview (the answer of GET …/preview, or the "preview" of a 422 problem).
     * @param options.title   heading
     * @param options.context what it is for ("draft" or "review"), kept on the panel
     * @param options.fit     whether to zoom the map to the changes (default true)
     */
    show(answer, { title, context = 'draft', fit = true } = {}) {
      current = answer.changeSet?.id ?? null;
      group.clearLayers();
      const effects = answer.effects ?? {};
      const features = effects.features ?? [];
      const violations = effects.violations ?? [];
      const stale = effects.stale ?? [];
      const bounds = L.latLngBounds([]);
      const addShape = (geojson, style) => {
        if (!geojson) return null;
        const layer = overlay(geojson, style).addTo(group);
        const b = layer.getBounds();
        if (b.isValid()) bounds.extend(b);
        return layer;
      };
      for (const f of features) addShape(f.before, OVERLAY_STYLES.before);
      for (const f of features) addShape(f.after, OVERLAY_STYLES.after);
      for (const v of violations) addShape(v.geometry, OVERLAY_STYLES.violation);

      panel.dataset.valid = String(Boolean(answer.valid));
      panel.dataset.context = context;
      panel.dataset.changeSet = String(current ?? '');
      const parts = [
        h(
          'div',
          { className: 'pv-head' },
          h('h3', {}, title ?? `预览 Preview · 变更集 Change set #${current}`),
          h(
            'span',
            { className: `pv-badge ${answer.valid ? 'valid' : 'invalid'}` },
            answer.valid ? '✓ 符合规则 Valid' : '✗ 不符合规则 Invalid',
          ),
          closeButton(() => preview.clear()),
        ),
        stale.length ? staleSection(stale, layerName) : null,
        violations.length ? violationSection(violations, features, state) : null,
        features.length ? featureSection(features, layerName, state) : null,
        // a preview that found stale features applied nothing: its figures are not data
        stale.length ? null : redLineSection(effects),
        stale.length ? null : contiguitySection(effects.contiguity),
        stale.length ? null : reserveSection(effects),
        // the clusters are there when the preview asked for them (include=clusters), not in a commit's
        stale.length || !effects.clusters ? null : clusterSection(effects.clusters),
        legend(),
      ];
      panel.replaceChildren(...parts.filter(Boolean));
      panel.hidden = false;
      if (fit && bounds.isValid()) state.fitBounds(bounds);
    },
    clear() {
      current = null;
      group.clearLayers();
      panel.hidden = true;
      panel.replaceChildren();
      delete panel.dataset.valid;
      delete panel.dataset.changeSet;
    },
  };
  return preview;
}

function closeButton(onClick) {
  const button = h(
    'button',
    { type: 'button', className: 'icon-button', title: '清除预览 Clear the preview' },
    '×',
  );
  button.setAttribute('aria-label', '清除预览 Clear the preview');
  button.addEventListener('click', onClick);
  return button;
}

function staleSection(stale, layerName) {
  return h(
    'div',
    { className: 'pv-section pv-stale' },
    h('h4', {}, '要素已被他人修改 Changed since the edit'),
    h(
      'ul',
      {},
      ...stale.map((s) =>
        h(
          'li',
          {},
          `${s.code ? `${s.layerName ?? layerName(s.layer)} ${s.code}` : `${layerName(s.layer)} #${s.featureId}`}：编辑基于第 ${s.baseVersion} 版，现为 ${
            s.currentVersion == null ? '已删除 deleted' : `第 ${s.currentVersion} 版`
          } · edited v${s.baseVersion}, now ${
            s.currentVersion == null ? 'deleted' : `v${s.currentVersion}`
          }`,
        ),
      ),
    ),
    h(
      'p',
      { className: 'pv-note' },
      '请重新选择这些要素并重做修改 Select these features again and redo the edits.',
    ),
  );
}

function violationSection(violations, features, state) {
  const afterOf = (v) =>
    features.find((f) => f.layer === v.layer && f.featureId === v.featureId)?.after;
  const items = violations.map((v) => {
    const rule = RULES[v.rule] ?? [v.rule, v.rule];
    const li = h(
      'li',
      {
        className: 'pv-violation',
        tabIndex: 0,
        title: '缩放至此 Zoom to it',
        dataset: { rule: v.rule, layer: v.layer ?? '', featureId: v.featureId ?? '' },
      },
      h('span', { className: `rule-badge rule-${v.rule}` }, bilingual(rule)),
      h('span', { className: 'pv-message' }, v.message),
    );
    const zoom = () => {
      const target = v.geometry ?? afterOf(v);
      const bounds = target ? boundsOf(target) : null;
      if (bounds?.isValid()) {
        state.fitBounds(bounds, 18);
      } else {
        const table = li.closest('.preview-panel')?.querySelector('.pv-redline');
        table?.scrollIntoView({ block: 'nearest' });
        table?.classList.remove('flash');
        void table?.offsetWidth; // restart the animation
        table?.classList.add('flash');
      }
    };
    li.addEventListener('click', zoom);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') zoom();
    });
    return li;
  });
  return h(
    'div',
    { className: 'pv-section pv-violations' },
    h('h4', {}, `违反规则 Rule violations (${violations.length})`),
    h('ul', {}, ...items),
  );
}

function featureSection(features, layerName, state) {
  return h(
    'div',
    { className: 'pv-section' },
    h('h4', {}, `变更要素 Changed features (${features.length})`),
    h(
      'ul',
      { className: 'pv-features' },
      ...features.map((f) => {
        const p = (f.after ?? f.before)?.properties ?? {};
        const action = EDIT_ACTIONS[f.action] ?? [f.action, f.action];
        const before = f.before?.properties?.areaM2;
        const after = f.after?.properties?.areaM2;
        const area =
          before != null && after != null
            ? `${mu(before * 0.0015)} → ${mu(after * 0.0015)} 亩 mu`
            : `${mu((after ?? before ?? 0) * 0.0015)} 亩 mu`;
        const li = h(
          'li',
          {
            tabIndex: 0,
            title: '缩放至此 Zoom to it',
            dataset: { layer: f.layer, id: f.featureId },
          },
          h('span', { className: `action-badge action-${f.action}` }, bilingual(action)),
          ` ${layerName(f.layer)} `,
          h('b', {}, p.code ?? `#${f.featureId}`),
          h('span', { className: 'pv-area' }, area),
        );
        li.addEventListener('click', () => {
          const bounds = L.latLngBounds([]);
          for (const g of [f.before, f.after]) if (g) bounds.extend(boundsOf(g));
          if (bounds.isValid()) state.fitBounds(bounds, 18);
        });
        return li;
      }),
    ),
  );
}

function redLineSection(effects) {
  const rows = (effects.redLine ?? []).map((d) =>
    h(
      'tr',
      {
        className: trend(d.deltaKm2) === 'none' ? 'unchanged' : 'changed',
        dataset: { code: d.code },
      },
      h('th', {}, d.name, h('span', { className: 'en' }, d.nameEn)),
      h('td', {}, km2(d.beforeKm2)),
      h('td', {}, km2(d.afterKm2)),
      h(
        'td',
        { className: `delta ${trend(d.deltaKm2)}` },
        signed(d.deltaKm2, km2),
        h('span', { className: 'delta-mu' }, `${signed(d.deltaMu, mu)} 亩`),
      ),
      h(
        'td',
        { className: d.marginKm2 < 0 ? 'margin below' : 'margin' },
        signed(d.marginKm2, km2),
        h('span', { className: 'delta-mu' }, `≥ ${km2Of(d.minimumKm2)}`),
      ),
    ),
  );
  const cityDelta = (effects.cityAfterKm2 ?? 0) - (effects.cityBeforeKm2 ?? 0);
  return h(
    'div',
    { className: 'pv-section' },
    h('h4', {}, '工业用地红线 Red line (km²)'),
    h(
      'table',
      { className: 'pv-redline' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '区 District'),
          h('th', {}, '修改前 Before'),
          h('th', {}, '修改后 After'),
          h('th', {}, '变化 Δ'),
          h('th', {}, '余量 Margin'),
        ),
      ),
      h('tbody', {}, ...rows),
      h(
        'tfoot',
        {},
        h(
          'tr',
          { className: 'city' },
          h('th', {}, '全市 City'),
          h('td', {}, km2(effects.cityBeforeKm2)),
          h('td', {}, km2(effects.cityAfterKm2)),
          h(
            'td',
            { className: `delta ${trend(cityDelta)}` },
            signed(cityDelta, km2),
            h('span', { className: 'delta-mu' }, `${signed(cityDelta * 1500, mu)} 亩`),
          ),
          h('td', {}, ''),
        ),
      ),
    ),
  );
}

/**
 * Does the change set fragment the red line? Each district whose red-line patches it changes:
 * patches and the share in big blocks before → after; a warning when the patches grow in number or
 * the share falls.
 */
function contiguitySection(contiguity) {
  if (!contiguity) return null;
  const big = decimal(contiguity.bigBlockMu);
  const districts = contiguity.districts ?? [];
  const explanation =
    `集聚连片：相距不超过 ${decimal(contiguity.gapM)} 米的红线图斑视为同一连片；` +
    `${big} 亩以上连片所占比例下降或连片数增加，即红线更破碎。\n` +
    `Contiguity: red-line pieces at most ${decimal(contiguity.gapM)} m apart form one patch; ` +
    `more patches or a smaller share in patches of ≥ ${big} mu mean a more fragmented red line.`;
  const rows = districts.map((d) =>
    h(
      'tr',
      {
        className: d.fragments ? 'fragments' : 'changed',
        dataset: {
          code: d.code,
          patchesBefore: String(d.patchesBefore),
          patchesAfter: String(d.patchesAfter),
        },
      },
      h('th', {}, d.name, h('span', { className: 'en' }, d.nameEn)),
      h(
        'td',
        { className: `patches delta ${d.patchesAfter > d.patchesBefore ? 'down' : 'none'}` },
        `${d.patchesBefore} → ${d.patchesAfter}`,
      ),
      h(
        'td',
        {
          className: `big-share delta ${d.bigBlockShareAfter < d.bigBlockShareBefore ? 'down' : 'none'}`,
        },
        `${percent(d.bigBlockShareBefore)} → ${percent(d.bigBlockShareAfter)}`,
      ),
      h('td', {}, `${mu(d.largestPatchMuBefore, 0)} → ${mu(d.largestPatchMuAfter, 0)}`),
    ),
  );
  return h(
    'div',
    {
      className: 'pv-section pv-contiguity',
      title: explanation,
      dataset: { fragments: String(Boolean(contiguity.fragments)) },
    },
    h('h4', {}, '集聚连片 Contiguity of the red line'),
    contiguity.fragments
      ? h(
          'p',
          { className: 'pv-warning', role: 'status' },
          '⚠ 此修改使红线更破碎（连片数增加或千亩以上连片占比下降）。',
          h('br'),
          'This edit fragments the red line (more patches, or less of it in big blocks).',
        )
      : null,
    districts.length
      ? h(
          'table',
          { className: 'pv-redline pv-contiguity-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, '区 District'),
              h('th', {}, '连片数 Patches'),
              h('th', {}, `≥${big}亩占比 Share ≥ ${big} mu`),
              h('th', {}, '最大连片 Largest (亩)'),
            ),
          ),
          h('tbody', {}, ...rows),
        )
      : h('p', { className: 'pv-note' }, '红线连片不变 The red line’s patches are unchanged'),
  );
}

function reserveSection(effects) {
  const before = effects.readyReserveBeforeMu ?? 0;
  const after = effects.readyReserveAfterMu ?? 0;
  const delta = after - before;
  return h(
    'div',
    { className: 'pv-section pv-reserve' },
    h('h4', {}, '达标储备用地 Ready reserve (亩 mu)'),
    h(
      'p',
      {},
      `${mu(before)} → ${mu(after)} `,
      h('span', { className: `delta ${trend(delta)}` }, `(${signed(delta, mu)})`),
    ),
  );
}

function clusterSection(clusters) {
  return h(
    'div',
    { className: 'pv-section' },
    h('h4', {}, `涉及集聚区 Clusters touched (${clusters.length})`),
    clusters.length
      ? h(
          'ul',
          { className: 'pv-clusters' },
          ...clusters.map((c) =>
            h('li', { title: c.nameEn, dataset: { code: c.code } }, `${c.name} ${c.code}`),
          ),
        )
      : h('p', { className: 'pv-note' }, '无 None'),
  );
}

function legend() {
  const item = (style, label) => h('span', {}, overlaySwatch(style), label);
  return h(
    'div',
    { className: 'pv-legend' },
    item(OVERLAY_STYLES.before, '修改前 Before'),
    item(OVERLAY_STYLES.after, '修改后 After'),
    item(OVERLAY_STYLES.violation, '违规部分 Violation'),
  );
}
