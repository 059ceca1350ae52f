// The planner's query form (efficiency.js): its fields, the years, places and industries to choose
// from, and the links to the printable summaries.

import { BREACH_KINDS, GRADES, INDICATORS, INDICATOR_KEYS, both } from './efficiency-common.js';
import { colourBadge, h } from './dom.js';
import { API, form, request, state } from './efficiency-page.js';
import { renderHead } from './efficiency-results.js';

// ---------------------------------------------------------------------------------------------
// The form

export function option(value, text) {
  return h('option', { value }, text);
}

export function buildForm() {
  const thresholds = document.getElementById('thresholds');
  for (const key of INDICATOR_KEYS) {
    const { label, unit, percent } = INDICATORS[key];
    const input = (bound) =>
      h('input', {
        type: 'number',
        step: 'any',
        name: `${bound}.${key}`,
        placeholder: percent ? '%' : unit,
        ariaLabel: `${label[0]} ${bound}`,
      });
    thresholds.append(
      h('tr', {}, h('th', { title: `${label[1]} (${unit})` }, label[0], h('span', { className: 'en' }, ` ${unit}`)), h('td', {}, input('min')), h('td', {}, input('max'))),
    );
  }
  const grades = document.getElementById('grades');
  for (const grade of ['A', 'B', 'C', 'D']) {
    grades.append(
      h(
        'label',
        { className: 'eff-grade-choice' },
        h('input', { type: 'checkbox', name: 'grade', value: grade }),
        h('span', { className: 'eff-grade', style: colourBadge(GRADES[grade].colour) }, grade),
      ),
    );
  }
  const breach = document.getElementById('breach');
  const breachKind = document.getElementById('breach-kind');
  for (const [kind, { label }] of Object.entries(BREACH_KINDS)) {
    breach.append(option(kind, both(label)));
    breachKind.append(option(kind, both(label)));
  }
  const sort = document.getElementById('sort');
  sort.append(option('code', '宗地编码 Parcel code'), option('areaMu', '面积 Area'));
  for (const key of INDICATOR_KEYS) sort.append(option(key, both(INDICATORS[key].label)));
  sort.value = 'taxPerMu';
  for (const id of ['choropleth-indicator', 'chart-indicator']) {
    const select = document.getElementById(id);
    for (const key of INDICATOR_KEYS) select.append(option(key, both(INDICATORS[key].label)));
  }
  renderHead();
}

/** Clusters of the chosen district (all when none), and its towns. */
export function fillPlaces() {
  const district = form.elements.district.value;
  const cluster = document.getElementById('cluster');
  const keep = cluster.value;
  cluster.replaceChildren(
    option('', '全部 All'),
    ...state.clusters
      .filter((c) => !district || c.districts.includes(district))
      .map((c) => option(String(c.id), `${c.name}`)),
  );
  cluster.value = [...cluster.options].some((o) => o.value === keep) ? keep : '';
  const town = document.getElementById('town');
  const keepTown = town.value;
  town.replaceChildren(
    option('', '全部 All'),
    ...(state.towns ?? [])
      .filter((t) => !district || t.code.startsWith(district))
      .map((t) => option(t.code, t.name)),
  );
  town.value = [...town.options].some((o) => o.value === keepTown) ? keepTown : '';
}

export async function loadYears() {
  const trend = await request(`${API}/trend?level=city&indicator=taxPerMu`);
  const years = trend.points.map((p) => p.year).sort((a, b) => b - a);
  const select = form.elements.year;
  const keep = select.value;
  select.replaceChildren(...years.map((y) => option(String(y), `${y}`)));
  if (!years.length) select.append(option('', '无数据 No data'));
  const wanted = new URLSearchParams(window.location.search).get('year');
  select.value = [keep, wanted].find((y) => y && years.includes(Number(y))) ?? String(years[0] ?? '');
  document.getElementById('import-form').elements.year.value = String((years[0] ?? new Date().getFullYear() - 1) + 1);
}

export async function loadUnits() {
  const year = form.elements.year.value;
  const [towns, industries] = await Promise.all([
    request(`${API}?level=town${year ? `&year=${year}` : ''}`),
    request(`${API}?level=industry${year ? `&year=${year}` : ''}`),
  ]);
  state.towns = towns.units;
  fillPlaces();
  const industry = document.getElementById('industry');
  const keep = industry.value;
  industry.replaceChildren(option('', '全部 All'), ...industries.units.map((u) => option(u.code, `${u.code} ${u.name}`)));
  industry.value = keep;
}

export function summaryLinks() {
  const year = form.elements.year.value;
  const link = (level, code, text) =>
    h('li', {}, h('a', { href: `efficiency-summary.html?level=${level}&code=${encodeURIComponent(code)}${year ? `&year=${year}` : ''}`, target: '_blank', rel: 'noopener', dataset: { level, code } }, text));
  document.getElementById('summary-districts').replaceChildren(...state.districts.map((d) => link('district', d.code, `${d.name} ${d.nameEn}`)));
  document.getElementById('summary-clusters').replaceChildren(...state.clusters.map((c) => link('cluster', String(c.id), c.name)));
}
