// 亩均效益查询, the planner's page: a query of parcels by attributes (year, thresholds on any
// indicator, industry, grade, breach kind) and by place (district, cluster, town, a polygon drawn
// with Leaflet-Geoman), sorted and paged, on the map and in a table, exported as CSV / GeoJSON /
// XLSX (GET /api/efficiency/parcels); a choropleth of any indicator by district, cluster or parcel
// (/api/efficiency/map); the breach list (/api/efficiency/breaches); charts (distribution, ranking,
// trend); links to the printable summaries; the year's publication of grades, objections, final
// list, improvement and exit cases and policy lists (efficiency-grading.js); and, for the bureau,
// the import of a year's indicators (/api/efficiency/imports) through its validation report.
//
// Efficiency figures are not public (enterprises' taxes): every request needs a login, and the page
// says so when nobody is logged in.
//
// For automated tests: window.efficiency = {map, results, breaches, choropleth, polygon()}; <body
// data-ready="true"> once the form is filled in, data-queries counting the queries answered (and
// data-query-error set when one failed); table rows carry data-parcel-id and data-code.
//
// The parts: efficiency-page.js (what they share), efficiency-map.js, efficiency-results.js,
// efficiency-breaches.js, efficiency-charts.js, efficiency-form.js, efficiency-import.js.

/* global L */

import { get } from './api.js';
import { resizeCharts } from './efficiency-common.js';
import { commitsRole } from './session.js';
import { form, session, state } from './efficiency-page.js';
import {
  breachLayer,
  choroplethLayer,
  loadChoropleth,
  map,
  renderLegend,
  resultStyle,
  resultsLayer,
  setUpDrawing,
} from './efficiency-map.js';
import { runQuery } from './efficiency-results.js';
import { loadBreaches } from './efficiency-breaches.js';
import { loadCharts } from './efficiency-charts.js';
import { loadGrades, loadGrading } from './efficiency-grading.js';
import { setUpImport } from './efficiency-import.js';
import {
  buildForm,
  fillPlaces,
  loadUnits,
  loadYears,
  option,
  summaryLinks,
} from './efficiency-form.js';

// ---------------------------------------------------------------------------------------------
// Tabs, login, start

function setUpTabs() {
  const tabs = document.querySelectorAll('.eff-tabs [role="tab"]');
  tabs.forEach((tab) =>
    tab.addEventListener('click', () => {
      state.activeTab = tab.dataset.tab;
      tabs.forEach((t) => {
        t.setAttribute('aria-selected', String(t === tab));
        document.getElementById(t.dataset.tab).hidden = t !== tab;
      });
      const breaches = state.activeTab === 'breaches-panel';
      if (breaches) {
        map.removeLayer(resultsLayer);
        breachLayer.addTo(map);
        if (state.user) loadBreaches(0);
      } else {
        map.removeLayer(breachLayer);
        resultsLayer.addTo(map);
      }
      if (state.activeTab === 'grading-panel' && state.user) loadGrading().catch(showError);
      if (state.activeTab === 'charts-panel' && state.user) {
        resizeCharts();
        loadCharts();
      }
      renderLegend();
    }),
  );
}


async function start() {
  buildForm();
  setUpDrawing();
  setUpTabs();
  setUpImport();
  document.getElementById('error-close').addEventListener('click', () => {
    document.getElementById('error-banner').hidden = true;
  });
  document.getElementById('login-required-button').addEventListener('click', () => document.getElementById('login-button').click());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    runQuery(0);
  });
  document.getElementById('reset-query').addEventListener('click', () => {
    const year = form.elements.year.value;
    form.reset();
    form.elements.year.value = year;
    form.elements.sort.value = 'taxPerMu';
    fillPlaces();
    runQuery(0);
  });
  form.elements.district.addEventListener('change', fillPlaces);
  document.getElementById('page-prev').addEventListener('click', () =>
    runQuery(Math.max(0, state.offset - Number(form.elements.limit.value))),
  );
  document.getElementById('page-next').addEventListener('click', () =>
    runQuery(state.offset + Number(form.elements.limit.value)),
  );
  document.getElementById('breach-prev').addEventListener('click', () => loadBreaches(Math.max(0, state.breachOffset - 100)));
  document.getElementById('breach-next').addEventListener('click', () => loadBreaches(state.breachOffset + 100));
  document.getElementById('breach-kind').addEventListener('change', () => loadBreaches(0));
  document.getElementById('colour-by').addEventListener('change', () => {
    resultsLayer.setStyle((f) => resultStyle(f.properties));
    renderLegend();
  });
  for (const id of ['choropleth-level', 'choropleth-indicator']) {
    document.getElementById(id).addEventListener('change', loadChoropleth);
  }
  for (const id of ['chart-indicator', 'ranking-level', 'distribution-level']) {
    document.getElementById(id).addEventListener('change', loadCharts);
  }
  map.on('moveend', () => {
    if (document.getElementById('choropleth-level').value === 'parcel') loadChoropleth();
  });
  document.getElementById('grading-grade').addEventListener('change', () => loadGrades().catch(showError));
  form.elements.year.addEventListener('change', () => {
    if (state.activeTab === 'grading-panel') loadGrading().catch(showError);
    summaryLinks();
    loadChoropleth();
  });

  const [districts, clusters] = await Promise.all([get('/api/districts'), get('/api/clusters')]);
  state.districts = districts;
  state.clusters = clusters;
  const city = districts.reduce(
    (b, d) => b.extend(L.latLngBounds([d.bbox[1], d.bbox[0]], [d.bbox[3], d.bbox[2]])),
    L.latLngBounds([]),
  );
  if (city.isValid()) map.fitBounds(city);
  document.getElementById('district').append(...districts.map((d) => option(d.code, `${d.name} ${d.nameEn}`)));
  fillPlaces();
  renderLegend(null);

  session.onChange((user) => onUser(user).catch(showError));
  await session.refresh();
  document.body.dataset.ready = 'true';
}

async function onUser(user) {
  const changed = (state.user?.username ?? null) !== (user?.username ?? null);
  state.user = user;
  document.body.classList.toggle('logged-out', !user);
  document.getElementById('login-required').hidden = Boolean(user);
  document.getElementById('import-tab').hidden = !(user && commitsRole(user.role));
  if (!user) {
    resultsLayer.clearLayers();
    breachLayer.clearLayers();
    choroplethLayer.clearLayers();
    document.getElementById('results-body').replaceChildren();
    document.getElementById('result-count').textContent = '请先登录 Log in first';
    return;
  }
  if (!changed && state.started) return;
  state.started = true;
  await loadYears();
  summaryLinks();
  await loadUnits();
  await runQuery(0);
  if (state.activeTab === 'grading-panel') await loadGrading();
}

function showError(error) {
  document.getElementById('error-text').textContent = `出错了 Error — ${error.message}`;
  document.getElementById('error-banner').hidden = false;
}

start().catch(showError);
