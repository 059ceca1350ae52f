// The reserve dashboard 储备用地专项台账: the ready reserve against 17,000 mu for the city and each
// district (against its share), the area in each stage, inflow and outflow per month, time in each
// stage, early warnings, and the pieces, which an editor moves to their next stage (a change set
// through POST /api/reserve/{id}/transitions, with the piece's version as If-Match).
//
// The pieces are listed and mapped together (GET /api/reserve/pieces?geometry=true): filtered by
// district and stage, sorted, exported as CSV (/api/reserve/pieces.csv with the same filters), each
// shown on the map from its row. A move to READY refused for missing standard-land indicators asks
// for them with the refusal: they are written to the piece (PUT /api/layers/reserve_land/features/{id},
// a change set of their own) and the move is tried again.
//
// The major projects 重大产业项目 the pieces are kept for are reserve-projects.js's: their list above
// the pieces, the chosen project's pieces outlined on the same map, and each row of the pieces table
// names the project its piece is kept for and, for the bureau, offers to assign it to the chosen one.
//
// For tests: <body data-loaded="n"> counts the loads; data-pieces the pieces listed and mapped,
// data-pieces-loaded how many times they were; data-shown-piece the piece last shown on the map.

/* global L */

import { ApiError, api, get, problemBox } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { RESERVE_STAGE_COLOURS, layerStyles } from './cartography.js';
import { LAYERS, RESERVE_STAGES } from './vocabulary.js';
import { colourBadge, escapeHtml, h } from './dom.js';
import { fixed, todayInFoshan } from './format.js';
import { assignButton, loadProjects, setUpProjects } from './reserve-projects.js';
import { loadShares, setUpShares } from './reserve-shares.js';

const STAGES = Object.keys(RESERVE_STAGES);
const label = (stage) => RESERVE_STAGES[stage].join(' ');
const next = (stage) => STAGES[STAGES.indexOf(stage) + 1];
/** Areas in 亩 mu, with two decimals. */
const fmt = (mu) => fixed(mu, 2);
const STATUS = {
  OK: ['正常', 'OK'],
  WARNING: ['预警', 'Warning'],
  BELOW_TARGET: ['低于目标', 'Below target'],
};

const charts = {};
let user = null;
let pieces = [];

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

// ---- figures

async function loadSummary() {
  const s = await get('/api/reserve/summary');
  document.body.dataset.readyMu = s.readyMu;
  text('ready-mu', fmt(s.readyMu));
  text('target-mu', fmt(s.targetMu));
  text(
    'margin-mu',
    s.marginMu >= 0 ? `余 ${fmt(s.marginMu)} 亩 above` : `缺 ${fmt(-s.marginMu)} 亩 short`,
  );
  const status = document.getElementById('city-status');
  status.textContent = STATUS[s.status].join(' ');
  status.dataset.status = s.status;
  const bar = document.getElementById('ready-bar');
  bar.style.width = `${Math.min(100, (100 * s.readyMu) / s.targetMu)}%`;
  bar.dataset.status = s.status;

  const warnings = document.getElementById('warnings');
  warnings.replaceChildren(
    ...s.warnings.map((w, i) => {
      const p = document.createElement('p');
      p.className = 'reserve-warning';
      p.dataset.scope = i === 0 && s.warning ? 'city' : 'district';
      p.textContent = `⚠ ${w}`;
      return p;
    }),
  );

  document.getElementById('stage-kpis').replaceChildren(
    ...STAGES.map((stage) =>
      h(
        'div',
        {
          className: 'kpi kpi-stage',
          dataset: { stage },
          style: { borderTopColor: RESERVE_STAGE_COLOURS[stage] },
        },
        h(
          'div',
          { className: 'kpi-label' },
          `${RESERVE_STAGES[stage][0]} `,
          h('span', { className: 'en' }, RESERVE_STAGES[stage][1]),
        ),
        h(
          'div',
          { className: 'kpi-value small' },
          `${fmt(s.byStage[stage])} `,
          h('span', { className: 'unit' }, '亩'),
        ),
      ),
    ),
  );

  chart('chart-districts').setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: ['达标 Ready', '份额 Share'] },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: s.districts.map((d) => `${d.name} ${d.nameEn}`), inverse: true },
    series: [
      {
        name: '达标 Ready',
        type: 'bar',
        data: s.districts.map((d) => ({
          value: d.readyMu,
          itemStyle: {
            color: d.status === 'OK' ? '#2e9d4a' : d.status === 'WARNING' ? '#e69200' : '#d32f2f',
          },
        })),
      },
      {
        name: '份额 Share',
        type: 'bar',
        barGap: '-100%',
        data: s.districts.map((d) => d.shareMu),
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#1f2a36', borderType: 'dashed', borderWidth: 1.5 },
        z: 3,
      },
    ],
  });
  chart('chart-stages').setOption({
    tooltip: { trigger: 'item', formatter: '{b}: {c} 亩 ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '68%'],
        data: STAGES.map((stage) => ({
          name: label(stage),
          value: s.byStage[stage],
          itemStyle: { color: RESERVE_STAGE_COLOURS[stage] },
        })),
        label: { formatter: '{b}\n{c} 亩' },
      },
    ],
  });
}

