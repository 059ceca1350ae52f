// The renovation progress dashboard: a year's village-park renovation per district against plan
// (/api/renovation/summary), the modern-park projects, and the factory-building alerts
// (/api/factories/alerts). Chinese first, English after.

/* global echarts, L */

import { layerStyles } from './cartography.js';
import { get } from './api.js';
import { h } from './dom.js';
import { DISTRICT_CODES, districtLabel } from './districts.js';
import { fixed as fmt } from './format.js';

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

async function loadAlerts(district) {
  const table = document.getElementById('alerts');
  let result;
  try {
    result = await get(`/api/factories/alerts${district ? `?district=${district}` : ''}`);
  } catch (e) {
    table.replaceChildren(h('caption', { className: 'rv-error' }, `无法加载 Could not load: ${e.message}`));
    return;
  }
  const districts = district ? [district] : DISTRICT_CODES;
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
        data: districts.map((d) => result.alerts.filter((a) => a.rule === rule && a.districtCode === d).length),
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

function start() {
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
  });
  const district = document.getElementById('alert-district');
  district.value = params.get('district') || '';
  district.addEventListener('change', () => loadAlerts(district.value));
  paths();
  parkMap();
  Promise.all([loadSummary(year), loadAlerts(district.value)]).then(() => {
    document.body.dataset.ready = 'true';
  });
}

start();
