// 商品厂房监管: the commercial factory buildings (GET /api/factories) with their stage pipeline, the
// sold / leased / vacant shares of their floor area and their rents and prices against their
// district's medians; one building's units, stage ledger and alerts in a dialog, where an editor
// (the bureau, or a district officer in their district) moves it to its next stage (POST
// /api/factories/{id}/stage) or records a unit sold or leased (POST /api/factories/{id}/units), both
// with the building's version as If-Match; and the alerts (GET /api/factories/alerts), paged, each
// linked to the map, exported as CSV (/api/factories/alerts.csv).
//
// For tests: <body data-loaded="n"> counts the loads of the lists; data-alerts-page the alert
// page shown (0-based).

import { ApiError, api, get, problemBox } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { h } from './dom.js';
import { decimal, fixed, percent, todayInFoshan } from './format.js';
import { codesOf } from './vocabulary.js';

/** The stages 产业导入 → … → 产出考核, as the layer serves them: {code: [zh, en]}. */
const STAGES = codesOf('factory_building', 'stage') ?? {};
const STAGE_CODES = Object.keys(STAGES);
const stageLabel = (stage) => (STAGES[stage] ? STAGES[stage][0] : stage);
const BUILDINGS_PAGE = 20;
const ALERTS_PAGE = 10;

let user = null;
let buildingsOffset = 0;
let alertsOffset = 0;
let current = null; // the building open in the dialog: {building, units, stages}

const $ = (id) => document.getElementById(id);
const district = () => $('district-filter').value;
const stage = () => $('stage-filter').value;
const today = todayInFoshan;

/** The main map, with this building selected and in view (index.html?layer=…&id=…). */
const mapLink = (id) => `/?layer=factory_building&id=${encodeURIComponent(id)}`;

// ---- the pipeline and the list

async function loadBuildings() {
  const query = new URLSearchParams({ limit: String(BUILDINGS_PAGE), offset: String(buildingsOffset) });
  if (district()) query.set('district', district());
  if (stage()) query.set('stage', stage());
  const page = await get(`/api/factories?${query}`);
  const most = Math.max(1, ...page.pipeline.map((s) => s.buildings));
  $('pipeline').replaceChildren(
    ...page.pipeline.map((s, i) =>
      h(
        'li',
        { className: `fb-step${stage() === s.stage ? ' chosen' : ''}`, dataset: { stage: s.stage, count: String(s.buildings) } },
        h(
          'button',
          { type: 'button', title: `只看${s.label} Only this stage` },
          h('span', { className: 'fb-step-no' }, String(i + 1)),
          h('span', { className: 'fb-step-label' }, s.label),
          h('span', { className: 'fb-step-count' }, `${decimal(s.buildings)} 栋`),
          h('span', { className: 'fb-step-bar', style: { width: `${(100 * s.buildings) / most}%` } }),
        ),
      ),
    ),
  );
  $('pipeline')
    .querySelectorAll('li button')
    .forEach((button) =>
      button.addEventListener('click', () => {
        const chosen = button.parentElement.dataset.stage;
        $('stage-filter').value = stage() === chosen ? '' : chosen;
        buildingsOffset = 0;
        loadBuildings().catch(showError);
      }),
    );
  $('buildings-body').replaceChildren(...page.items.map(buildingRow));
  pager($('buildings-pager'), page.total, BUILDINGS_PAGE, buildingsOffset, (offset) => {
    buildingsOffset = offset;
    loadBuildings().catch(showError);
  });
  $('buildings-hint').textContent = mayEdit()
    ? ''
    : '登录后可推进阶段、登记销售或出租 Log in to move a stage or record a unit';
  loaded();
}

/** A price against the district's median: 28.00, and below it "中位数 25.00 · +12%". */
function againstMedian(value, median) {
  if (value == null) return '—';
  if (median == null || median === 0) return fixed(value, 2);
  const over = value / median - 1;
  return [
    fixed(value, 2),
    h('span', { className: 'fb-median' }, `中位数 ${fixed(median, 2)} · ${over >= 0 ? '+' : '−'}${percent(Math.abs(over))}`),
  ];
}

