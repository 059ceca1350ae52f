// The renovation page: a year's village-park renovation per district against plan
// (/api/renovation/summary), the village parks (/api/renovation/parks, paged and filtered), each
// moved to the next status of its type's path with the data that status needs (POST
// /api/renovation/parks/{id}/transitions, If-Match: the park's version), the year's annual plans
// made and edited here (POST/PUT /api/renovation/plans), the modern-park projects, and the
// factory-building alerts (/api/factories/alerts: a page of them in the table, the counts of them all
// per district and rule in the chart). Chinese first, English after.

/* global echarts, L */

import { layerStyles } from './cartography.js';
import { ApiError, api, get } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { h } from './dom.js';
import { DISTRICTS, DISTRICT_CODES, districtLabel } from './districts.js';
import { fixed as fmt, todayInFoshan } from './format.js';

const STATUS = [
  ['NOT_PLANNED', '未计划 Not planned', '#dcdfe3'],
  ['PLANNED', '计划 Planned', '#fbefc5'],
  ['DEMOLITION', '拆除 Demolition', '#d9b8a4'],
  ['CONSTRUCTION', '建设 Construction', '#f3c565'],
  ['COMPLETED', '竣工 Completed', '#e2e79a'],
  ['PRODUCTION', '投产 Production', '#b3cf6a'],
];
const STATUS_LABEL = Object.fromEntries(STATUS.map(([k, label]) => [k, label]));
/**
 * Each renovation type's own path (as the service and the database hold it): 微改造 and 综合整治 have
 * no demolition stage, and 综合整治 ends when its works are accepted.
 */
const PATHS = [
  ['FULL', '全面改造 Full', ['PLANNED', 'DEMOLITION', 'CONSTRUCTION', 'COMPLETED', 'PRODUCTION'], {}],
  ['LIGHT', '微改造 Light', ['PLANNED', 'CONSTRUCTION', 'COMPLETED', 'PRODUCTION'], { CONSTRUCTION: '改造施工 Works' }],
  ['COMPREHENSIVE', '综合整治 Comprehensive', ['PLANNED', 'CONSTRUCTION', 'COMPLETED'], { CONSTRUCTION: '整治施工 Works', COMPLETED: '整治验收 Accepted' }],
];
const STATUS_COLOUR = Object.fromEntries(STATUS.map(([k, , colour]) => [k, colour]));
const RULES = {
  SPECULATION: '炒作 Speculation',
  VACANCY: '空置 Vacancy',
  NON_INDUSTRIAL: '非工业使用 Non-industrial',
  OUTPUT_BELOW_AGREEMENT: '产出不达标 Output below agreement',
};
/** A district's short Chinese name (禅城), or its code when unknown. */
const short = (code) => districtLabel(code)?.[0] ?? code;
const PLAN = '#9fb7d3';
const DONE = '#1e6fb8';

const charts = {};

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
  }
  return charts[id];
}

window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

function targetVsDone(id, categories, target, done, unit) {
  chart(id).setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { data: ['计划 Planned', '完成 Done'], top: 0 },
      grid: { left: 60, right: 16, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', name: unit },
      series: [
        { name: '计划 Planned', type: 'bar', data: target, itemStyle: { color: PLAN } },
        { name: '完成 Done', type: 'bar', data: done, itemStyle: { color: DONE } },
      ],
    },
    true,
  );
}