async function loadFlows() {
  const months = await get('/api/reserve/flows?months=24');
  chart('chart-flows').setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: ['收储 Acquired', '转入达标 Became ready', '转出达标 Left ready', '供地 Supplied'] },
    grid: { left: 10, right: 20, top: 60, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', name: '亩 mu' },
    series: [
      { name: '转入达标 Became ready', type: 'bar', stack: 'ready', data: months.map((m) => m.readyInMu), itemStyle: { color: RESERVE_STAGE_COLOURS.READY } },
      { name: '转出达标 Left ready', type: 'bar', stack: 'ready', data: months.map((m) => -m.readyOutMu), itemStyle: { color: '#d32f2f' } },
      { name: '收储 Acquired', type: 'line', data: months.map((m) => m.acquiredMu), itemStyle: { color: RESERVE_STAGE_COLOURS.ACQUIRED } },
      { name: '供地 Supplied', type: 'line', data: months.map((m) => m.suppliedMu), itemStyle: { color: RESERVE_STAGE_COLOURS.SUPPLIED } },
    ],
  });
}

async function loadDurations() {
  const stages = await get('/api/reserve/stage-durations');
  chart('chart-durations').setOption({
    tooltip: {
      trigger: 'axis',
      formatter: (items) =>
        items
          .map((i) => escapeHtml(`${i.seriesName} ${i.name}: ${i.value ?? '—'} 天 days`))
          .join('<br>'),
    },
    legend: { data: ['已完成 Finished', '当前 In it now'] },
    grid: { left: 10, right: 20, top: 60, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: stages.map((s) => label(s.stage)) },
    yAxis: { type: 'value', name: '天 days' },
    series: [
      { name: '已完成 Finished', type: 'bar', data: stages.map((s) => s.medianDays), itemStyle: { color: '#1e6fb8' } },
      { name: '当前 In it now', type: 'bar', data: stages.map((s) => s.medianCurrentDays), itemStyle: { color: '#8fa3b3' } },
    ],
  });
}

// ---- pieces and transitions

/** The filters and order of the list, as the API's query. */
function piecesQuery() {
  const query = new URLSearchParams();
  const stage = document.getElementById('stage-filter').value;
  const district = document.getElementById('district-filter').value;
  if (stage) query.set('stage', stage);
  if (district) query.set('district', district);
  query.set('sort', document.getElementById('sort').value);
  return query;
}