function sharesBar(b) {
  const part = (kind, share, label) =>
    h('span', { className: `fb-share ${kind}`, style: { width: `${share * 100}%` }, title: `${label} ${percent(share)}` });
  return h(
    'div',
    { className: 'fb-shares' },
    h(
      'div',
      { className: 'fb-shares-bar' },
      part('sold', b.soldShare, '已售 Sold'),
      part('leased', b.leasedShare, '已租 Leased'),
      part('vacant', b.vacantShare, '空置 Vacant'),
    ),
    h(
      'span',
      { className: 'fb-shares-text' },
      `售 ${percent(b.soldShare)} · 租 ${percent(b.leasedShare)} · 空 ${percent(b.vacantShare)}`,
    ),
  );
}

function buildingRow(b) {
  const open = h('button', { type: 'button', className: 'piece-action open' }, '详情 Details');
  open.addEventListener('click', () => openBuilding(b.id).catch(showError));
  return h(
    'tr',
    { dataset: { id: String(b.id), stage: b.stage, soldShare: String(b.soldShare), leasedShare: String(b.leasedShare), vacantShare: String(b.vacantShare) } },
    h('td', {}, b.code),
    h('td', {}, b.name),
    h('td', {}, b.districtName),
    h('td', {}, h('span', { className: 'stage-chip fb-stage', dataset: { stage: b.stage } }, b.stageLabel)),
    h('td', { className: 'shares' }, sharesBar(b)),
    h('td', { className: 'num rent' }, againstMedian(b.rentCnyM2Month, b.medianRentCnyM2Month)),
    h('td', { className: 'num price' }, againstMedian(b.salePriceCnyM2, b.medianSalePriceCnyM2)),
    h('td', { className: 'num' }, decimal(b.units)),
    h('td', {}, open, h('a', { className: 'piece-action map', href: mapLink(b.id) }, '地图 Map')),
  );
}

/** Previous / next buttons and "第 1–20 条，共 302 条". */
function pager(element, total, size, offset, go) {
  const previous = h('button', { type: 'button', className: 'header-button light previous', disabled: offset <= 0 }, '‹ 上一页 Previous');
  const next = h('button', { type: 'button', className: 'header-button light next', disabled: offset + size >= total }, '下一页 Next ›');
  previous.addEventListener('click', () => go(Math.max(0, offset - size)));
  next.addEventListener('click', () => go(offset + size));
  const shown = total === 0 ? '共 0 条 none' : `第 ${offset + 1}–${Math.min(offset + size, total)} 条，共 ${decimal(total)} 条`;
  element.replaceChildren(previous, h('span', { className: 'fb-pager-text' }, shown), next);
  element.dataset.total = String(total);
  element.dataset.offset = String(offset);
}

// ---- the alerts

async function loadAlerts() {
  const query = new URLSearchParams();
  if (district()) query.set('district', district());
  const csv = `/api/factories/alerts.csv${query.size ? `?${query}` : ''}`;
  query.set('limit', String(ALERTS_PAGE));
  query.set('offset', String(alertsOffset));
  const result = await get(`/api/factories/alerts?${query}`);
  // the link and the rows change together (one task): a link of a district goes with its rows
  $('alerts-csv').href = csv;
  $('alerts-hint').textContent =
    `${result.year} 年产值 · 阈值：价格高于区中位数 ${percent(result.priceOverMedian)}，空置超过 ${percent(result.vacancyMax)}`;
  $('alerts-body').replaceChildren(
    ...result.alerts.map((a) =>
      h(
        'tr',
        { dataset: { rule: a.rule, building: String(a.factoryBuildingId) } },
        h('td', {}, a.districtName ?? a.districtCode),
        h('td', { className: 'rule' }, a.ruleLabel),
        h('td', {}, `${a.code} ${a.name}`),
        h('td', { className: 'stage' }, a.stageLabel),
        h('td', {}, a.message),
        h('td', {}, h('a', { className: 'piece-action map', href: mapLink(a.factoryBuildingId) }, '地图 Map')),
      ),
    ),
  );
  pager($('alerts-pager'), result.count, ALERTS_PAGE, alertsOffset, (offset) => {
    alertsOffset = offset;
    loadAlerts().catch(showError);
  });
  document.body.dataset.alertsPage = String(alertsOffset / ALERTS_PAGE);
  loaded();
}