function totals(summary) {
  const p = summary.plannedTotal;
  const d = summary.doneTotal;
  const b = summary.balanceTotal;
  const box = document.getElementById('totals');
  const item = (label, value, of, cls = '', key = '') =>
    h('div', { className: `rv-total ${cls}`, dataset: { key } }, h('div', { className: 'label' }, label), h('div', { className: 'value' }, value), h('div', { className: 'of' }, of));
  box.replaceChildren(
    item('计划批次 · 园区 Plans · parks', `${p.plans} · ${p.parks}`, `${summary.year} 年度 year`, '', 'planned'),
    item('竣工/投产园区 Parks done', fmt(d.parks), `/ ${fmt(p.parks)} 计划 planned`, '', 'done'),
    item('已拆除 Demolished', `${fmt(d.demolishedMu, 1)} 亩`, `/ ${fmt(p.demolishMu, 1)} 亩目标 target mu`),
    item('新建建筑面积 Floor area built', `${fmt(d.builtFloorAreaM2 / 1e4, 1)} 万m²`, `/ ${fmt(p.floorAreaM2 / 1e4, 1)} 万m²目标 target`),
    item(
      '以增定改 Balance',
      `${b.balanceMu >= 0 ? '+' : ''}${fmt(b.balanceMu, 1)} 亩`,
      `供地 supplied ${fmt(b.suppliedMu, 1)} − 改造 renovation ${fmt(b.renovationMu, 1)} 亩 mu`,
      b.balanced ? 'good' : 'bad',
      'balance',
    ),
    item(
      '以增定改 建筑面积 Floor space',
      `${b.floorBalanceM2 >= 0 ? '+' : ''}${fmt(b.floorBalanceM2 / 1e4, 1)} 万m²`,
      `新增工业 new industrial ${fmt(b.newIndustrialFloorAreaM2 / 1e4, 1)} − 拆除 demolished ${fmt(b.demolishedFloorAreaM2 / 1e4, 1)} 万m²`,
      b.floorBalanced ? 'good' : 'bad',
      'floor-balance',
    ),
    item(
      '工改工 Kept industrial',
      `${fmt(b.industrialMu, 1)} 亩`,
      `改作他用 other uses ${fmt(b.convertedMu, 1)} 亩 mu`,
      '',
      'target-use',
    ),
  );
  box.dataset.year = String(summary.year);
}

function paths() {
  const box = document.getElementById('paths');
  if (!box) return;
  box.replaceChildren(
    h('span', { className: 'rv-path-type' }, '改造路径 Paths:'),
    ...PATHS.map(([type, label, steps, names]) =>
      h(
        'span',
        { className: 'rv-path', dataset: { type } },
        h('span', { className: 'rv-path-type' }, label),
        ...steps.flatMap((k, i) => [
          ...(i ? [h('span', { className: 'rv-arrow' }, '→')] : []),
          h('span', { className: 'rv-status', style: `background:${STATUS_COLOUR[k]}` }, names[k] || STATUS_LABEL[k]),
        ]),
      ),
    ),
  );
}

function modernParks(summary) {
  const table = document.getElementById('modern-parks');
  const head = h(
    'tr',
    {},
    ['编号 Code', '名称 Name', '区 District', '状态 Status', '状态日期 Since', '计划年度 Plan year', '面积(亩) mu', '已拆除(亩) Demolished mu', '新建(万m²) Built', '本年计划 In plan'].map((text) => h('th', {}, text)),
  );
  const rows = summary.modernParks.map((m) =>
    h(
      'tr',
      {},
      h('td', {}, m.code),
      h('td', {}, m.name),
      h('td', {}, short(m.districtCode)),
      h('td', {}, h('span', { className: 'rv-status', style: `background:${STATUS_COLOUR[m.status]}` }, STATUS_LABEL[m.status] || m.status)),
      h('td', {}, m.statusSince || '—'),
      h('td', {}, m.planYear ?? '—'),
      h('td', { className: 'num' }, fmt(m.areaMu, 1)),
      h('td', { className: 'num' }, fmt(m.demolishedMu, 1)),
      h('td', { className: 'num' }, fmt(m.builtFloorAreaM2 / 1e4, 1)),
      h('td', {}, m.inYearPlan ? '是 yes' : ''),
    ),
  );
  table.replaceChildren(h('thead', {}, head), h('tbody', {}, rows));
}

