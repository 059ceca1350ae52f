// The compliance statement 达标说明 of a district (compliance.html?district=440604): the figures of
// GET /api/quota/districts/{code}/statement (the quota API's: red line against the minimum, margin
// in km² and 亩, pending proposals and the margin if they were approved) and the district's reserve
// share from GET /api/reserve/summary, with the date and the basis. A district officer prints their
// own district's (the API refuses another); the bureau and the administrator choose any.

import { ApiError, currentUser, get } from './api.js';
import { DISTRICTS } from './districts.js';
import { h } from './dom.js';
import { fixed, foshanTime, km2, mu, signed } from './format.js';

const STATUSES = {
  OK: '达标 Compliant',
  WARNING: '达标（预警）Compliant, warning',
  BELOW_MINIMUM: '未达标 Below the minimum',
};

main().catch((error) => {
  document.getElementById('compliance-sheet').replaceChildren(
    h('p', { className: 'compliance-error', role: 'alert' }, error.message),
  );
  document.body.dataset.ready = 'true';
});

async function main() {
  document.getElementById('compliance-print').addEventListener('click', () => window.print());
  const user = await currentUser();
  if (!user) {
    throw new Error('请先在地图页登录 Log in on the map page first: the statement is for district officers and the bureau.');
  }
  const asked = new URLSearchParams(location.search).get('district');
  const code = asked || user.districtCode || DISTRICTS[0]?.code;
  if (user.role === 'ADMIN' || user.role === 'BUREAU') {
    const select = document.getElementById('compliance-district');
    select.replaceChildren(
      ...DISTRICTS.map((d) => h('option', { value: d.code, selected: d.code === code }, `${d.name} ${d.nameEn}`)),
    );
    select.addEventListener('change', () => {
      location.search = `?district=${encodeURIComponent(select.value)}`;
    });
    document.getElementById('compliance-choose').hidden = false;
  }
  let statement;
  try {
    statement = await get(`/api/quota/districts/${encodeURIComponent(code)}/statement`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      throw new Error(`${error.message}（${user.districtCode ? `本区 your district: ${user.districtCode}` : ''}）`);
    }
    throw error;
  }
  const reserve = await get('/api/reserve/summary').catch(() => null);
  render(statement, reserve?.districts?.find((d) => d.code === code));
  document.body.dataset.ready = 'true';
}

const cell = (text, className) => h('td', className ? { className } : {}, text);
const muOf = (km) => mu(km * 1500, 0);

