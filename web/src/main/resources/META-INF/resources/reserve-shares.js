// The districts' shares of the 17,000-mu reserve (GET/PUT/DELETE /api/reserve/shares, V65): a
// line under the district chart says how the shares are made — in proportion to the red-line
// minimums (an assumption, the default) or set by the bureau (文号, who, when) — and the bureau
// (and the administrator) sets a whole split in a dialog: one share per district, their total
// against the target as it is typed, a reason and a 文号, sent with the setting's ETag; or goes
// back to the proportional split. The database holds the rules (every district, a total of at
// least the target); a refusal is shown in the dialog as the server words it, nothing typed lost.
//
// For automated tests: #shares-note carries data-rule; the dialog's inputs are named by district
// code (share-440604, …).

import { api, problemBox } from './api.js';
import { commitsRole } from './session.js';
import { h } from './dom.js';
import { fixed, foshanTime } from './format.js';

let current = null; // {shares, etag}
let userOf = () => null;
let changed = async () => {};

const RULES = {
  PROPORTIONAL_TO_MINIMUM: '份额按各区红线下限比例分配（假定，规划未规定分区份额）Shares in proportion to the red-line minimums (an assumption)',
  SET_BY_BUREAU: '份额由市局设定 Shares set by the bureau',
};

/** Wires the dialog; `user()` answers who is logged in, `onChanged()` reloads what shows the shares. */
export function setUpShares(user, onChanged) {
  userOf = user;
  changed = onChanged;
  document.getElementById('shares-form').addEventListener('submit', save);
  document.getElementById('shares-reset').addEventListener('click', reset);
  document.getElementById('shares-cancel').addEventListener('click', () => document.getElementById('shares-dialog').close());
}

/** Reads the setting and writes the line under the chart (with the bureau's button). */
export async function loadShares() {
  const response = await fetch('/api/reserve/shares', { headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  current = { shares: await response.json(), etag: response.headers.get('ETag') };
  const s = current.shares;
  const note = document.getElementById('shares-note');
  note.dataset.rule = s.rule;
  const set = s.rule === 'SET_BY_BUREAU'
    ? `（${s.documentNumber ?? '无文号'} · ${s.updatedBy} · ${foshanTime(s.updatedAt)}）`
    : '';
  const user = userOf();
  note.replaceChildren(
    `${RULES[s.rule] ?? s.rule}${set} `,
    user && commitsRole(user.role)
      ? h('button', { type: 'button', id: 'shares-edit', className: 'header-button light' }, '设定份额 Set shares')
      : '',
  );
  document.getElementById('shares-edit')?.addEventListener('click', open);
}

function open() {
  const s = current.shares;
  document.getElementById('shares-what').textContent =
    `全市目标 ${fixed(s.targetMu, 2)} 亩：各区份额合计不少于目标，每区都要设定 ` +
    'The city target: every district gets a share, together at least the target';
  const inputs = s.districts.map((d) =>
    h('input', { name: `share-${d.code}`, type: 'number', min: 0, step: '0.01', required: true, value: String(d.shareMu) }),
  );
  document.getElementById('shares-fields').replaceChildren(
    ...s.districts.map((d, i) =>
      h(
        'label',
        {},
        h('span', {}, `${d.name} `, h('span', { className: 'en' }, d.nameEn)),
        inputs[i],
        h('span', { className: 'shares-hint' }, `红线下限 ${d.minimumKm2} km² · 按比例 ${fixed(d.proportionalMu, 2)} 亩`),
      ),
    ),
  );
  const total = () => {
    const sum = inputs.reduce((a, input) => a + (Number(input.value) || 0), 0);
    const p = document.getElementById('shares-total');
    p.textContent = `合计 Total ${fixed(sum, 2)} / ${fixed(s.targetMu, 2)} 亩`;
    p.classList.toggle('short', sum < s.targetMu - 0.005);
  };
  for (const input of inputs) input.addEventListener('input', total);
  total();
  document.getElementById('shares-reset').hidden = s.rule !== 'SET_BY_BUREAU';
  document.getElementById('shares-problem').replaceChildren();
  document.getElementById('shares-dialog').showModal();
}

async function write(method, url, body) {
  const problem = document.getElementById('shares-problem');
  problem.replaceChildren();
  try {
    await api(method, url, body, { headers: { 'If-Match': current.etag } });
    document.getElementById('shares-dialog').close();
    await loadShares();
    await changed();
  } catch (error) {
    problem.replaceChildren(problemBox(error));
  }
}

async function save(event) {
  event.preventDefault();
  const f = event.target.elements;
  const shares = {};
  for (const d of current.shares.districts) shares[d.code] = Number(f[`share-${d.code}`].value);
  await write('PUT', '/api/reserve/shares', { shares, reason: f.reason.value, documentNumber: f.documentNumber.value });
}

async function reset() {
  const f = document.getElementById('shares-form').elements;
  const p = new URLSearchParams({ reason: f.reason.value, documentNumber: f.documentNumber.value });
  await write('DELETE', `/api/reserve/shares?${p}`);
}