async function loadSummary(year) {
  document.getElementById('report').href = `/api/renovation/plans/report.csv?year=${year}`;
  document.getElementById('report-xlsx').href = `/api/renovation/plans/report.xlsx?year=${year}`;
  let summary;
  try {
    summary = await get(`/api/renovation/summary?year=${year}`);
  } catch (e) {
    document.getElementById('totals').replaceChildren(h('p', { className: 'rv-error' }, `无法加载 Could not load: ${e.message}`));
    return;
  }
  const names = summary.districts.map((d) => short(d.code));
  totals(summary);
  targetVsDone('chart-parks', names, summary.districts.map((d) => d.planned.parks), summary.districts.map((d) => d.done.parks), '个 parks');
  targetVsDone('chart-demolished', names, summary.districts.map((d) => d.planned.demolishMu), summary.districts.map((d) => d.done.demolishedMu), '亩 mu');
  targetVsDone(
    'chart-built',
    names,
    summary.districts.map((d) => +(d.planned.floorAreaM2 / 1e4).toFixed(1)),
    summary.districts.map((d) => +(d.done.builtFloorAreaM2 / 1e4).toFixed(1)),
    '万m²',
  );
  chart('chart-status').setOption(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 34, bottom: 28 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value' },
      series: STATUS.filter(([k]) => k !== 'NOT_PLANNED').map(([k, label, colour]) => ({
        name: label,
        type: 'bar',
        stack: 'status',
        data: summary.districts.map((d) => d.byStatus[k]),
        itemStyle: { color: colour, borderColor: '#8a8f96', borderWidth: 0.5 },
      })),
    },
    true,
  );
  chart('chart-balance').setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['改造面积 Renovation', '当年供地 Supplied', '差额 Balance'] },
      grid: { left: 60, right: 16, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', name: '亩 mu' },
      series: [
        { name: '改造面积 Renovation', type: 'bar', data: summary.districts.map((d) => d.balance.renovationMu), itemStyle: { color: '#d9b8a4' } },
        { name: '当年供地 Supplied', type: 'bar', data: summary.districts.map((d) => d.balance.suppliedMu), itemStyle: { color: '#7fb3e0' } },
        {
          name: '差额 Balance',
          type: 'bar',
          data: summary.districts.map((d) => ({
            value: d.balance.balanceMu,
            itemStyle: { color: d.balance.balanced ? '#2e9d4a' : '#d32f2f' },
          })),
        },
      ],
    },
    true,
  );
  modernParks(summary);
}

/** The alerts a page of the table shows; the chart counts them all (the answer's counts). */
const ALERT_PAGE = 100;
const alertQuery = { district: '', offset: 0, asked: 0 };

async function loadAlerts(district = alertQuery.district, offset = 0) {
  alertQuery.district = district;
  alertQuery.offset = offset;
  alertQuery.asked += 1;
  const asked = alertQuery.asked;
  const table = document.getElementById('alerts');
  const params = new URLSearchParams({ limit: ALERT_PAGE, offset });
  if (district) params.set('district', district);
  let result;
  try {
    result = await get(`/api/factories/alerts?${params}`);
    // an answer to an older question (another district or page asked since) is dropped
    if (asked !== alertQuery.asked) return;
  } catch (e) {
    table.replaceChildren(h('caption', { className: 'rv-error' }, `无法加载 Could not load: ${e.message}`));
    return;
  }
  const districts = district ? [district] : DISTRICT_CODES;
  const counted = (rule, d) => result.counts.find((c) => c.rule === rule && c.districtCode === d)?.count ?? 0;
  chart('chart-alerts').setOption(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: districts.map(short) },
      yAxis: { type: 'value', name: '条 alerts' },
      series: Object.entries(RULES).map(([rule, label]) => ({
        name: label,
        type: 'bar',
        stack: 'rules',
        data: districts.map((d) => counted(rule, d)),
      })),
    },
    true,
  );
  const head = h('tr', {}, ['区 District', '规则 Rule', '厂房 Building', '阶段 Stage', '说明 Detail'].map((text) => h('th', {}, text)));
  const rows = result.alerts.map((a) =>
    h(
      'tr',
      { dataset: { rule: a.rule } },
      h('td', {}, short(a.districtCode)),
      h('td', {}, RULES[a.rule] || a.ruleLabel),
      h('td', {}, `${a.code} ${a.name}`),
      h('td', {}, a.stageLabel ?? a.stage),
      h('td', {}, a.message),
    ),
  );
  table.replaceChildren(
    h('caption', {}, `${result.count} 条预警 alerts · ${result.year} 年产值 output year · 阈值 thresholds: 价格 > 中位数 +${Math.round(result.priceOverMedian * 100)}%, 空置 > ${Math.round(result.vacancyMax * 100)}%`),
    h('thead', {}, head),
    h('tbody', {}, rows),
  );
  table.dataset.district = district || 'all';
  table.dataset.total = String(result.count);
  const last = Math.min(result.offset + result.alerts.length, result.count);
  document.getElementById('alerts-page').textContent = result.count
    ? `第 ${result.offset + 1}–${last} 条，共 ${result.count} 条 ${result.offset + 1}–${last} of ${result.count}`
    : '没有预警 No alerts';
  document.getElementById('alerts-prev').disabled = result.offset === 0;
  document.getElementById('alerts-next').disabled = last >= result.count;
}