async function loadPieces() {
  const query = piecesQuery();
  document.getElementById('pieces-csv').href = `/api/reserve/pieces.csv?${query}`;
  query.set('geometry', 'true');
  query.set('limit', '1000');
  pieces = await get(`/api/reserve/pieces?${query}`);
  drawPieces();
  const mayEdit = user && user.role !== 'PLANNER';
  text(
    'pieces-hint',
    mayEdit
      ? user.role === 'DISTRICT'
        ? '区级变更将提交市局审核 A district officer’s change goes to the bureau as a proposal'
        : ''
      : '登录后可变更阶段 Log in to move a piece to its next stage',
  );
  document.getElementById('pieces-body').replaceChildren(
    ...pieces.map((p) => {
      const tr = document.createElement('tr');
      tr.dataset.id = p.id;
      tr.dataset.stage = p.stage;
      const cells = [p.code, p.name, p.districtName, null, p.stageSince, fmt(p.areaMu), p.projectCode ?? ''];
      cells.forEach((value, i) => {
        const td = document.createElement('td');
        if (i === 3) {
          const chip = document.createElement('span');
          chip.className = 'stage-chip';
          Object.assign(chip.style, colourBadge(RESERVE_STAGE_COLOURS[p.stage]));
          chip.textContent = label(p.stage);
          td.append(chip);
        } else {
          td.textContent = value;
        }
        if (i === 5) td.className = 'num';
        if (i === 6) td.className = 'piece-project';
        tr.append(td);
      });
      const action = document.createElement('td');
      const ledger = document.createElement('button');
      ledger.type = 'button';
      ledger.className = 'piece-action ledger';
      ledger.textContent = '台账 Ledger';
      ledger.addEventListener('click', () => openLedger(p).catch(showError));
      action.append(ledger);
      const show = document.createElement('button');
      show.type = 'button';
      show.className = 'piece-action show-on-map';
      show.textContent = '地图 Map';
      show.addEventListener('click', () => showOnMap(p.id));
      action.append(show);
      const to = next(p.stage);
      if (mayEdit && (to || p.stage === 'READY')) {
        if (to) action.append(transitionButton(p, to, `→ ${label(to)}`, 'advance'));
        if (p.stage === 'READY') action.append(transitionButton(p, 'PREPARING', '退回整备 Back', 'back'));
      }
      action.append(assignButton(p) ?? '');
      tr.append(action);
      return tr;
    }),
  );
}

// ---- the map of the pieces

let map = null;
let piecesLayer = null;
const pieceLayers = new Map(); // piece id → its Leaflet layer

function setUpMap() {
  map = L.map('pieces-map', { minZoom: 8, maxZoom: 18, scrollWheelZoom: false });
  map.setView([22.98, 113.05], 9);
  L.control.scale({ metric: true, imperial: false }).addTo(map);
  const styles = layerStyles({ hasBasemap: false });
  L.vectorGrid
    .protobuf('/tiles/district/{z}/{x}/{y}.mvt', {
      vectorTileLayerStyles: { district: styles.district },
      interactive: false,
      maxNativeZoom: 18,
    })
    .addTo(map);
  document.getElementById('pieces-legend').replaceChildren(
    ...STAGES.map((stage) =>
      h('span', { style: { '--swatch': RESERVE_STAGE_COLOURS[stage] } }, label(stage)),
    ),
  );
}

const pieceStyle = (stage) => ({
  color: '#1f2a36',
  weight: 1,
  fillColor: RESERVE_STAGE_COLOURS[stage],
  fillOpacity: 0.7,
  className: 'reserve-piece',
});

/** The listed pieces on the map, coloured by stage; the map fits them. */
function drawPieces() {
  piecesLayer?.remove();
  pieceLayers.clear();
  piecesLayer = L.featureGroup().addTo(map);
  for (const p of pieces) {
    if (!p.geometry) continue;
    const layer = L.geoJSON(p.geometry, { style: pieceStyle(p.stage) });
    // an element, not an HTML string: names come from data
    layer.bindTooltip(h('span', {}, `${p.code} ${p.name} · ${label(p.stage)} · ${fmt(p.areaMu)} 亩`));
    layer.on('click', () => showOnMap(p.id, { fit: false }));
    pieceLayers.set(p.id, layer);
    piecesLayer.addLayer(layer);
  }
  for (const [id, layer] of pieceLayers) {
    layer.eachLayer((l) => l.getElement?.()?.setAttribute('data-id', String(id)));
  }
  if (pieceLayers.size) map.fitBounds(piecesLayer.getBounds(), { padding: [10, 10], maxZoom: 15 });
  document.body.dataset.pieces = String(pieces.length);
  document.body.dataset.piecesLoaded = String(Number(document.body.dataset.piecesLoaded ?? 0) + 1);
}

