// The year's grades after the grading (efficiency.js; V32): their publication 公示 and its state,
// the objections 异议 and their decisions, the final list 终版, the enterprises' improvement (C) and
// exit (D) cases with their follow-ups and outcome, and the differentiated-policy lists
// (差别化用地、用电、用水、信贷) of a final list as CSV. Everyone logged in reads; the bureau and the
// administrator publish, record, decide, freeze and run the cases (the forms are theirs only).
//
// For automated tests: #grading-panel carries data-state (NONE, PUBLISHED, FINAL) and
// data-publication-id; rows of #grading-body carry data-credit-code and data-grade; the detail
// (#grading-detail) data-credit-code and, with a case, data-case-status.

import { post, problemBox } from './api.js';
import { fmt, scopeNote } from './efficiency-common.js';
import { h } from './dom.js';
import { todayInFoshan } from './format.js';
import { enterpriseLink } from './enterprise-link.js';
import { commitsRole } from './session.js';
import { API, form, request, state } from './efficiency-page.js';

const STATES = {
  NONE: '未公示 Not published',
  PUBLISHED: '公示中 Published (objections open)',
  FINAL: '终版 Final list (frozen)',
};
const CASE_KINDS = { IMPROVEMENT: '帮扶整治 Improvement', EXIT: '淘汰关停 Exit' };
const CASE_STATUSES = {
  OPEN: '已立案 Open',
  FOLLOWING_UP: '跟进中 Following up',
  IMPROVED: '整改达标 Improved',
  EXITED: '已退出 Exited',
  CLOSED: '已办结 Closed',
};
const POLICIES = {
  LAND: '差别化用地 Land',
  ELECTRICITY: '差别化用电 Electricity',
  WATER: '差别化用水 Water',
  CREDIT: '差别化信贷 Credit',
};
const OUTCOMES = { IMPROVED: '整改达标 Improved', EXITED: '退出 Exited', CLOSED: '其他原因办结 Closed' };

const panel = () => document.getElementById('grading-panel');
const bureau = () => Boolean(state.user && commitsRole(state.user.role));
const today = todayInFoshan;

/** A labelled field of a small form. */
function field(zh, en, input) {
  return h('label', { className: 'eff-field' }, h('span', {}, zh, ' ', h('span', { className: 'en' }, en)), input);
}

/** A small form: its fields, a submit button, and the problem when the API refuses. */
function smallForm(id, title, fields, submit, onSubmit) {
  const problem = h('div', { className: 'eff-problem' });
  const f = h(
    'form',
    { id, className: 'eff-grading-form' },
    h('h4', {}, title),
    ...fields,
    h('button', { type: 'submit', className: 'button primary small' }, submit),
    problem,
  );
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.replaceChildren();
    try {
      await onSubmit(f.elements);
    } catch (error) {
      problem.replaceChildren(problemBox(error));
    }
  });
  return f;
}

const input = (name, type = 'text', value = '') => h('input', { name, type, value, required: true });
const textarea = (name) => h('textarea', { name, rows: 2, required: true });
function select(name, options) {
  return h('select', { name }, ...Object.entries(options).map(([v, label]) => h('option', { value: v }, label)));
}

/** The year's publication (of its active model when there is one), or null. */
async function currentPublication(year) {
  const list = await request(`${API}/publications?year=${year}`);
  return list.find((p) => p.state === 'FINAL') ?? list[0] ?? null;
}

export async function loadGrading() {
  const year = form.elements.year.value;
  const head = document.getElementById('grading-head');
  const body = document.getElementById('grading-body');
  const detail = document.getElementById('grading-detail');
  detail.replaceChildren();
  delete detail.dataset.creditCode;
  delete detail.dataset.caseStatus;
  let publication;
  try {
    publication = year ? await currentPublication(year) : null;
  } catch (error) {
    head.replaceChildren(problemBox(error));
    return;
  }
  state.publication = publication;
  const p = panel();
  p.dataset.state = publication ? publication.state : 'NONE';
  if (publication) p.dataset.publicationId = String(publication.id);
  else delete p.dataset.publicationId;
  head.replaceChildren(...publicationHead(year, publication));
  if (!publication) {
    body.replaceChildren();
    document.getElementById('grading-count').textContent = '';
    return;
  }
  await loadGrades();
}