/** The village parks by status on a small map, drawn as the main map draws them. */
function parkMap() {
  const map = L.map('park-map', { minZoom: 8, maxZoom: 18, scrollWheelZoom: false });
  map.setView([22.98, 113.05], 10);
  const styles = layerStyles({ hasBasemap: false });
  ['district', 'village_park'].forEach((layer, i) => {
    L.vectorGrid
      .protobuf(`/tiles/${layer}/{z}/{x}/{y}.mvt`, {
        vectorTileLayerStyles: { [layer]: styles[layer] },
        interactive: false,
        maxNativeZoom: 18,
        zIndex: 10 + i,
      })
      .addTo(map);
  });
  document.getElementById('park-legend').replaceChildren(
    ...STATUS.map(([, label, colour]) => h('span', { style: `--swatch:${colour}` }, label)),
  );
}

// ---- who is logged in

let user = null;
const mayEdit = () => Boolean(user) && ['ADMIN', 'BUREAU', 'DISTRICT'].includes(user.role);
/** A district officer acts in their district only; the bureau anywhere. */
const mayAct = (districtCode) => mayEdit() && (user.role !== 'DISTRICT' || user.districtCode === districtCode);

/** The header shows who is logged in (page-header.js); the page shows what they may do. */
function showUser() {
  document.getElementById('plan-new').hidden = !mayEdit();
  document.getElementById('parks-hint').textContent = !user
    ? '登录后可变更状态、编制年度计划 Log in to move parks and write plans'
    : user.role === 'DISTRICT'
      ? '区级变更将提交市局审核 A district officer’s move goes to the bureau as a proposal'
      : '';
}

function flash(message) {
  const p = document.getElementById('flash');
  p.textContent = message;
  p.hidden = false;
}

/** A refusal in a box: its title, then every reason the server gave (Chinese first). */
function showProblem(box, error) {
  const title =
    error instanceof ApiError ? `${error.status} ${error.problem.title ?? ''}` : `出错了 Error — ${error.message}`;
  const reasons = error instanceof ApiError ? error.problem.reasons : null;
  box.replaceChildren(
    h('strong', {}, title),
    reasons?.length
      ? h('ul', {}, reasons.map((r) => h('li', { dataset: { reason: '' } }, r)))
      : h('p', {}, error.message),
  );
  box.hidden = false;
}

// ---- the village parks

const TYPES = { FULL: '全面改造', LIGHT: '微改造', COMPREHENSIVE: '综合整治' };
const TARGET_USES = { INDUSTRIAL: '工改工', COMMERCIAL: '工改商', RESIDENTIAL: '工改居', PUBLIC: '公共设施', ECOLOGICAL: '复垦复绿' };
/** A status as people call it on the path of a type (改造施工 for a light renovation's works). */
function statusName(type, status) {
  const own = PATHS.find(([t]) => t === type)?.[3] ?? {};
  return own[status] || STATUS_LABEL[status] || status;
}
const PAGE = 50;
const parkQuery = { offset: 0 };
let parks = [];

async function loadParks() {
  const form = document.getElementById('park-filter');
  const params = new URLSearchParams({ limit: PAGE, offset: parkQuery.offset });
  for (const name of ['district', 'status', 'type', 'q']) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const body = document.getElementById('parks-body');
  parkQuery.asked = (parkQuery.asked ?? 0) + 1;
  const asked = parkQuery.asked;
  let page;
  try {
    page = await get(`/api/renovation/parks?${params}`);
    // an answer to an older question (the filters changed since) is dropped
    if (asked !== parkQuery.asked) return;
  } catch (e) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 10, className: 'rv-error' }, `无法加载 Could not load: ${e.message}`)));
    return;
  }
  parks = page.parks;
  body.replaceChildren(...parks.map(parkRow));
  const last = Math.min(page.offset + page.parks.length, page.total);
  document.getElementById('parks-page').textContent = page.total
    ? `第 ${page.offset + 1}–${last} 个，共 ${page.total} 个 ${page.offset + 1}–${last} of ${page.total}`
    : '没有符合条件的园区 No park matches';
  document.getElementById('parks-prev').disabled = page.offset === 0;
  document.getElementById('parks-next').disabled = last >= page.total;
  document.getElementById('parks').dataset.total = String(page.total);
}