// ---- one building: ledger, units, alerts, stage move, a unit sold or leased

const mayEdit = () => user && (user.role === 'BUREAU' || user.role === 'ADMIN' || user.role === 'DISTRICT');
const mayWrite = (b) => mayEdit() && (user.role !== 'DISTRICT' || user.districtCode === b.districtCode);

async function openBuilding(id) {
  const [detail, alerts] = await Promise.all([
    get(`/api/factories/${id}`),
    get(`/api/factories/alerts?building=${encodeURIComponent(id)}`),
  ]);
  current = detail;
  const b = detail.building;
  const dialog = $('building-dialog');
  dialog.dataset.id = String(b.id);
  dialog.dataset.version = String(b.version);
  $('building-what').textContent =
    `${b.code} ${b.name} · 开发商 ${b.developer} · 宗地 ${b.parcelCode} · ${stageLabel(b.stage)}（${b.stageSince} 起）`;
  const floor = b.floorAreaM2;
  const share = (v) => (floor > 0 ? v / floor : 0);
  $('building-shares').replaceChildren(
    h(
      'p',
      {},
      `建筑面积 ${decimal(floor, 1)} m²：已售 ${decimal(b.soldAreaM2, 1)} m²（${percent(share(b.soldAreaM2))}），` +
        `已租 ${decimal(b.leasedAreaM2, 1)} m²（${percent(share(b.leasedAreaM2))}），` +
        `空置 ${decimal(Math.max(0, floor - b.soldAreaM2 - b.leasedAreaM2), 1)} m²（${percent(Math.max(0, 1 - share(b.soldAreaM2 + b.leasedAreaM2)))}）`,
    ),
  );
  $('stages-body').replaceChildren(
    ...detail.stages.map((s) =>
      h('tr', { dataset: { stage: s.stage } }, h('td', {}, stageLabel(s.stage)), h('td', {}, s.enteredOn), h('td', {}, s.actor), h('td', {}, s.documentNumber ?? '—')),
    ),
  );
  $('units-body').replaceChildren(
    ...detail.units.map((u) =>
      h(
        'tr',
        { dataset: { unit: u.unitNo } },
        h('td', {}, u.unitNo),
        h('td', { className: 'num' }, decimal(u.floorAreaM2, 2)),
        h('td', {}, u.deal === 'SOLD' ? '出售' : '出租'),
        h('td', {}, `${u.occupant}${u.occupantIndustrial ? '' : '（非工业）'}`),
        h('td', { className: 'num' }, u.deal === 'SOLD' ? `${fixed(u.priceCnyM2, 2)} 元/m²` : `${fixed(u.rentCnyM2Month, 2)} 元/m²·月`),
        h('td', {}, u.dealOn),
      ),
    ),
  );
  $('building-alerts').replaceChildren(
    ...(alerts.alerts.length
      ? alerts.alerts.map((a) => h('li', { dataset: { rule: a.rule } }, `${a.ruleLabel}：${a.message}`))
      : [h('li', { className: 'none' }, '无预警 No alerts')]),
  );
  $('building-map').href = mapLink(b.id);
  const next = STAGE_CODES[STAGE_CODES.indexOf(b.stage) + 1];
  const stageForm = $('stage-form');
  stageForm.reset();
  stageForm.hidden = !mayWrite(b) || !next;
  stageForm.dataset.to = next ?? '';
  stageForm.elements.date.value = today();
  $('stage-what').textContent = next ? `${stageLabel(b.stage)} → ${stageLabel(next)}` : '';
  const unitForm = $('unit-form');
  unitForm.reset();
  unitForm.hidden = !mayWrite(b);
  unitForm.elements.dealOn.value = today();
  $('building-problem').hidden = true;
  if (!dialog.open) dialog.showModal();
}

