// Idle land 闲置土地 (GET /api/efficiency/idle-land/parcels), its disposal cases (…/cases) and the
// liquidated damages of breaches (…/damages): three tables, each row with a link that shows the
// parcel on the map (/#zoom/lat/lon). The bureau (and the administrator) also acts here, each
// action a form in one dialog: open a case with its notice (an idle parcel without an open case),
// move a case one step (hearing, decision with its cause and remedy, closing with the fee paid),
// assess the damages of a year's breach and record a payment. Every rule is the database's (V33):
// a refusal is shown in the dialog as the server words it, nothing typed lost. Chinese first,
// English after; all text goes in as text.
//
// For automated tests: rows carry data-parcel-code (idle parcels), data-case-id and data-status
// (cases), data-damages-id and data-status (damages); the action buttons' data-action is
// open-case, step, pay.

import { ApiError, get, post, problemBox } from './api.js';
import { setUpPageHeader } from './page-header.js';
import { commitsRole } from './session.js';
import { h } from './dom.js';
import { DISTRICTS, districtLabel } from './districts.js';
import { fixed as fmt, todayInFoshan } from './format.js';

const API = '/api/efficiency/idle-land';
const CLAUSE = { NOT_STARTED: '满一年未动工 Not started', STOPPED: '开发不足且停工满一年 Stopped' };
const DISPOSAL = { FEE: '征缴闲置费 Fee (20%)', TAKE_BACK: '无偿收回 Take back', REMEDY: '政府原因：约定处置 Government delay: remedy' };
const STATUS = { NOTIFIED: '已通知 Notified', HEARING: '已听证 Heard', DECIDED: '已决定 Decided', CLOSED: '已结案 Closed' };
const REMEDY = { EXTENSION: '延长动工期限 Extension', CHANGE_OF_USE: '调整用途 Change of use', SWAP: '置换土地 Swap', OTHER: '其他 Other' };
const PAYMENT = { DUE: '未缴 Due', PART_PAID: '部分缴纳 Part paid', PAID: '已缴清 Paid' };

/** The steps that may follow each status (V33: notice → [hearing] → decision → closed). */
const NEXT = { NOTIFIED: ['HEARING', 'DECIDED'], HEARING: ['DECIDED'], DECIDED: ['CLOSED'] };
const STEP = { HEARING: '听证 Hearing', DECIDED: '处置决定 Decision', CLOSED: '结案 Close' };

let user = null;
const bureau = () => Boolean(user && commitsRole(user.role));
const today = todayInFoshan;

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
    ['宗地 Parcel', '区 District', '情形 Clause', '起算日 Since', '闲置年数 Years', '处置 Disposal', '出让价款 Grant price', '闲置费 Fee', '案件 Case', '', ''],
    page.items.map((i) =>
      h(
        'tr',
        { dataset: { parcelId: i.parcelId, parcelCode: i.parcelCode, clause: i.clause } },
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
        h('td', {}, bureau() && (!i.caseStatus || i.caseStatus === 'CLOSED') ? action('open-case', '立案 Open case', () => openCase(i)) : ''),
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
    ['宗地 Parcel', '区 District', '情形 Clause', '状态 Status', '步骤 Steps', '原因 Cause', '处置 Disposal', '闲置费 Fee', '', ''],
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
        h('td', {}, bureau() && NEXT[c.status] ? action('step', '下一步 Next step', () => moveCase(c)) : ''),
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
    ['宗地 Parcel', '区 District', '年度 Year', '协议 Agreement', '文号 Document', '逾期天数 Days', '应缴 Due', '已缴 Paid', '期限 Due on', '状态 Status', '', ''],
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
        h('td', {}, bureau() && d.status !== 'PAID' ? action('pay', '登记缴款 Record payment', () => pay(d)) : ''),
      ),
    ),
  );
}

// ---- the bureau's actions: one dialog, its fields made for each

function action(name, label, onClick) {
  const button = h('button', { type: 'button', dataset: { action: name } }, label);
  button.addEventListener('click', onClick);
  return button;
}

function field(zh, en, input, { hint } = {}) {
  return h(
    'label',
    { dataset: { field: input.name } },
    h('span', {}, `${zh} `, h('span', { className: 'en' }, en)),
    input,
    hint ? h('span', { className: 'rv-hint' }, hint) : null,
  );
}