function pathChips(p) {
  const at = p.path.indexOf(p.status);
  return h(
    'span',
    { className: 'rv-steps' },
    p.path.map((k, i) =>
      h(
        'span',
        {
          className: `rv-step ${i < at ? 'done' : i === at ? 'current' : 'todo'}`,
          style: i === at ? `background:${STATUS_COLOUR[k]}` : undefined,
          dataset: { status: k },
        },
        statusName(p.renovationType, k),
      ),
    ),
  );
}

function parkRow(p) {
  const actions = h('td', { className: 'rv-row-actions' });
  const ledger = h('button', { type: 'button', className: 'ledger' }, '台账 Ledger');
  ledger.addEventListener('click', () => openLedger(p));
  actions.append(ledger);
  if (p.next && mayAct(p.districtCode)) {
    const move = h(
      'button',
      { type: 'button', className: 'advance', title: p.needs.length ? `需填写 needs: ${p.needs.join(', ')}` : undefined },
      p.next === 'PLANNED' ? '列入计划 Plan' : `→ ${statusName(p.renovationType, p.next)}`,
    );
    move.addEventListener('click', () => openTransition(p));
    actions.append(move);
  }
  return h(
    'tr',
    { dataset: { id: p.id, status: p.status, type: p.renovationType ?? 'NONE' } },
    h('td', {}, p.code),
    h('td', {}, p.name, p.modernPark ? h('span', { className: 'rv-tag', title: '千亩现代化工业园区项目 modern-park project' }, '千亩') : null),
    h('td', {}, short(p.districtCode)),
    h('td', {}, TYPES[p.renovationType] ?? '未定 —'),
    h('td', { className: 'rv-path-cell' }, pathChips(p)),
    h('td', {}, p.statusSince ?? '—'),
    h('td', {}, p.planYear ?? '—'),
    h('td', {}, TARGET_USES[p.targetUse] ?? '—'),
    h('td', { className: 'num' }, fmt(p.areaMu, 1)),
    actions,
  );
}

async function openLedger(p) {
  const entries = await get(`/api/renovation/parks/${p.id}/statuses`);
  document.getElementById('ledger-what').textContent = `${p.code} ${p.name}（${TYPES[p.renovationType] ?? '未定类型'}）`;
  document.getElementById('ledger-body').replaceChildren(
    ...entries.map((e) =>
      h(
        'tr',
        { dataset: { status: e.status } },
        h('td', {}, statusName(p.renovationType, e.status)),
        h('td', {}, e.enteredOn),
        h('td', {}, e.actor),
        h('td', {}, e.documentNumber ?? '—'),
        h('td', {}, e.reason ?? ''),
      ),
    ),
  );
  document.getElementById('ledger-dialog').showModal();
}

let moving = null;

/** The form for the park's next status: the fields that status needs, marked when still missing. */
function openTransition(p) {
  moving = p;
  const form = document.getElementById('transition-form');
  form.reset();
  const step = p.next;
  // a full renovation's construction needs the demolished area; a light one records it if any
  for (const label of form.querySelectorAll('label[data-step]')) {
    const field = label.dataset.field;
    label.hidden = label.dataset.step !== step || (field === 'demolishedAreaM2' && p.renovationType === 'COMPREHENSIVE');
    label.classList.toggle('rv-needed', p.needs.includes(field));
    label.classList.remove('rv-missing');
    form.elements[field].removeAttribute('aria-invalid');
  }
  // what the park has recorded already is filled in (and may be corrected)
  for (const label of form.querySelectorAll('label[data-step]')) {
    if (!label.hidden) form.elements[label.dataset.field].value = p[label.dataset.field] ?? '';
  }
  if (step === 'PLANNED' && !p.planYear) form.elements.planYear.value = document.getElementById('year').value;
  form.elements.date.value = todayInFoshan();
  const path = p.path.map((k) => statusName(p.renovationType, k)).join(' → ');
  document.getElementById('transition-what').textContent =
    `${p.code} ${p.name}：${statusName(p.renovationType, p.status)} → ${statusName(p.renovationType, step)}` +
    `（${TYPES[p.renovationType] ?? '未定类型'}：${path}）` +
    (p.needs.length ? '；标 * 的为此状态必填 fields marked * are needed' : '');
  document.getElementById('transition-problem').hidden = true;
  document.getElementById('transition-dialog').showModal();
}