function publicationHead(year, p) {
  const parts = [
    h(
      'p',
      { className: 'eff-publication-state', id: 'publication-state' },
      `${year} 年度 · `,
      h('strong', {}, STATES[p ? p.state : 'NONE']),
      p
        ? ` · 模型第 ${p.modelVersion} 版 model v${p.modelVersion} · 公示期 period ${p.startsOn} – ${p.endsOn}` +
            (p.documentNumber ? ` · ${p.documentNumber}` : '') +
            ` · 异议 objections ${p.objections}（未处理 undecided ${p.undecided}）`
        : '',
    ),
  ];
  if (p?.state === 'FINAL') {
    parts.push(
      h(
        'p',
        { className: 'eff-exports' },
        '差别化政策名单 Policy lists (CSV): ',
        ...Object.entries(POLICIES).map(([policy, label]) =>
          h(
            'a',
            {
              className: 'button small',
              href: `${API}/policy-lists?year=${year}&policy=${policy}&format=csv`,
              dataset: { policy },
            },
            label,
          ),
        ),
      ),
    );
  }
  if (!bureau()) return parts;
  if (!p) {
    parts.push(
      smallForm(
        'publish-form',
        '公示本年度评价结果 Publish the grades of the active model',
        [
          field('公示开始', 'Starts on', input('startsOn', 'date', today())),
          field('公示结束', 'Ends on', input('endsOn', 'date')),
          field('文号', 'Document number', h('input', { name: 'documentNumber', type: 'text' })),
        ],
        '公示 Publish',
        async (f) => {
          const models = await request(`${API}/models?year=${year}`);
          const active = models.find((m) => m.active);
          if (!active) throw new Error(`${year} 年度没有评价模型 No grading model for ${year}`);
          await post(`${API}/publications`, {
            modelId: active.id,
            startsOn: f.startsOn.value,
            endsOn: f.endsOn.value,
            documentNumber: f.documentNumber.value,
          });
          await loadGrading();
        },
      ),
    );
  } else if (p.state === 'PUBLISHED') {
    const freeze = h('button', { type: 'button', id: 'freeze-publication', className: 'button commit' }, '定为终版 Freeze the final list');
    const problem = h('div', { className: 'eff-problem' });
    freeze.addEventListener('click', async () => {
      problem.replaceChildren();
      try {
        await post(`${API}/publications/${p.id}/freeze`);
        await loadGrading();
      } catch (error) {
        problem.replaceChildren(problemBox(error));
      }
    });
    parts.push(h('div', {}, freeze, problem));
  }
  return parts;
}

export async function loadGrades() {
  const p = state.publication;
  if (!p) return;
  const grade = document.getElementById('grading-grade').value;
  const params = new URLSearchParams({ limit: '200' });
  if (grade) params.set('grade', grade);
  const body = document.getElementById('grading-body');
  let page;
  try {
    page = await request(`${API}/publications/${p.id}/grades?${params}`);
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 6 }, problemBox(error))));
    return;
  }
  // a role that reads one district's figures is given that district's enterprises (V40): say so
  document.getElementById('grading-count').textContent =
    `共 ${fmt(page.total)} 家 ${fmt(page.total)} enterprises${scopeNote(page.figureScope)}`;
  body.replaceChildren(
    ...page.items.map((g) => {
      const tr = h(
        'tr',
        { dataset: { creditCode: g.creditCode, grade: g.grade ?? '' } },
        h('td', {}, profileLink(g), h('div', { className: 'eff-sub' }, g.creditCode)),
        h('td', {}, g.computedGrade ?? g.notGraded ?? '—'),
        h('td', {}, h('strong', {}, g.grade ?? '—'), g.changedByObjection ? ' （异议改 changed on objection）' : ''),
        h('td', {}, g.score === null ? '—' : fmt(g.score, 2)),
        h('td', {}, String(g.objections)),
        h('td', {}, g.case ? `${CASE_KINDS[g.case.kind]} · ${CASE_STATUSES[g.case.status]}` : '—'),
      );
      tr.addEventListener('click', () => showEnterprise(g).catch((error) => {
        document.getElementById('grading-detail').replaceChildren(problemBox(error));
      }));
      return tr;
    }),
  );
}