/** One piece outlined on the map (fitted, unless told not to) and its row marked. */
function showOnMap(id, { fit = true } = {}) {
  for (const [other, layer] of pieceLayers) {
    const p = pieces.find((x) => x.id === other);
    layer.setStyle(other === id ? { ...pieceStyle(p.stage), color: '#00b8d4', weight: 4 } : pieceStyle(p.stage));
  }
  const layer = pieceLayers.get(id);
  if (layer && fit) {
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 });
    document.getElementById('pieces-map').scrollIntoView({ block: 'nearest' });
  }
  layer?.bringToFront();
  for (const row of document.querySelectorAll('#pieces-body tr')) {
    row.classList.toggle('shown', row.dataset.id === String(id));
  }
  document.body.dataset.shownPiece = String(id);
}

function transitionButton(piece, to, caption, kind) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `piece-action ${kind}`;
  button.textContent = caption;
  button.addEventListener('click', () => openTransition(piece, to));
  return button;
}

async function openLedger(piece) {
  const l = await get(`/api/reserve/${piece.id}/ledger`);
  text('ledger-what', `${l.code} ${l.name}（${fmt(l.areaMu)} 亩）${l.parcelId ? ` · 宗地 parcel ${l.parcelId}` : ''}`);
  document.getElementById('ledger-body').replaceChildren(
    ...l.ledger.map((e) => {
      const tr = document.createElement('tr');
      tr.dataset.stage = e.stage;
      for (const value of [label(e.stage), e.enteredOn, e.actor, e.documentNumber ?? '—', e.changeSetId ?? '—']) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      }
      return tr;
    }),
  );
  document.getElementById('ledger-dialog').showModal();
}

let pending = null;

function openTransition(piece, to) {
  pending = { piece, to };
  const dialog = document.getElementById('transition-dialog');
  const form = document.getElementById('transition-form');
  form.reset();
  form.elements.on.value = todayInFoshan();
  // what it does to the reserve: only READY pieces count
  const effect =
    to === 'READY'
      ? `达标储备 +${fmt(piece.areaMu)} 亩 ready reserve`
      : piece.stage === 'READY'
        ? `达标储备 −${fmt(piece.areaMu)} 亩 ready reserve`
        : '达标储备不变 ready reserve unchanged';
  text(
    'transition-what',
    `${piece.code} ${piece.name}（${fmt(piece.areaMu)} 亩）：${label(piece.stage)} → ${label(to)}；${effect}` +
      (to === 'SUPPLIED' ? '。供地将新建宗地及监管协议 Supplying creates the parcel and its supervision agreement.' : ''),
  );
  document.getElementById('transition-problem').hidden = true;
  dialog.showModal();
}

async function submitTransition(event) {
  event.preventDefault();
  await requestTransition(event.target);
}

async function requestTransition(form) {
  const { piece, to } = pending;
  const problem = document.getElementById('transition-problem');
  problem.hidden = true;
  try {
    const result = await api(
      'POST',
      `/api/reserve/${piece.id}/transitions`,
      {
        to,
        on: form.elements.on.value,
        documentNumber: form.elements.documentNumber.value,
        reason: form.elements.reason.value || null,
        baseVersion: piece.version,
      },
    );
    document.getElementById('transition-dialog').close();
    flash(
      result.status === 'COMMITTED'
        ? `${piece.code} 已变更为${label(to)} moved to ${to}`
        : `${piece.code} 变更已提交市局审核（变更集 ${result.changeSetId}） proposed for review`,
    );
    await refresh();
  } catch (error) {
    problem.replaceChildren();
    const title = document.createElement('strong');
    title.textContent =
      error instanceof ApiError ? `${error.status} ${error.problem.title ?? ''}` : '出错了 Error';
    problem.append(title);
    const reasons = error instanceof ApiError ? error.problem.reasons : null;
    if (reasons) {
      const list = document.createElement('ul');
      for (const r of reasons) {
        const li = document.createElement('li');
        li.dataset.reason = r.code;
        li.textContent = r.message;
        list.append(li);
      }
      problem.append(list);
      const missing = reasons.find((r) => r.code === 'indicators-missing')?.fields;
      if (missing?.length) problem.append(indicatorForm(form, missing));
    } else {
      const p = document.createElement('p');
      p.textContent = error.message;
      problem.append(p);
    }
    problem.hidden = false;
  }
}

/** The reserve_land layer's field `property`, as GET /api/layers serves it. */
const reserveField = (property) =>
  LAYERS.find((l) => l.id === 'reserve_land')?.fields.find((f) => f.property === property);