async function submitTransition(event) {
  event.preventDefault();
  const form = event.target;
  const p = moving;
  const body = { status: p.next };
  for (const label of form.querySelectorAll('label[data-step]')) {
    const field = label.dataset.field;
    const value = form.elements[field].value.trim();
    if (!label.hidden && value !== '') {
      body[field] = ['renovationType', 'targetUse'].includes(field) ? value : Number(value);
    }
  }
  for (const name of ['date', 'documentNumber', 'reason']) {
    const value = form.elements[name].value.trim();
    if (value) body[name] = value;
  }
  const box = document.getElementById('transition-problem');
  box.hidden = true;
  try {
    const result = await api('POST', `/api/renovation/parks/${p.id}/transitions`, body, {
      headers: { 'If-Match': `"${p.version}"` },
    });
    document.getElementById('transition-dialog').close();
    flash(
      result.committed
        ? `${p.code} 已变更为「${statusName(body.renovationType ?? p.renovationType, p.next)}」 moved to ${p.next}`
        : `${p.code} 的变更已提交市局审核（变更集 ${result.changeSet.id}） proposed for review`,
    );
    await refreshAll();
    if (document.getElementById('plan-dialog').open) await searchPlanParks();
  } catch (error) {
    // the form keeps what was typed; the missing fields are marked
    const missing = error instanceof ApiError ? error.problem.missing ?? [] : [];
    for (const label of form.querySelectorAll('label[data-step]')) {
      const wrong = missing.includes(label.dataset.field);
      label.classList.toggle('rv-missing', wrong);
      if (wrong) {
        label.hidden = false;
        form.elements[label.dataset.field].setAttribute('aria-invalid', 'true');
      }
    }
    showProblem(box, error);
  }
}

// ---- annual plans

let plans = [];
let editing = null;
let planParks = [];

async function loadPlans() {
  const year = document.getElementById('year').value;
  document.getElementById('plans-year').textContent = `${year} 年度 year`;
  const body = document.getElementById('plans-body');
  try {
    plans = await get(`/api/renovation/plans?year=${year}`);
  } catch (e) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 10, className: 'rv-error' }, `无法加载 Could not load: ${e.message}`)));
    return;
  }
  body.replaceChildren(
    ...(plans.length
      ? plans.map((plan) => {
          const actions = h('td', {});
          if (mayAct(plan.districtCode)) {
            const edit = h('button', { type: 'button', className: 'edit-plan' }, '编辑 Edit');
            edit.addEventListener('click', () => openPlan(plan).catch((e) => flash(e.message)));
            actions.append(edit);
          }
          return h(
            'tr',
            { dataset: { id: plan.id } },
            h('td', {}, short(plan.districtCode)),
            h('td', {}, plan.batch),
            h('td', { className: 'plan-name' }, plan.name),
            h('td', {}, plan.documentNumber ?? '—'),
            h('td', { className: 'num plan-parks' }, plan.parkIds.length),
            h('td', { className: 'num' }, fmt(plan.targetDemolishMu, 1)),
            h('td', { className: 'num' }, fmt(plan.targetFloorAreaM2 / 1e4, 1)),
            h('td', { className: 'num' }, `${plan.doneParks} / ${plan.parkIds.length}`),
            h('td', { className: 'plan-version' }, plan.version),
            actions,
          );
        })
      : [h('tr', {}, h('td', { colSpan: 10 }, '本年度还没有计划 No plan for this year yet'))]),
  );
  body.dataset.year = year;
}

function renderPlanParks() {
  document.getElementById('plan-parks').replaceChildren(
    ...planParks.map((p) => {
      const remove = h('button', { type: 'button', ariaLabel: `移出 remove ${p.code}` }, '×');
      remove.addEventListener('click', () => {
        planParks = planParks.filter((q) => q.id !== p.id);
        renderPlanParks();
        searchPlanParks();
      });
      return h('li', { dataset: { id: p.id } }, `${p.code} ${p.name}（${statusName(p.renovationType, p.status)}）`, remove);
    }),
  );
}