const input = (name, type, value = '', extra = {}) => h('input', { name, type, value, ...extra });
const choice = (name, options) =>
  h('select', { name }, ...Object.entries(options).map(([value, label]) => h('option', { value }, label)));

let submitting = null; // what the dialog's form sends: (elements) => Promise

/** Opens the dialog with a title, a line saying what it acts on, the fields and what to send. */
function openDialog(title, what, fields, submit, onSubmit) {
  document.getElementById('action-title').textContent = title;
  document.getElementById('action-what').textContent = what;
  document.getElementById('action-fields').replaceChildren(...fields);
  document.getElementById('action-problem').replaceChildren();
  document.getElementById('action-submit').textContent = submit;
  submitting = onSubmit;
  document.getElementById('action-dialog').showModal();
}

async function submitDialog(event) {
  event.preventDefault();
  const form = event.target;
  const problem = document.getElementById('action-problem');
  problem.replaceChildren();
  const button = document.getElementById('action-submit');
  button.disabled = true;
  try {
    const message = await submitting(form.elements);
    document.getElementById('action-dialog').close();
    const flash = document.getElementById('flash');
    flash.textContent = message;
    flash.hidden = false;
    await load();
  } catch (error) {
    problem.replaceChildren(problemBox(error));
  } finally {
    button.disabled = false;
  }
}

/** 立案: a disposal case opened with its notice 通知 (the database refuses a parcel not idle that day). */
function openCase(i) {
  openDialog(
    '立案：闲置土地处置 Open a disposal case',
    `${i.parcelCode}（${short(i.district)}）· ${CLAUSE[i.clause] ?? i.clause} · 起算 since ${i.since} · 闲置 ${i.years} 年`,
    [
      field('通知日期', 'Notice on', input('noticeOn', 'date', today(), { required: true })),
      field('通知文号', 'Notice number', input('noticeNumber', 'text', '', { required: true, maxLength: 100, placeholder: '佛自然资闲通〔2026〕5号' })),
    ],
    '立案 Open',
    async (f) => {
      await post(`${API}/cases`, { parcelCode: i.parcelCode, noticeOn: f.noticeOn.value, noticeNumber: f.noticeNumber.value });
      return `${i.parcelCode} 已立案（通知 ${f.noticeNumber.value}） case opened`;
    },
  );
}

/** 下一步: hearing, decision (cause; a government delay's remedy) or closing (the fee paid). */
function moveCase(c) {
  const next = NEXT[c.status];
  const status = choice('status', Object.fromEntries(next.map((s) => [s, STEP[s]])));
  const cause = choice('cause', { ENTERPRISE: '企业原因 Enterprise', GOVERNMENT: '政府原因 Government' });
  const fields = [
    field('步骤', 'Step', status),
    field('日期', 'Date', input('date', 'date', today(), { required: true })),
    field('文号', 'Document number', input('documentNumber', 'text', '', { maxLength: 100, placeholder: '佛自然资闲决〔2026〕4号' })),
    field('闲置原因', 'Cause', cause),
    field('政府原因说明', 'Government reason', input('governmentReason', 'text', '', { maxLength: 500 })),
    field('约定处置', 'Remedy', choice('remedy', REMEDY)),
    field('处置说明', 'Remedy note', input('remedyNote', 'text', '', { maxLength: 500 })),
    field('已缴闲置费 万元', 'Fee paid (10k CNY)', input('feePaid10kCny', 'number', c.fee10kCny ?? '', { min: 0, step: '0.01' }), {
      hint: c.fee10kCny === null ? '' : `应缴 due ${money(c.fee10kCny)}`,
    }),
  ];
  const shown = () => {
    const step = status.value;
    const government = cause.value === 'GOVERNMENT';
    const show = { documentNumber: step !== 'CLOSED', cause: step === 'DECIDED', governmentReason: step === 'DECIDED' && government,
      remedy: step === 'DECIDED' && government, remedyNote: step === 'DECIDED' && government,
      feePaid10kCny: step === 'CLOSED' && c.disposal === 'FEE' };
    for (const label of fields) {
      const name = label.dataset.field;
      if (name in show) label.hidden = !show[name];
    }
  };
  status.addEventListener('change', shown);
  cause.addEventListener('change', shown);
  shown();
  openDialog(
    '处置案件下一步 Next step of the case',
    `${c.parcelCode}（${short(c.district)}）· ${STATUS[c.status]} · ${steps(c)}`,
    fields,
    '确认 Confirm',
    async (f) => {
      const step = f.status.value;
      const body = { status: step, date: f.date.value };
      if (step !== 'CLOSED') body.documentNumber = f.documentNumber.value;
      if (step === 'DECIDED') {
        body.cause = f.cause.value;
        if (f.cause.value === 'GOVERNMENT') {
          body.governmentReason = f.governmentReason.value;
          body.remedy = f.remedy.value;
          body.remedyNote = f.remedyNote.value;
        }
      }
      if (step === 'CLOSED' && c.disposal === 'FEE') body.feePaid10kCny = f.feePaid10kCny.value || null;
      const after = await post(`${API}/cases/${c.id}/steps`, body);
      return `${c.parcelCode}：${STATUS[after.status]}` + (after.disposal ? ` · ${DISPOSAL[after.disposal]}` : '') +
        (after.fee10kCny !== null ? ` · 闲置费 fee ${money(after.fee10kCny)} 万元` : '');
    },
  );
}