function render(s, reserve) {
  const d = s.district;
  document.title = `${d.name}工业用地红线保有量达标说明`;
  const margin = (k, m) => `${signed(k, (v) => km2(v, 2))} km²（${signed(m, (v) => mu(v, 0))} 亩）`;
  const rows = [
    ['工业用地红线面积 Red line', `${km2(d.redLineKm2, 2)} km²`, `${mu(d.redLineMu, 0)} 亩`, 'red-line'],
    ['保有量下限 Minimum', `${km2(d.minimumKm2, 2)} km²`, `${muOf(d.minimumKm2)} 亩`, 'minimum'],
    [
      '余量 Margin',
      `${signed(d.marginKm2, (v) => km2(v, 2))} km²`,
      `${signed(d.marginMu, (v) => mu(v, 0))} 亩`,
      'margin',
    ],
  ];
  const proposals = s.pendingProposals;
  const sheet = document.getElementById('compliance-sheet');
  sheet.replaceChildren(
    h('h1', {}, `${d.name}工业用地红线保有量达标说明`),
    h('p', { className: 'compliance-en' }, `Compliance statement of ${d.nameEn}: industrial-land red line`),
    h(
      'p',
      { className: 'compliance-lead', id: 'compliance-lead' },
      `截至 ${foshanTime(s.asOf)}，${d.name}工业用地红线共 ${d.polygons} 块，面积 ${km2(d.redLineKm2, 2)} km²（${mu(d.redLineMu, 0)} 亩），` +
        `保有量下限 ${km2(d.minimumKm2, 2)} km²（${muOf(d.minimumKm2)} 亩），余量 ${margin(d.marginKm2, d.marginMu)}，` +
        `${d.compliant ? '达到' : '未达到'}保有量要求。`,
    ),
    h(
      'table',
      { className: 'compliance-table', id: 'compliance-figures' },
      h('thead', {}, h('tr', {}, h('th', {}, '项目 Item'), h('th', {}, 'km²'), h('th', {}, '亩 mu'))),
      h(
        'tbody',
        {},
        ...rows.map(([label, k, m, key]) =>
          h('tr', { dataset: { figure: key } }, cell(label), cell(k, 'num'), cell(m, 'num')),
        ),
        h(
          'tr',
          { dataset: { figure: 'status' } },
          cell('结论 Status'),
          h('td', { colSpan: 2, className: `status-${d.status}` }, STATUSES[d.status] ?? d.status),
        ),
      ),
    ),
    h('h2', {}, '待审核的调整提案 Proposals waiting for the bureau'),
    proposals.length
      ? h(
          'table',
          { className: 'compliance-table', id: 'compliance-pending' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, '提案'), h('th', {}, '事由 Reason'), h('th', {}, '文号'), h('th', {}, '提交 Submitted'), h('th', {}, '红线变化 Change')),
          ),
          h(
            'tbody',
            {},
            ...proposals.map((p) =>
              h(
                'tr',
                { dataset: { changeSet: p.id } },
                cell(`#${p.id}`),
                cell(p.reason),
                cell(p.documentNumber ?? '—'),
                cell(p.submittedAt ? foshanTime(p.submittedAt) : '—'),
                cell(`${signed(p.deltaKm2, (v) => km2(v, 4))} km²（${signed(p.deltaMu, (v) => mu(v, 2))} 亩）`, 'num'),
              ),
            ),
          ),
        )
      : h('p', {}, '无 None.'),
    h(
      'p',
      { id: 'compliance-if-approved' },
      `待审提案 ${d.pendingProposals} 项；若全部批准，余量将为 ${margin(d.marginIfApprovedKm2, d.marginIfApprovedMu)}。` +
        ` Pending: ${d.pendingProposals}; margin if all are approved as they stand.`,
    ),
    h('h2', {}, '储备用地 Reserve land'),
    h(
      'p',
      { id: 'compliance-reserve' },
      reserve
        ? `达标储备（达到标准地条件）${mu(reserve.readyMu, 0)} 亩；本区应承担份额 ${mu(reserve.shareMu, 0)} 亩` +
            `（全市动态储备不少于 17,000 亩的 ${fixed(reserve.shareRatio * 100, 1)}%），` +
            `${reserve.readyMu >= reserve.shareMu ? '已达到' : '未达到'}份额，为份额的 ` +
            `${reserve.shareMu > 0 ? fixed((reserve.readyMu / reserve.shareMu) * 100, 1) : '—'}%。`
        : '储备台账暂不可读 The reserve ledger could not be read.',
    ),
    h('h2', {}, '依据 Basis'),
    h(
      'ul',
      { className: 'compliance-basis' },
      h('li', {}, '《佛山市产业载体升级行动方案（2022—2026年）》：全市工业用地红线不少于 450 km²（675,000 亩）；各区下限：禅城 21、南海 190、顺德 111、高明 53、三水 75 km²；动态储备用地不少于 17,000 亩。'),
      h('li', {}, '《佛山市工业用地红线管理办法》（佛府办〔2024〕1号）：不减有增、以增定改、跨区平衡。'),
      h('li', {}, `全市现状 City: ${km2(s.city.redLineKm2, 2)} km²，下限 ${km2(s.city.minimumKm2, 2)} km²，余量 ${signed(s.city.marginKm2, (v) => km2(v, 2))} km²。`),
      h('li', {}, '面积为 CGCS2000 椭球面积；1 km² = 1 500 亩。Ellipsoidal areas on CGCS2000.'),
    ),
    h('p', { className: 'compliance-sign' }, `出具日期 Date：${foshanTime(s.asOf).split(' ')[0]}`),
  );
}