async function openPlan(plan) {
  editing = plan;
  const form = document.getElementById('plan-form');
  form.reset();
  const district = form.elements.districtCode;
  const own = user.role === 'DISTRICT' ? [user.districtCode] : DISTRICT_CODES;
  district.replaceChildren(...own.map((code) => h('option', { value: code }, DISTRICTS.find((d) => d.code === code)?.name ?? code)));
  form.elements.year.value = plan?.year ?? document.getElementById('year').value;
  for (const name of ['year', 'districtCode', 'batch']) form.elements[name].disabled = Boolean(plan);
  planParks = [];
  if (plan) {
    district.value = plan.districtCode;
    form.elements.batch.value = plan.batch;
    form.elements.name.value = plan.name;
    form.elements.targetDemolishMu.value = plan.targetDemolishMu;
    form.elements.targetFloorAreaM2.value = plan.targetFloorAreaM2;
    form.elements.documentNumber.value = plan.documentNumber ?? '';
    if (plan.parkIds.length) planParks = (await get(`/api/renovation/parks?plan=${plan.id}&limit=500`)).parks;
  }
  document.getElementById('plan-title').firstChild.textContent = plan ? `编辑年度计划 ${plan.name} ` : '新建年度计划 ';
  for (const label of form.querySelectorAll('label[data-field]')) label.classList.remove('rv-missing');
  document.getElementById('plan-problem').hidden = true;
  document.getElementById('plan-park-results').replaceChildren();
  renderPlanParks();
  document.getElementById('plan-dialog').showModal();
  await searchPlanParks();
}

/** The district's parks matching the search: planned ones may be added, the others say why not. */
async function searchPlanParks() {
  const form = document.getElementById('plan-form');
  const year = Number(form.elements.year.value);
  const params = new URLSearchParams({ district: form.elements.districtCode.value, limit: 20 });
  const q = document.getElementById('plan-park-q').value.trim();
  if (q) params.set('q', q);
  const page = await get(`/api/renovation/parks?${params}`);
  const chosen = new Set(planParks.map((p) => p.id));
  document.getElementById('plan-park-results').replaceChildren(
    ...page.parks
      .filter((p) => !chosen.has(p.id))
      .map((p) => {
        const li = h('li', { dataset: { id: p.id, status: p.status } }, `${p.code} ${p.name}（${statusName(p.renovationType, p.status)}）`);
        const inOther = p.planYears.includes(year) && !(editing && editing.parkIds.includes(p.id));
        if (p.status === 'NOT_PLANNED') {
          li.append(h('span', { className: 'rv-why' }, '未计划：须先列入计划 Not planned: plan it first'));
          if (mayAct(p.districtCode)) {
            const plan = h('button', { type: 'button', className: 'plan-first' }, '列入计划 Plan it');
            plan.addEventListener('click', () => openTransition(p));
            li.append(plan);
          }
        } else if (inOther) {
          li.append(h('span', { className: 'rv-why' }, `已在 ${year} 年另一计划中 In another plan of the year`));
        } else {
          const add = h('button', { type: 'button', className: 'add-park' }, '加入 Add');
          add.addEventListener('click', () => {
            planParks.push(p);
            renderPlanParks();
            li.remove();
          });
          li.append(add);
        }
        return li;
      }),
  );
}

async function submitPlan(event) {
  event.preventDefault();
  const form = event.target;
  const number = (name) => (form.elements[name].value.trim() === '' ? null : Number(form.elements[name].value));
  const body = {
    year: number('year'),
    districtCode: form.elements.districtCode.value,
    batch: number('batch') ?? 1,
    name: form.elements.name.value.trim() || null,
    targetDemolishMu: number('targetDemolishMu'),
    targetFloorAreaM2: number('targetFloorAreaM2'),
    documentNumber: form.elements.documentNumber.value.trim() || null,
    parkIds: planParks.map((p) => p.id),
  };
  const box = document.getElementById('plan-problem');
  box.hidden = true;
  try {
    const saved = editing
      ? await api('PUT', `/api/renovation/plans/${editing.id}`, body, { headers: { 'If-Match': `"${editing.version}"` } })
      : await api('POST', '/api/renovation/plans', body);
    document.getElementById('plan-dialog').close();
    flash(`年度计划「${saved.name}」已保存（第 ${saved.version} 版，${saved.parkIds.length} 个园区） plan saved`);
    await refreshAll();
  } catch (error) {
    const missing = error instanceof ApiError ? error.problem.missing ?? [] : [];
    for (const label of form.querySelectorAll('label[data-field]')) {
      label.classList.toggle('rv-missing', missing.some((m) => m.includes(label.dataset.field)));
    }
    showProblem(box, error);
  }
}

