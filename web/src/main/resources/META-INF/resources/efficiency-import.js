// The import of a year's indicators on the planner's page (efficiency.js; bureau and admin).

import { ApiError, csrfToken, ensureCsrf, problemBox } from './api.js';
import { fmt } from './efficiency-common.js';
import { h } from './dom.js';
import { API } from './efficiency-page.js';
import { loadYears } from './efficiency-form.js';
import { runQuery } from './efficiency-results.js';

// ---------------------------------------------------------------------------------------------
// Import of a year's indicators (BUREAU/ADMIN): upload, validation report, commit or discard

async function sendImport(method, url, body) {
  await ensureCsrf();
  const response = await fetch(url, {
    method,
    body,
    headers: { 'X-XSRF-TOKEN': csrfToken() ?? '', 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json, url);
  return json;
}

function showImport(report) {
  const box = document.getElementById('import-report');
  const errors = report.errors ?? [];
  const commit = h('button', { type: 'button', className: 'button commit', id: 'import-commit', disabled: errors.length > 0 }, '提交 Commit');
  const discard = h('button', { type: 'button', className: 'button danger', id: 'import-discard' }, '放弃 Discard');
  const message = h('div', { className: 'eff-import-message', role: 'status' });
  commit.addEventListener('click', async () => {
    commit.disabled = true;
    try {
      await sendImport('POST', `${API}/imports/${report.id}/commit`);
      message.replaceChildren(`已提交 ${report.year} 年度数据 Committed the figures of ${report.year}`);
      box.dataset.state = 'committed';
      discard.disabled = true;
      await loadYears();
      runQuery(0);
    } catch (error) {
      message.replaceChildren(problemBox(error));
      commit.disabled = false;
    }
  });
  discard.addEventListener('click', async () => {
    try {
      await sendImport('DELETE', `${API}/imports/${report.id}`);
      box.replaceChildren(h('p', {}, '已放弃 Discarded'));
      box.dataset.state = 'discarded';
    } catch (error) {
      message.replaceChildren(problemBox(error));
    }
  });
  // the data check's flag of negative tax (refunds) is shown as a warning of its own, below
  const listed = report.summary && typeof report.summary === 'object'
    ? Object.entries(report.summary).filter(([k]) => k !== 'negativeTaxRows' && k !== 'negativeTaxNote')
    : [];
  const summary = report.summary && typeof report.summary === 'object'
    ? h('ul', { className: 'eff-import-summary' }, ...listed.map(([k, v]) => h('li', {}, `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)))
    : report.summary
      ? h('p', {}, String(report.summary))
      : null;
  box.dataset.state = errors.length ? 'invalid' : 'valid';
  box.replaceChildren(
    h(
      'p',
      { className: 'eff-import-head' },
      `导入 #${report.id} · ${report.fileName ?? ''} · ${report.year} 年 · ${fmt(report.rows)} 行 rows · ` +
        (typeof report.valid === 'boolean'
          ? report.valid
            ? '校验通过 valid'
            : '有错误 has errors'
          : `${fmt(report.valid)} 行有效 valid`) +
        ` · ${fmt(errors.length)} 处错误 errors` +
        (report.status ? ` · ${report.status}` : ''),
    ),
    summary,
    negativeTax(report.summary),
    errors.length
      ? h(
          'div',
          { className: 'eff-table-wrap eff-import-errors' },
          h(
            'table',
            { className: 'eff-table' },
            h('thead', {}, h('tr', {}, h('th', {}, '行 Row'), h('th', {}, '列 Column'), h('th', {}, '问题 Problem'))),
            h(
              'tbody',
              {},
              ...errors.map((e) => h('tr', {}, h('td', { className: 'num' }, String(e.row)), h('td', {}, e.column ?? '—'), h('td', {}, e.message))),
            ),
          ),
        )
      : h('p', {}, '校验通过，可以提交 Valid: ready to commit'),
    h('div', { className: 'button-row' }, commit, discard),
    message,
  );
}

/** The rows whose tax is negative (refunds 退税): what the data check says of them, and which. */
function negativeTax(summary) {
  if (!summary?.negativeTax) return null;
  const rows = summary.negativeTaxRows ?? [];
  const more = summary.negativeTax - rows.length;
  return h(
    'div',
    { className: 'eff-import-warning', id: 'import-negative-tax', role: 'note' },
    h('p', {}, `${fmt(summary.negativeTax)} 家企业税收为负（退税）${fmt(summary.negativeTax)} with negative tax (refunds)：`, summary.negativeTaxNote ?? ''),
    h(
      'ul',
      {},
      ...rows.map((r) => h('li', {}, `第 ${r.row} 行 row ${r.row} · ${r.creditCode} · ${fmt(r.tax10kCny, 2)} 万元`)),
      more > 0 ? h('li', {}, `另 ${fmt(more)} 家 ${fmt(more)} more`) : null,
    ),
  );
}

export function setUpImport() {
  const importForm = document.getElementById('import-form');
  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = document.getElementById('import-report');
    const data = new FormData();
    data.set('year', importForm.elements.year.value);
    data.set('file', importForm.elements.file.files[0]);
    box.replaceChildren(h('p', {}, '校验中… Validating…'));
    try {
      showImport(await sendImport('POST', `${API}/imports`, data));
    } catch (error) {
      box.replaceChildren(problemBox(error));
      box.dataset.state = 'error';
    }
  });
}
