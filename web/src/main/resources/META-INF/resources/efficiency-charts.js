// The planner's charts (efficiency.js): distribution, ranking, trend and how grades moved.

import { INDICATORS, both, chart, indicatorValue, trendOption } from './efficiency-common.js';
import { h } from './dom.js';
import { API, form, request, state } from './efficiency-page.js';

// ---------------------------------------------------------------------------------------------
// Charts: distribution (5), ranking (1), trend (6)

export async function loadCharts() {
  const key = document.getElementById('chart-indicator').value;
  const year = form.elements.year.value;
  const district = form.elements.district.value;
  const cluster = form.elements.cluster.value;
  const label = both(INDICATORS[key].label);
  const unit = INDICATORS[key].unit;

  const distribution = new URLSearchParams({
    level: document.getElementById('distribution-level').value,
    indicator: key,
    bins: '20',
  });
  if (year) distribution.set('year', year);
  if (district) distribution.set('district', district);
  if (cluster) distribution.set('cluster', cluster);
  const rankingLevel = document.getElementById('ranking-level').value;
  const ranking = new URLSearchParams({ level: rankingLevel });
  if (year) ranking.set('year', year);
  if (rankingLevel === 'cluster' && district) ranking.set('district', district);

  const trends = [{ level: 'city', code: '', name: '全市 City' }];
  if (district) {
    const d = state.districts.find((x) => x.code === district);
    trends.push({ level: 'district', code: district, name: d ? `${d.name} ${d.nameEn}` : district });
  }
  if (cluster) {
    const c = state.clusters.find((x) => String(x.id) === cluster);
    trends.push({ level: 'cluster', code: cluster, name: c ? c.name : cluster });
  }

  const shown = (id, promise, render) =>
    promise.then(render).catch((error) => {
      chart(id).clear();
      chart(id).setOption({ title: { text: error.message, left: 'center', top: 'middle', textStyle: { fontSize: 12, color: '#c62828' } } });
    });

  await Promise.all([
    shown('chart-distribution', request(`${API}/distribution?${distribution}`), (d) =>
      chart('chart-distribution').setOption(
        {
          animation: false,
          tooltip: { trigger: 'axis' },
          grid: { left: 50, right: 16, top: 30, bottom: 56 },
          xAxis: {
            type: 'category',
            name: unit,
            data: d.bins.map((b) => `${indicatorValue(key, b.from)}–${indicatorValue(key, b.to)}`),
            axisLabel: { rotate: 45, fontSize: 10 },
          },
          yAxis: { type: 'value', name: '数量 count' },
          series: [{ name: label, type: 'bar', data: d.bins.map((b) => b.count), itemStyle: { color: '#2c7fb8' } }],
        },
        true,
      ),
    ),
    shown('chart-ranking', request(`${API}?${ranking}`), (r) => {
      const units = [...r.units]
        .filter((u) => u[key] !== null && u[key] !== undefined)
        .sort((a, b) => b[key] - a[key])
        .slice(0, 30);
      chart('chart-ranking').setOption(
        {
          animation: false,
          tooltip: { trigger: 'axis', valueFormatter: (v) => indicatorValue(key, v) },
          grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
          xAxis: { type: 'value', name: unit },
          yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name), axisLabel: { fontSize: 10 } },
          series: [
            {
              name: label,
              type: 'bar',
              data: units.map((u) => (INDICATORS[key].percent ? u[key] : u[key])),
              itemStyle: { color: '#41b6c4' },
            },
          ],
        },
        true,
      );
    }),
    loadGradeChanges(year, district, cluster),
    shown(
      'chart-trend',
      Promise.all(
        trends.map((t) =>
          request(`${API}/trend?${new URLSearchParams({ level: t.level, indicator: key, ...(t.code ? { code: t.code } : {}) })}`).then(
            (answer) => ({ name: t.name, points: answer.points }),
          ),
        ),
      ),
      (series) => chart('chart-trend').setOption(trendOption(series, key), true),
    ),
  ]);
  document.getElementById('charts-panel').dataset.loaded = key;
}

/** How the enterprises' grades moved from the previous year: a matrix, and how many went up or down. */
async function loadGradeChanges(year, district, cluster) {
  const box = document.getElementById('grade-changes');
  const params = new URLSearchParams({ subject: 'enterprise' });
  if (year) params.set('year', year);
  if (district) params.set('district', district);
  if (cluster) params.set('cluster', cluster);
  let answer;
  try {
    answer = await request(`${API}/grade-changes?${params}`);
  } catch (error) {
    box.textContent = error.message;
    return;
  }
  const grades = ['A', 'B', 'C', 'D', null];
  const name = (g) => (g === null ? '—' : g);
  const count = (from, to) =>
    answer.changes.find((c) => c.from === from && c.to === to)?.subjects ?? 0;
  const th = (scope, text) => h('th', { scope }, text);
  const rows = grades.map((from) =>
    h(
      'tr',
      {},
      th('row', name(from)),
      ...grades.map((to) => {
        const n = count(from, to);
        const cls = from && to ? (from < to ? 'down' : from > to ? 'up' : 'same') : '';
        return h('td', { className: cls }, n ? n.toLocaleString() : '');
      }),
    ),
  );
  box.replaceChildren(
    h(
      'table',
      { className: 'eff-table' },
      h('caption', {}, `${answer.previousYear} ↓ · ${answer.year} →`),
      h('thead', {}, h('tr', {}, h('th'), ...grades.map((g) => th('col', name(g))))),
      h('tbody', {}, ...rows),
    ),
    h(
      'p',
      {},
      h('span', { className: 'up' }, `↑ ${answer.up.toLocaleString()}`),
      ' · ',
      h('span', { className: 'down' }, `↓ ${answer.down.toLocaleString()}`),
      ` · = ${answer.same.toLocaleString()} · 新评 new ${answer.graded.toLocaleString()}` +
        ` · 不再评 no longer ${answer.noLongerGraded.toLocaleString()}`,
    ),
  );
  box.dataset.up = String(answer.up);
  box.dataset.down = String(answer.down);
}