async function refreshAll() {
  const year = Number(document.getElementById('year').value);
  await Promise.all([loadSummary(year), loadParks(), loadPlans()]);
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
}

function wireActions() {
  const filter = document.getElementById('park-filter');
  filter.elements.district.append(...DISTRICTS.map((d) => h('option', { value: d.code }, d.name)));
  filter.elements.status.append(...STATUS.map(([k, label]) => h('option', { value: k }, label)));
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    parkQuery.offset = 0;
    loadParks();
  });
  for (const name of ['district', 'status', 'type']) {
    filter.elements[name].addEventListener('change', () => {
      parkQuery.offset = 0;
      loadParks();
    });
  }
  document.getElementById('parks-prev').addEventListener('click', () => {
    parkQuery.offset = Math.max(0, parkQuery.offset - PAGE);
    loadParks();
  });
  document.getElementById('parks-next').addEventListener('click', () => {
    parkQuery.offset += PAGE;
    loadParks();
  });
  document.getElementById('transition-form').addEventListener('submit', submitTransition);
  document.getElementById('transition-cancel').addEventListener('click', () => document.getElementById('transition-dialog').close());
  document.getElementById('ledger-close').addEventListener('click', () => document.getElementById('ledger-dialog').close());
  document.getElementById('plan-new').addEventListener('click', () => openPlan(null).catch((e) => flash(e.message)));
  document.getElementById('plan-form').addEventListener('submit', submitPlan);
  document.getElementById('plan-cancel').addEventListener('click', () => document.getElementById('plan-dialog').close());
  document.getElementById('plan-park-search').addEventListener('click', () => searchPlanParks());
  document.getElementById('plan-park-q').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      searchPlanParks();
    }
  });
  document.getElementById('plan-form').elements.districtCode.addEventListener('change', () => {
    planParks = [];
    renderPlanParks();
    searchPlanParks();
  });
}

function start() {
  // the header first (page-header.js): the account and the pages, whatever the data does
  const session = setUpPageHeader({ onError: (e) => flash(e.message) });
  const params = new URLSearchParams(window.location.search);
  const now = new Date().getFullYear();
  const year = Number(params.get('year')) || now;
  const select = document.getElementById('year');
  for (let y = 2019; y <= Math.max(now + 1, 2027); y += 1) {
    select.append(h('option', { value: y }, y));
  }
  select.value = String(year);
  select.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set('year', select.value);
    window.history.replaceState(null, '', url);
    loadSummary(Number(select.value));
    loadPlans();
  });
  const district = document.getElementById('alert-district');
  district.value = params.get('district') || '';
  district.addEventListener('change', () => loadAlerts(district.value, 0));
  document.getElementById('alerts-prev').addEventListener('click', () => {
    loadAlerts(alertQuery.district, Math.max(0, alertQuery.offset - ALERT_PAGE));
  });
  document.getElementById('alerts-next').addEventListener('click', () => {
    loadAlerts(alertQuery.district, alertQuery.offset + ALERT_PAGE);
  });
  paths();
  parkMap();
  wireActions();
  let started = false;
  session.onChange((u) => {
    user = u;
    showUser();
    // after a login or logout: what the parks and plans offer depends on who asks
    if (started) Promise.all([loadParks(), loadPlans()]).catch((e) => flash(e.message));
  });
  session
    .refresh()
    .catch(() => {})
    .then(() => {
      started = true;
      return Promise.all([loadSummary(year), loadAlerts(district.value, 0), loadParks(), loadPlans()]);
    })
    .then(() => {
      document.body.dataset.ready = 'true';
    });
}

start();
