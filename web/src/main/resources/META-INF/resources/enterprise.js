// An enterprise's profile (GET /api/enterprises/{id or credit code}/profile): who it is, the parcels
// it uses, and — to a reader whose figure scope covers its district — its figures per year, grade
// history with publication and objections, supervision agreements, breaches and cases. A reader
// outside the scope (a visitor, another district's officer) sees the identity, the parcels and the
// API's note saying why there is nothing more. Chinese first; all text from data goes in as text.

import { get, problemBox } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { colourBadge, h } from './dom.js';
import { BREACH_KINDS, GRADES, both, fmt } from './efficiency-common.js';

const NONE = '—';
const YES_NO = (v) => (v ? '是 Yes' : '否 No');
const perMu = (v) =>
  v === null || v === undefined ? NONE : fmt(v, Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 4);
const money = (v) => (v === null || v === undefined ? NONE : fmt(v, 2));
const PUBLICATION = { PUBLISHED: '公示中 Published', FINAL: '终版 Final' };
const NOT_GRADED = {
  EXCLUDED_INDUSTRY: '不参评行业 Excluded industry (T)',
  YOUNG_ENTERPRISE: '成立不满年限 Too young (T)',
  MISSING_DATA: '数据缺失 Missing data',
};
const OUTCOME = { UPHELD: '异议成立 Upheld', REJECTED: '异议不成立 Rejected' };
const CASE_KIND = { GRADE: '评价整治 Grade case', IDLE_LAND: '闲置土地 Idle land', DAMAGES: '违约金 Damages' };
const GRADE_CASE = { IMPROVEMENT: '帮扶整治 Improvement', EXIT: '淘汰关停 Exit' };
const STATUS = {
  OPEN: '已立案 Open',
  FOLLOWING_UP: '跟进中 Following up',
  IMPROVED: '整改达标 Improved',
  EXITED: '已退出 Exited',
  CLOSED: '已办结 Closed',
  NOTIFIED: '已通知 Notified',
  HEARING: '已听证 Heard',
  DECIDED: '已决定 Decided',
};

function table(id, headings, rows, empty = '无 None') {
  document.getElementById(id).replaceChildren(
    h('thead', {}, h('tr', {}, ...headings.map(([t, num]) => h('th', { className: num ? 'num' : '' }, t)))),
    h(
      'tbody',
      {},
      ...(rows.length ? rows : [h('tr', {}, h('td', { colSpan: headings.length }, empty))]),
    ),
  );
}

const td = (text, num = false) => h('td', { className: num ? 'num' : '' }, text ?? NONE);

function grade(g) {
  return g ? h('span', { className: 'ep-grade', style: colourBadge(GRADES[g]?.colour ?? '#555555') }, g) : NONE;
}

function mapLink(p) {
  const [w, s, e, n] = p.bbox;
  const lat = ((s + n) / 2).toFixed(6);
  const lon = ((w + e) / 2).toFixed(6);
  return h('a', { href: `/#17/${lat}/${lon}`, className: 'show-on-map' }, '在地图中显示 Show on map');
}

