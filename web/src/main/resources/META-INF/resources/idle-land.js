// Idle land 闲置土地 (GET /api/efficiency/idle-land/parcels), its disposal cases (…/cases) and the
// liquidated damages of breaches (…/damages): three tables, each row with a link that shows the
// parcel on the map (/#zoom/lat/lon). Chinese first, English after; all text goes in as text.

import { ApiError, get, problemBox } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { h } from './dom.js';
import { DISTRICTS, districtLabel } from './districts.js';
import { fixed as fmt } from './format.js';

const API = '/api/efficiency/idle-land';
const CLAUSE = { NOT_STARTED: '满一年未动工 Not started', STOPPED: '开发不足且停工满一年 Stopped' };
const DISPOSAL = { FEE: '征缴闲置费 Fee (20%)', TAKE_BACK: '无偿收回 Take back', REMEDY: '政府原因：约定处置 Government delay: remedy' };
const STATUS = { NOTIFIED: '已通知 Notified', HEARING: '已听证 Heard', DECIDED: '已决定 Decided', CLOSED: '已结案 Closed' };
const REMEDY = { EXTENSION: '延长动工期限 Extension', CHANGE_OF_USE: '调整用途 Change of use', SWAP: '置换土地 Swap', OTHER: '其他 Other' };
const PAYMENT = { DUE: '未缴 Due', PART_PAID: '部分缴纳 Part paid', PAID: '已缴清 Paid' };

const short = (code) => districtLabel(code)?.[0] ?? code;
const money = (v) => (v === null || v === undefined ? '—' : fmt(v, 2));
const mapLink = (item) =>
  h('a', { href: `/#17/${item.lat.toFixed(6)}/${item.lon.toFixed(6)}`, className: 'show-on-map' }, '在地图中显示 Show on map');

function table(id, headings, rows) {
  document.getElementById(id).replaceChildren(
    h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows),
  );
}

function filters() {
  const p = new URLSearchParams();
  const district = document.getElementById('district').value;
  if (district) p.set('district', district);
  return p;
}

async function loadParcels() {
  const p = filters();
  p.set('asOf', document.getElementById('as-of').value);
  const clause = document.getElementById('clause').value;
  if (clause) p.set('clause', clause);
  p.set('limit', '200');
  const page = await get(`${API}/parcels?${p}`);
  document.getElementById('idle-count').textContent = `共 ${page.total} 宗 ${page.total} idle parcels`;
  table(
    'idle-parcels',
    ['宗地 Parcel', '区 District', '情形 Clause', '起算日 Since', '闲置年数 Years', '处置 Disposal', '出让价款 Grant price', '闲置费 Fee', '案件 Case', ''],
    page.items.map((i) =>
      h(
        'tr',
        { dataset: { parcelId: i.parcelId, clause: i.clause } },
        h('td', {}, i.parcelCode),
        h('td', {}, short(i.district)),
        h('td', {}, CLAUSE[i.clause] ?? i.clause),
        h('td', {}, i.since),
        h('td', {}, String(i.years)),
        h('td', {}, DISPOSAL[i.disposal] ?? i.disposal),
        h('td', {}, money(i.grantPrice10kCny)),
        h('td', {}, i.disposal === 'FEE' ? money(i.fee10kCny) : '—'),
        h('td', {}, i.caseStatus ? STATUS[i.caseStatus] ?? i.caseStatus : '—'),
        h('td', {}, mapLink(i)),
      ),
    ),
  );
}

function steps(c) {
  const done = [
    ['通知', c.noticeOn, c.noticeNumber],
    ['听证', c.hearingOn, c.hearingNumber],
    ['决定', c.decidedOn, c.decisionNumber],
    ['结案', c.closedOn, null],
  ].filter(([, day]) => day);
  return done.map(([step, day, number]) => `${step} ${day}${number ? `（${number}）` : ''}`).join(' → ');
}

async function loadCases() {
  const p = filters();
  p.set('limit', '200');
  const page = await get(`${API}/cases?${p}`);
  table(
    'idle-cases',
    ['宗地 Parcel', '区 District', '情形 Clause', '状态 Status', '步骤 Steps', '原因 Cause', '处置 Disposal', '闲置费 Fee', ''],
    page.items.map((c) =>
      h(
        'tr',
        { dataset: { caseId: c.id, cause: c.cause, status: c.status } },
        h('td', {}, c.parcelCode),
        h('td', {}, short(c.district)),
        h('td', {}, CLAUSE[c.clause] ?? c.clause),
        h('td', {}, STATUS[c.status] ?? c.status),
        h('td', {}, steps(c)),
        h('td', {}, c.cause === 'GOVERNMENT' ? `政府原因 Government: ${c.governmentReason ?? ''}` : '企业原因 Enterprise'),
        h(
          'td',
          {},
          c.disposal ? DISPOSAL[c.disposal] ?? c.disposal : '—',
          c.remedy ? `（${REMEDY[c.remedy] ?? c.remedy}）` : '',
        ),
        h('td', {}, c.fee10kCny === null ? '—' : `${money(c.fee10kCny)}（已缴 paid ${money(c.feePaid10kCny)}）`),
        h('td', {}, mapLink(c)),
      ),
    ),
  );
}

async function loadDamages() {
  const p = filters();
  p.set('limit', '200');
  const page = await get(`${API}/damages?${p}`);
  table(
    'damages',
    ['宗地 Parcel', '区 District', '年度 Year', '协议 Agreement', '文号 Document', '逾期天数 Days', '应缴 Due', '已缴 Paid', '期限 Due on', '状态 Status', ''],
    page.items.map((d) =>
      h(
        'tr',
        { dataset: { damagesId: d.id, status: d.status } },
        h('td', {}, d.parcelCode),
        h('td', {}, short(d.district)),
        h('td', {}, String(d.year)),
        h('td', {}, d.contractNumber),
        h('td', {}, d.documentNumber),
        h('td', {}, String(d.daysCharged)),
        h('td', {}, money(d.amountDue10kCny)),
        h('td', {}, money(d.paid10kCny)),
        h('td', {}, d.dueOn),
        h('td', {}, PAYMENT[d.status] ?? d.status),
        h('td', {}, mapLink(d)),
      ),
    ),
  );
}

async function load() {
  document.body.dataset.ready = 'false';
  document.getElementById('login-required').hidden = true;
  try {
    await Promise.all([loadParcels(), loadCases(), loadDamages()]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      document.getElementById('login-required').hidden = false;
    } else {
      document.querySelector('main').prepend(problemBox(error));
    }
  }
  document.body.dataset.ready = 'true';
}

const district = document.getElementById('district');
district.append(...DISTRICTS.map((d) => h('option', { value: d.code }, districtLabel(d.code).join(' '))));
document.getElementById('as-of').value = new Date().toISOString().slice(0, 10);
for (const id of ['as-of', 'district', 'clause']) document.getElementById(id).addEventListener('change', load);
// the figures need a login (the header's, page-header.js): loaded again after every login and logout
const session = setUpPageHeader();
session.onChange(() => load());
session.refresh();