/**
 * A form for the missing standard-land indicators, with the refusal: written to the piece as a
 * change set of their own (the transition's 文号), then the transition is tried again.
 */
function indicatorForm(transitionForm, fields) {
  const { piece } = pending;
  const inputs = fields.map((property) => {
    const field = reserveField(property);
    const numeric = field?.type !== 'TEXT';
    return h(
      'label',
      {},
      h('span', {}, `${field?.label?.[0] ?? property} `, h('span', { className: 'en' }, field?.label?.[1] ?? '')),
      h('input', {
        name: property,
        type: numeric ? 'number' : 'text',
        step: numeric ? 'any' : undefined,
        min: numeric ? '0' : undefined,
        required: true,
      }),
    );
  });
  const submit = h('button', { type: 'submit', className: 'header-button primary', id: 'indicators-submit' }, '补齐指标并重试 Fill in and retry');
  const form = h(
    'form',
    { className: 'indicator-form', id: 'indicator-form' },
    h('p', {}, '补齐以下标准地指标后重新变更 Fill in the missing standard-land indicators, then the move is tried again:'),
    ...inputs,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const properties = {};
    for (const property of fields) {
      const input = form.elements[property];
      properties[property] = input.type === 'number' ? Number(input.value) : input.value;
    }
    submit.disabled = true;
    try {
      const written = await api(
        'PUT',
        `/api/layers/reserve_land/features/${piece.id}`,
        {
          properties,
          reason: `补充标准地指标 ${piece.code}（standard-land indicators of ${piece.code}）`,
          documentNumber: transitionForm.elements.documentNumber.value || null,
        },
        { headers: { 'If-Match': `"${piece.version}"` } },
      );
      if (written?.type !== 'Feature') {
        // a district officer's write is a proposal: the move waits for the bureau's review
        form.replaceChildren(
          h('p', {}, `指标已提交市局审核（变更集 ${written?.id}），审核通过后再变更阶段 The indicators await the bureau's review`),
        );
        return;
      }
      piece.version = written.properties.version;
      await requestTransition(transitionForm);
    } catch (error) {
      form.append(problemBox(error));
      submit.disabled = false;
    }
  });
  return form;
}

function flash(message) {
  const p = document.createElement('p');
  p.className = 'reserve-flash';
  p.setAttribute('role', 'status');
  p.textContent = message;
  document.getElementById('warnings').before(p);
  setTimeout(() => p.remove(), 8000);
}

async function refresh() {
  await Promise.all([loadSummary(), loadShares(), loadFlows(), loadDurations(), loadPieces(), loadProjects()]);
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
}

async function start() {
  // the header first (page-header.js): the account and the pages, whatever the data does
  const session = setUpPageHeader({ onError: showError });
  const filter = document.getElementById('stage-filter');
  for (const stage of STAGES) {
    const option = document.createElement('option');
    option.value = stage;
    option.textContent = label(stage);
    filter.append(option);
  }
  filter.addEventListener('change', () => loadPieces().catch(showError));
  const districtFilter = document.getElementById('district-filter');
  for (const d of await get('/api/districts')) {
    districtFilter.append(h('option', { value: d.code }, d.name));
  }
  districtFilter.addEventListener('change', () => loadPieces().catch(showError));
  document.getElementById('sort').addEventListener('change', () => loadPieces().catch(showError));
  setUpMap();
  setUpProjects(map, () => user, loadPieces);
  setUpShares(() => user, loadSummary);
  document.getElementById('transition-form').addEventListener('submit', submitTransition);
  document
    .getElementById('ledger-close')
    .addEventListener('click', () => document.getElementById('ledger-dialog').close());
  document
    .getElementById('transition-cancel')
    .addEventListener('click', () => document.getElementById('transition-dialog').close());
  // who is logged in: the header (page-header.js); the pieces' actions depend on it
  let started = false;
  session.onChange((u) => {
    user = u;
    if (started) Promise.all([loadPieces(), loadProjects(), loadShares()]).catch(showError);
  });
  await session.refresh();
  started = true;
  await refresh();
}

function showError(error) {
  const p = document.getElementById('login-error');
  p.textContent = `出错了 Error — ${error.message}`;
  p.hidden = false;
}

start().catch(showError);
