// The printable one-page summary of a cluster or a district (efficiency-summary.html?level=cluster
// &code=ID&year=2025), from GET /api/efficiency/summary: the unit's indicators, their trend, grade
// counts, breaches by kind, the top enterprises and the weakest parcels, and for a cluster the park
// assessment. Printed on one A4 page (efficiency-summary.css). <body data-ready="true"> once drawn.

import { ApiError, get } from './api.js';
import {
  BREACH_KINDS,
  GRADES,
  INDICATORS,
  INDICATOR_KEYS,
  both,
  chart,
  fmt,
  indicatorValue,
  trendOption,
} from './efficiency-common.js';
import { h } from './dom.js';
import { enterpriseLink } from './enterprise-link.js';

const LEVELS = { cluster: ['集聚区', 'Industrial cluster'], district: ['区', 'District'] };

const params = new URLSearchParams(window.location.search);

function table(id, head, rows) {
  document
    .getElementById(id)
    .replaceChildren(
      h('thead', {}, h('tr', {}, ...head.map(([text, num]) => h('th', { className: num ? 'num' : '' }, text)))),
      h(
        'tbody',
        {},
        ...rows.map((cells) =>
          h(
            'tr',
            {},
            ...cells.map(([text, num, clip]) =>
              h(
                'td',
                { className: num ? 'num' : '', title: clip && typeof text === 'string' ? text : '' },
                clip ? h('div', { className: 'sum-clip' }, text) : text,
              ),
            ),
          ),
        ),
      ),
    );
}

const percent = (v) => (v === null || v === undefined ? '—' : `${fmt(v * 100, 1)}%`);

function render(s) {
  const level = params.get('level');
  const unit = s.unit;
  const { name, year } = s;
  document.title = `${name} ${year} 亩均效益汇总 · Efficiency summary`;
  document.getElementById('title').replaceChildren(
    `${name} · ${year} 年亩均效益汇总 `,
    h('span', { className: 'en' }, `Efficiency summary ${year}`),
  );
  document.getElementById('subtitle').textContent =
    `${both(LEVELS[level] ?? [level, level])} · ${s.code ?? params.get('code')}` +
    (unit.areaMu !== undefined ? ` · ${fmt(unit.areaMu, 1)} 亩 mu` : '') +
    (unit.enterprises !== undefined ? ` · ${fmt(unit.enterprises)} 家企业 enterprises` : '') +
    (unit.parcels !== undefined ? ` · ${fmt(unit.parcels)} 宗地 parcels` : '');

  document.getElementById('kpis').replaceChildren(
    ...INDICATOR_KEYS.map((key) =>
      h(
        'div',
        { className: 'sum-kpi', dataset: { indicator: key } },
        h('div', { className: 'sum-kpi-label' }, INDICATORS[key].label[0], h('span', { className: 'en' }, ` ${INDICATORS[key].label[1]}`)),
        h('div', { className: 'sum-kpi-value' }, indicatorValue(key, unit[key]), h('span', { className: 'sum-unit' }, INDICATORS[key].percent ? '' : ` ${INDICATORS[key].unit}`)),
      ),
    ),
  );

  // trend: the unit's figures in every year with indicators
  const trend = (s.trend ?? [])
    .map((t) => ({ year: t.year, ...(t.unit ?? t) }))
    .sort((a, b) => a.year - b.year);
  const shownKeys = ['taxPerMu', 'outputPerMu', 'valueAddedPerMu', 'investmentPerMu'];
  table(
    'trend-table',
    [['年度 Year'], ...shownKeys.map((k) => [INDICATORS[k].label[0], true])],
    trend.map((t) => [[String(t.year)], ...shownKeys.map((k) => [indicatorValue(k, t[k]), true])]),
  );
  chart('chart-trend').setOption(
    trendOption(
      ['taxPerMu', 'valueAddedPerMu'].map((k) => ({
        name: INDICATORS[k].label[0],
        points: trend.map((t) => ({ year: t.year, value: t[k] })),
      })),
      'taxPerMu',
    ),
  );

  const grades = unit.grades ?? {};
  const gradeTotal = Object.values(grades).reduce((a, b) => a + (b ?? 0), 0);
  table(
    'grades',
    [['等级 Grade'], ['企业 Enterprises', true], ['占比 Share', true]],
    Object.keys(GRADES).map((g) => [
      [both(GRADES[g].label)],
      [fmt(grades[g] ?? 0), true],
      [gradeTotal ? percent((grades[g] ?? 0) / gradeTotal) : '—', true],
    ]),
  );

  const breaches = s.breaches ?? {};
  table(
    'breaches',
    [['类型 Kind'], ['宗地 Parcels', true]],
    Object.keys(BREACH_KINDS).map((k) => [[both(BREACH_KINDS[k].label)], [fmt(breaches[k] ?? 0), true]]),
  );

  const top = s.topEnterprises ?? [];
  table(
    'top',
    [['企业 Enterprise'], ['行业 Industry'], ['亩均税收 Tax/mu', true], ['等级 Grade']],
    top.map((e) => [[enterpriseLink(e.name, { code: e.code }), false, true], [e.industry ?? '—'], [indicatorValue('taxPerMu', e.taxPerMu), true], [e.grade ?? '—']]),
  );
  const weakest = s.weakestParcels ?? [];
  table(
    'weakest',
    [['宗地 Parcel'], ['面积 mu', true], ['亩均税收 Tax/mu', true], ['亩均产值 Output/mu', true], ['等级 Grade']],
    weakest.map((p) => [[p.code, false, true], [fmt(p.areaMu, 1), true], [indicatorValue('taxPerMu', p.taxPerMu), true], [indicatorValue('outputPerMu', p.outputPerMu), true], [p.grade ?? '—']]),
  );

  const park = s.park;
  if (level === 'cluster' && park) {
    document.getElementById('park-block').hidden = false;
    table(
      'park',
      [['工业集中度 Concentration', true], ['主导产业 Leading industry'], ['产业集聚度 Agglomeration', true], ['总产值(万元) Output', true], ['投资强度 Inv./mu', true], ['亩均税收 Tax/mu', true], ['从业人员 Jobs', true]],
      [
        [
          [percent(park.industrialConcentration), true],
          [park.leadingIndustry ? `${park.leadingIndustry} ${park.leadingIndustryName ?? ''}` : '—', false, true],
          [percent(park.industryAgglomeration), true],
          [fmt(park.output, 0), true],
          [indicatorValue('investmentPerMu', park.investmentPerMu), true],
          [indicatorValue('taxPerMu', park.taxPerMu), true],
          [fmt(park.employees), true],
        ],
      ],
    );
  }
  document.getElementById('generated').textContent = ` 生成于 Generated ${new Date().toLocaleString('zh-CN')}`;
}

function say(text) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.hidden = false;
}

async function start() {
  document.getElementById('print').addEventListener('click', () => window.print());
  const level = params.get('level');
  const code = params.get('code');
  if (!LEVELS[level] || !code) {
    say('链接缺少 level=cluster|district 和 code The link needs level=cluster|district and code');
    return;
  }
  const query = new URLSearchParams({ level, code });
  if (params.get('year')) query.set('year', params.get('year'));
  try {
    render(await get(`/api/efficiency/summary?${query}`));
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      say('请先登录（在查询页登录后再打开本页） Please log in first, on the efficiency query page, then open this page again');
    } else {
      say(`无法加载 Could not load: ${error.message}`);
    }
    document.body.dataset.ready = 'error';
  }
}

start();