/** An enterprise's name as a link to its profile (a click on it is not a click on its row). */
function profileLink(g) {
  const link = enterpriseLink(g.name, { code: g.creditCode });
  link.addEventListener('click', (event) => event.stopPropagation());
  return link;
}

async function showEnterprise(g) {
  const p = state.publication;
  const detail = document.getElementById('grading-detail');
  const [objections, cases] = await Promise.all([
    request(`${API}/publications/${p.id}/objections?creditCode=${encodeURIComponent(g.creditCode)}`),
    request(`${API}/cases?creditCode=${encodeURIComponent(g.creditCode)}&year=${p.year}`),
  ]);
  const gradeCase = cases.find((c) => c.publicationId === p.id) ?? null;
  const full = gradeCase ? await request(`${API}/cases/${gradeCase.id}`) : null;
  const refresh = async () => {
    await loadGrades();
    const page = await request(`${API}/publications/${p.id}/grades?creditCode=${encodeURIComponent(g.creditCode)}`);
    await showEnterprise(page.items[0] ?? g);
  };
  detail.dataset.creditCode = g.creditCode;
  if (full) detail.dataset.caseStatus = full.gradeCase.status;
  else delete detail.dataset.caseStatus;
  // (null parts are left out: replaceChildren would write them as text)
  const parts = [
    h('h3', {}, profileLink(g), ' ', h('span', { className: 'en' }, g.creditCode)),
    h('p', {}, `评价等级 Computed ${g.computedGrade ?? '—'} · 公示等级 Published ${g.grade ?? '—'} · ${STATES[p.state]}`),
    h('h4', {}, '异议 Objections'),
    objections.length
      ? h('ul', { className: 'eff-objections' }, ...objections.map((o) => objectionItem(o, p, refresh)))
      : h('p', { className: 'eff-hint' }, '没有异议 None'),
    p.state === 'PUBLISHED' && bureau() ? objectionForm(g, p, refresh) : null,
    h('h4', {}, '整治/退出案件 Case'),
    full ? caseView(full, refresh) : h('p', { className: 'eff-hint', id: 'no-case' }, '没有案件 None'),
    !full && p.state === 'FINAL' && bureau() && (g.grade === 'C' || g.grade === 'D') ? openCaseForm(g, p, refresh) : null,
  ];
  detail.replaceChildren(...parts.filter(Boolean));
}

function objectionItem(o, p, refresh) {
  const d = o.decision;
  return h(
    'li',
    { dataset: { objectionId: o.id } },
    `${o.lodgedOn} · ${o.objector}：${o.grounds}`,
    o.evidence ? h('div', { className: 'eff-sub' }, `证据 Evidence: ${o.evidence}`) : null,
    d
      ? h(
          'div',
          { className: 'eff-decision' },
          d.outcome === 'UPHELD'
            ? `异议成立 Upheld：${d.gradeBefore ?? '—'} → ${d.gradeAfter}`
            : `驳回 Rejected（${d.gradeBefore ?? '—'}）`,
          ` · ${d.reason} · ${d.decidedBy}`,
        )
      : p.state === 'PUBLISHED' && bureau()
        ? smallForm(
            `decide-${o.id}`,
            '处理异议 Decide',
            [
              field('结果', 'Outcome', select('outcome', { REJECTED: '驳回 Rejected', UPHELD: '成立 Upheld' })),
              field('新等级', 'New grade (upheld)', select('grade', { '': '—', A: 'A', B: 'B', C: 'C', D: 'D' })),
              field('理由', 'Reason', textarea('reason')),
            ],
            '决定 Decide',
            async (f) => {
              await post(`${API}/objections/${o.id}/decision`, {
                outcome: f.outcome.value,
                grade: f.outcome.value === 'UPHELD' ? f.grade.value : null,
                reason: f.reason.value,
              });
              await refresh();
            },
          )
        : h('div', { className: 'eff-hint' }, '待处理 Undecided'),
  );
}