async function write(path, body) {
  const b = current.building;
  const problem = $('building-problem');
  problem.hidden = true;
  try {
    await api('POST', `/api/factories/${b.id}/${path}`, body, { headers: { 'If-Match': `"${b.version}"` } });
  } catch (error) {
    problem.replaceChildren(problemBox(error, ...reasonsOf(error)));
    problem.hidden = false;
    return false;
  }
  await openBuilding(b.id);
  await Promise.all([loadBuildings(), loadAlerts()]);
  return true;
}

/** The reasons a refusal lists (a stage move refused), as a list. */
function reasonsOf(error) {
  const reasons = error instanceof ApiError ? error.problem.reasons : null;
  return reasons?.length ? [h('ul', {}, reasons.map((r) => h('li', { dataset: { reason: 'refused' } }, typeof r === 'string' ? r : r.message)))] : [];
}

async function submitStage(event) {
  event.preventDefault();
  const form = event.target;
  const to = form.dataset.to;
  if (await write('stage', {
    stage: to,
    date: form.elements.date.value || null,
    reason: form.elements.reason.value,
    documentNumber: form.elements.documentNumber.value || null,
  })) flash(`${current.building.code} 已进入${stageLabel(to)} moved to ${STAGES[to]?.[1] ?? to}`);
}

async function submitUnit(event) {
  event.preventDefault();
  const form = event.target;
  const deal = form.elements.deal.value;
  const amount = form.elements.amount.value === '' ? null : Number(form.elements.amount.value);
  const industrial = form.elements.occupantIndustrial.checked;
  if (await write('units', {
    unitNo: form.elements.unitNo.value,
    floorAreaM2: Number(form.elements.floorAreaM2.value),
    deal,
    occupant: form.elements.occupant.value,
    occupantIndustrial: industrial,
    industryCode: industrial ? form.elements.industryCode.value || null : null,
    priceCnyM2: deal === 'SOLD' ? amount : null,
    rentCnyM2Month: deal === 'LEASED' ? amount : null,
    dealOn: form.elements.dealOn.value,
    reason: form.elements.reason.value,
    documentNumber: form.elements.documentNumber.value || null,
  })) flash(`${current.building.code} 单元 ${form.elements.unitNo.value} 已登记 recorded`);
}

function flash(message) {
  const p = h('p', { className: 'reserve-flash', role: 'status' }, message);
  $('flash-anchor').append(p);
  setTimeout(() => p.remove(), 8000);
}

function loaded() {
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
}

function showError(error) {
  const p = $('page-error');
  p.textContent = `出错了 Error — ${error.message}`;
  p.hidden = false;
}

async function start() {
  // the header first (page-header.js): the account and the pages, whatever the data does
  const session = setUpPageHeader({ onError: showError });
  const districts = await get('/api/districts');
  const params = new URLSearchParams(window.location.search);
  const districtFilter = $('district-filter');
  for (const d of districts) districtFilter.append(h('option', { value: d.code }, d.name));
  for (const code of STAGE_CODES) $('stage-filter').append(h('option', { value: code }, stageLabel(code)));
  districtFilter.value = params.get('district') ?? '';
  $('stage-filter').value = params.get('stage') ?? '';
  districtFilter.addEventListener('change', () => {
    buildingsOffset = 0;
    alertsOffset = 0;
    Promise.all([loadBuildings(), loadAlerts()]).catch(showError);
  });
  $('stage-filter').addEventListener('change', () => {
    buildingsOffset = 0;
    loadBuildings().catch(showError);
  });
  $('stage-form').addEventListener('submit', (e) => submitStage(e).catch(showError));
  $('unit-form').addEventListener('submit', (e) => submitUnit(e).catch(showError));
  $('building-close').addEventListener('click', () => $('building-dialog').close());
  // who is logged in: the header (page-header.js); the buildings' actions and the alerts depend on it
  let started = false;
  session.onChange((u) => {
    user = u;
    if (started) Promise.all([loadBuildings(), loadAlerts()]).catch(showError);
  });
  await session.refresh();
  started = true;
  await Promise.all([loadBuildings(), loadAlerts()]);
  document.body.dataset.ready = 'true';
}

start().catch(showError);