/** 核定违约金: the damages of a year's breach of the parcel's agreement (the database computes them). */
function assessDamages() {
  const year = new Date().getFullYear() - 1;
  openDialog(
    '核定违约金 Assess liquidated damages',
    '按监管协议和该年度履约核查计算：逾期天数 × 日违约金率 × 出让价款 + 亩均指标未达部分（V33） computed from the agreement and the year’s check',
    [
      field('宗地编号', 'Parcel code', input('parcelCode', 'text', '', { required: true, maxLength: 40 })),
      field('核查年度', 'Year', input('year', 'number', String(year), { required: true, min: 2000, max: 2100, step: 1 })),
      field('文号', 'Document number', input('documentNumber', 'text', '', { required: true, maxLength: 100, placeholder: '佛自然资违〔2026〕4号' })),
      field('核定日期', 'Assessed on', input('assessedOn', 'date', today(), { required: true })),
      field('缴纳期限', 'Due on', input('dueOn', 'date', '', { required: true })),
    ],
    '核定 Assess',
    async (f) => {
      const d = await post(`${API}/damages`, {
        parcelCode: f.parcelCode.value.trim(),
        year: Number(f.year.value),
        documentNumber: f.documentNumber.value,
        assessedOn: f.assessedOn.value,
        dueOn: f.dueOn.value,
      });
      return `${d.parcelCode} ${d.year} 年违约金 ${money(d.amountDue10kCny)} 万元已核定 damages assessed`;
    },
  );
}

/** 登记缴款: a payment of damages (never more than what is still due). */
function pay(d) {
  const left = Math.round((d.amountDue10kCny - d.paid10kCny) * 100) / 100;
  openDialog(
    '登记违约金缴款 Record a payment',
    `${d.parcelCode} · ${d.year} 年 · ${d.documentNumber} · 应缴 due ${money(d.amountDue10kCny)}，已缴 paid ${money(d.paid10kCny)} 万元`,
    [
      field('缴款日期', 'Paid on', input('paidOn', 'date', today(), { required: true })),
      field('金额 万元', 'Amount (10k CNY)', input('amount10kCny', 'number', String(left), { required: true, min: 0.01, step: '0.01' })),
      field('收据号', 'Receipt number', input('receiptNumber', 'text', '', { required: true, maxLength: 100 })),
    ],
    '登记 Record',
    async (f) => {
      await post(`${API}/damages/${d.id}/payments`, {
        paidOn: f.paidOn.value,
        amount10kCny: f.amount10kCny.value,
        receiptNumber: f.receiptNumber.value,
      });
      return `${d.parcelCode} 缴款 ${f.amount10kCny.value} 万元已登记 payment recorded`;
    },
  );
}

async function load() {
  document.body.dataset.ready = 'false';
  document.getElementById('login-required').hidden = true;
  document.getElementById('assess-damages').hidden = !bureau();
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
document.getElementById('as-of').value = today();
for (const id of ['as-of', 'district', 'clause']) document.getElementById(id).addEventListener('change', load);
// the figures need a login (the header's, page-header.js): loaded again after every login and logout
document.getElementById('action-form').addEventListener('submit', submitDialog);
document.getElementById('action-cancel').addEventListener('click', () => document.getElementById('action-dialog').close());
document.getElementById('assess-damages').addEventListener('click', assessDamages);
const session = setUpPageHeader();
session.onChange((u) => {
  user = u;
  load();
});
session.refresh();