function objectionForm(g, p, refresh) {
  return smallForm(
    'objection-form',
    '记录异议 Record an objection',
    [
      field('异议人', 'Objector', input('objector')),
      field('理由', 'Grounds', textarea('grounds')),
      field('证据', 'Evidence (reference)', h('input', { name: 'evidence', type: 'text' })),
      field('提出日期', 'Lodged on', input('lodgedOn', 'date', today())),
    ],
    '记录 Record',
    async (f) => {
      await post(`${API}/publications/${p.id}/objections`, {
        creditCode: g.creditCode,
        objector: f.objector.value,
        grounds: f.grounds.value,
        evidence: f.evidence.value,
        lodgedOn: f.lodgedOn.value,
      });
      await refresh();
    },
  );
}

function openCaseForm(g, p, refresh) {
  const kind = g.grade === 'C' ? CASE_KINDS.IMPROVEMENT : CASE_KINDS.EXIT;
  return smallForm(
    'open-case-form',
    `立案 Open a case: ${kind}`,
    [field('方案', 'Plan', textarea('plan')), field('期限', 'Deadline', input('deadline', 'date'))],
    '立案 Open',
    async (f) => {
      await post(`${API}/cases`, {
        publicationId: p.id,
        creditCode: g.creditCode,
        plan: f.plan.value,
        deadline: f.deadline.value,
      });
      await refresh();
    },
  );
}

function caseView(full, refresh) {
  const c = full.gradeCase;
  const closed = ['IMPROVED', 'EXITED', 'CLOSED'].includes(c.status);
  return h(
    'div',
    { className: 'eff-case', id: 'case-view', dataset: { caseId: c.id, status: c.status } },
    h('p', {}, `${CASE_KINDS[c.kind]}（${c.grade}）· `, h('strong', { id: 'case-status' }, CASE_STATUSES[c.status]), ` · 期限 deadline ${c.deadline}`),
    h('p', {}, `方案 Plan：${c.plan}`),
    c.outcomeReason ? h('p', {}, `结果 Outcome：${c.outcomeReason}（${c.closedBy}）`) : null,
    h(
      'ol',
      { className: 'eff-follow-ups' },
      ...full.followUps.map((f) => h('li', {}, `${f.happenedOn} · ${f.note} · ${f.recordedBy}`)),
    ),
    !closed && bureau()
      ? smallForm(
          'follow-up-form',
          '跟进 Follow-up',
          [field('日期', 'On', input('happenedOn', 'date', today())), field('情况', 'Note', textarea('note'))],
          '记录 Record',
          async (f) => {
            await post(`${API}/cases/${c.id}/follow-ups`, { happenedOn: f.happenedOn.value, note: f.note.value });
            await refresh();
          },
        )
      : null,
    !closed && bureau()
      ? smallForm(
          'outcome-form',
          '办结 Close',
          [field('结果', 'Outcome', select('outcome', OUTCOMES)), field('理由', 'Reason', textarea('reason'))],
          '办结 Close',
          async (f) => {
            await post(`${API}/cases/${c.id}/outcome`, { outcome: f.outcome.value, reason: f.reason.value });
            await refresh();
          },
        )
      : null,
  );
}