function identity(profile) {
  const e = profile.enterprise;
  document.title = `${e.name} · 企业画像 Enterprise profile`;
  document.getElementById('enterprise-name').replaceChildren(e.name, ' ', h('span', { className: 'en' }, e.creditCode));
  const facts = [
    ['统一社会信用代码 Credit code', e.creditCode],
    ['行业 Industry', `${e.industryCode} ${e.industryName}`],
    ['登记区 District', `${e.districtName} ${e.districtCode}`],
    ['镇街 Town', e.townName ?? NONE],
    ['成立日期 Founded', e.foundedOn],
    ['规模以上 Above scale', YES_NO(e.aboveScale)],
  ];
  document
    .getElementById('enterprise-facts')
    .replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function parcels(profile) {
  document.getElementById('parcel-count').textContent = `共 ${profile.parcelsTotal} 宗 ${profile.parcelsTotal} parcels`;
  const note = document.getElementById('parcels-note');
  note.hidden = !profile.parcelsNote;
  note.textContent = profile.parcelsNote ?? '';
  table(
    'parcels',
    [['宗地 Parcel'], ['区 District'], ['集聚区 Cluster'], ['面积(亩) Area mu', true], ['占用份额 Share', true], ['起用 Since'], ['']],
    profile.parcels.map((p) =>
      h(
        'tr',
        { dataset: { parcelId: String(p.id), code: p.code } },
        td(p.code),
        td(p.districtName),
        td(p.clusterName ? `${p.clusterCode} ${p.clusterName}` : NONE),
        td(fmt(p.areaMu, 2), true),
        td(`${fmt(p.floorAreaShare * 100, 1)}%`, true),
        td(p.since),
        h('td', {}, mapLink(p)),
      ),
    ),
  );
}

function years(list) {
  table(
    'years',
    [
      ['年度 Year'],
      ['用地(亩) Land mu', true],
      ['税收(万元) Tax', true],
      ['亩均税收 Tax/mu', true],
      ['亩均产值 Output/mu', true],
      ['亩均增加值 Value added/mu', true],
      ['投资强度 Investment/mu', true],
      ['单位能耗增加值 VA/tce', true],
      ['研发占比 R&D share', true],
      ['等级 Grade'],
    ],
    list.map((y) =>
      h(
        'tr',
        { dataset: { year: String(y.year), negativeTax: String(y.negativeTax) } },
        td(String(y.year)),
        td(fmt(y.landMu, 2), true),
        h(
          'td',
          { className: 'num' },
          money(y.tax),
          y.negativeTax
            ? h('span', { className: 'ep-refund', title: '税收为负：退税多于当年缴纳；评价时亩均税收按 0 计 Negative tax: refunds exceeded the taxes paid; graded as 0' }, '退税 Refund')
            : null,
        ),
        td(perMu(y.taxPerMu), true),
        td(perMu(y.outputPerMu), true),
        td(perMu(y.valueAddedPerMu), true),
        td(perMu(y.investmentPerMu), true),
        td(perMu(y.valueAddedPerEnergy), true),
        td(y.rdShare === null ? NONE : `${fmt(y.rdShare * 100, 2)}%`, true),
        h('td', {}, y.grade ? grade(y.grade) : (NOT_GRADED[y.notGraded] ?? NONE)),
      ),
    ),
  );
}

function grades(list) {
  table(
    'grades',
    [['年度 Year'], ['模型 Model'], ['得分 Score', true], ['等级 Grade'], ['排名 Rank', true], ['公示 Publication'], ['公示等级 Published'], ['异议 Objections']],
    list.map((g) =>
      h(
        'tr',
        { dataset: { year: String(g.year), modelVersion: String(g.modelVersion), publicationState: g.publicationState ?? '' } },
        td(String(g.year)),
        td(`v${g.modelVersion} ${g.modelName}${g.active ? ' · 现行 active' : ''}`),
        td(g.score === null ? NONE : fmt(g.score, 2), true),
        h('td', {}, g.grade ? grade(g.grade) : (NOT_GRADED[g.notGraded] ?? g.notGraded ?? NONE)),
        td(g.rank === null ? NONE : String(g.rank), true),
        td(
          g.publicationState
            ? `${PUBLICATION[g.publicationState]} ${g.startsOn}～${g.endsOn}${g.documentNumber ? ` ${g.documentNumber}` : ''}`
            : '未公示 Not published',
        ),
        h('td', {}, g.publishedGrade ? grade(g.publishedGrade) : NONE),
        h(
          'td',
          {},
          g.objections.length
            ? h(
                'ul',
                {},
                ...g.objections.map((o) =>
                  h('li', {}, `${o.lodgedOn} ${o.objector}：${o.grounds}`, o.outcome ? ` → ${OUTCOME[o.outcome]}${o.gradeAfter ? ` ${o.gradeBefore}→${o.gradeAfter}` : ''}` : ' （待决定 undecided）'),
                ),
              )
            : NONE,
        ),
      ),
    ),
  );
}

function agreements(list) {
  table(
    'agreements',
    [['宗地 Parcel'], ['合同编号 Contract'], ['签订 Signed'], ['投资强度 Inv./mu', true], ['亩均产值 Output/mu', true], ['亩均税收 Tax/mu', true], ['动工 Start by'], ['竣工 Complete by'], ['投产 Produce by']],
    list.map((a) =>
      h(
        'tr',
        {},
        td(a.parcelCode),
        td(a.contractNumber),
        td(a.signedOn),
        td(perMu(a.investmentPerMu), true),
        td(perMu(a.outputPerMu), true),
        td(perMu(a.taxPerMu), true),
        td(`${a.startWorksBy}${a.worksStartedOn ? `（实际 ${a.worksStartedOn}）` : ''}`),
        td(`${a.completeBy}${a.completedOn ? `（实际 ${a.completedOn}）` : ''}`),
        td(`${a.startProductionBy}${a.productionStartedOn ? `（实际 ${a.productionStartedOn}）` : ''}`),
      ),
    ),
  );
}

function breaches(list) {
  table(
    'breaches',
    [['年度 Year'], ['宗地 Parcel'], ['合同编号 Contract'], ['违约 Breaches'], ['逾期天数 Days late (start/completion/production)']],
    list.map((b) =>
      h(
        'tr',
        { dataset: { year: String(b.year), parcelCode: b.parcelCode } },
        td(String(b.year)),
        td(b.parcelCode),
        td(b.contractNumber),
        td(b.kinds.map((k) => both(BREACH_KINDS[k]?.label ?? [k, ''])).join('，')),
        td([b.daysLateStart, b.daysLateCompletion, b.daysLateProduction].map((d) => d ?? NONE).join(' / ')),
      ),
    ),
  );
}

function caseText(c) {
  const d = c.detail;
  if (c.kind === 'GRADE') return `${d.grade} 类 · ${GRADE_CASE[d.kind] ?? d.kind} · ${STATUS[d.status] ?? d.status} · 期限 deadline ${d.deadline}`;
  if (c.kind === 'IDLE_LAND') return `${d.noticeNumber} · ${STATUS[d.status] ?? d.status}${d.decisionNumber ? ` · ${d.decisionNumber}` : ''}${d.fee10kCny ? ` · 闲置费 ${money(d.fee10kCny)} 万元` : ''}`;
  return `${d.documentNumber} · 应缴 due ${money(d.amountDue10kCny)} 万元 · 已缴 paid ${money(d.paid10kCny)} 万元`;
}

function cases(list) {
  table(
    'cases',
    [['类型 Kind'], ['年度 Year'], ['宗地 Parcel'], ['情况 Details']],
    list.map((c) =>
      h('tr', { dataset: { kind: c.kind } }, td(CASE_KIND[c.kind]), td(String(c.year)), td(c.parcelCode ?? NONE), td(caseText(c))),
    ),
  );
}

async function load() {
  const params = new URLSearchParams(window.location.search);
  const key = params.get('id') ?? params.get('code') ?? '';
  document.getElementById('problem').hidden = true;
  try {
    if (!key) throw new Error('请在地址中指明企业：enterprise.html?id=… 或 ?code=统一社会信用代码（name the enterprise）');
    const profile = await get(`/api/enterprises/${encodeURIComponent(key)}/profile`);
    identity(profile);
    parcels(profile);
    const scope = profile.figureScope;
    const note = document.getElementById('scope-note');
    note.hidden = !scope.note;
    note.textContent = scope.note ?? '';
    document.body.dataset.readable = String(scope.readable);
    const f = profile.figures;
    for (const section of document.querySelectorAll('.ep-figures')) section.hidden = !f;
    if (f) {
      years(f.years);
      grades(f.grades);
      agreements(f.agreements);
      breaches(f.breaches);
      cases(f.cases);
    }
    document.body.dataset.enterpriseId = String(profile.enterprise.id);
  } catch (error) {
    const box = document.getElementById('problem');
    box.replaceChildren(problemBox(error));
    box.hidden = false;
    document.getElementById('enterprise-name').textContent = '—';
  } finally {
    document.body.dataset.ready = 'true';
  }
}

// what the profile shows depends on who asks (the figure scope): loaded again after a login or logout
const session = setUpPageHeader();
session.onChange(() => load());
session.refresh();
