// Major industrial projects 重大产业项目 on the reserve page (GET /api/reserve/projects): each with its
// land demand against the reserve kept for it now (assigned, of which READY and supplied; what is
// still missing). Choosing a project outlines its pieces on the pieces map and lists them; the
// bureau assigns a piece from its row in the pieces table (POST /api/reserve/projects/{id}/pieces,
// a piece of the project's district not yet supplied) and releases one from the project's list
// (DELETE …/pieces/{pieceId}); the database refuses what breaks its rules (one project per piece,
// a supplied piece stays with its project) and the page shows why.
//
// For tests: <body data-project="id"> the project chosen, data-project-pieces its pieces drawn,
// data-projects-loaded how many times the list was loaded.

/* global L */

import { get, post, del, problemBox } from './api.js';
import { h } from './dom.js';
import { fixed } from './format.js';

const fmt = (mu) => fixed(mu, 2);
const ASSIGNABLE = new Set(['ACQUIRED', 'PREPARING', 'READY']);
const OUTLINE = { color: '#d81b60', weight: 3, dashArray: '6 4', fill: false, className: 'project-piece' };

let context = null; // { map, user: () => account, changed: () => Promise }
let projects = [];
let chosen = null; // { project, pieces }
let outline = null;

const mayAssign = () => ['BUREAU', 'ADMIN'].includes(context?.user()?.role);

/** The section's list and controls; map: the pieces map; user(): the account; changed(): reload the pieces. */
export function setUpProjects(map, user, changed) {
  context = { map, user, changed };
}

export async function loadProjects() {
  const section = document.getElementById('projects');
  const body = document.getElementById('projects-body');
  if (!context.user()) {
    projects = [];
    chosen = null;
    outline?.remove();
    body.replaceChildren();
    document.getElementById('project-detail').replaceChildren();
    document.getElementById('projects-hint').textContent = '登录后查看重大产业项目 Log in to see the major projects';
    return;
  }
  document.getElementById('projects-hint').textContent =
    context.user().role === 'DISTRICT' ? '本区的项目 Your district’s projects' : '';
  projects = await get('/api/reserve/projects?limit=200');
  body.replaceChildren(
    ...projects.map((p) =>
      h(
        'tr',
        { dataset: { id: String(p.id), code: p.code }, className: chosen?.project.id === p.id ? 'shown' : '' },
        h('td', {}, p.code),
        h('td', {}, p.name, p.creditCode ? h('div', { className: 'en' }, p.investor) : null),
        h('td', {}, p.districtName),
        h('td', {}, p.levelLabel),
        h('td', {}, p.statusLabel),
        h('td', { className: 'num' }, fmt(p.landDemandMu)),
        h('td', { className: 'num assigned' }, fmt(p.assignedMu)),
        h('td', { className: 'num' }, fmt(p.readyMu)),
        h('td', { className: `num remaining${p.remainingMu > 0 ? ' short' : ''}` }, fmt(p.remainingMu)),
        h('td', {}, chooseButton(p)),
      ),
    ),
  );
  section.dataset.count = String(projects.length);
  if (chosen && projects.some((p) => p.id === chosen.project.id)) await choose(chosen.project.id, { fit: false });
  document.body.dataset.projectsLoaded = String(Number(document.body.dataset.projectsLoaded ?? 0) + 1);
}

function chooseButton(p) {
  const b = h('button', { type: 'button', className: 'piece-action choose-project' }, '地块 Pieces');
  b.addEventListener('click', () => choose(p.id).catch(showProblem));
  return b;
}

/** A project's pieces: listed, outlined on the map (fitted), and the pieces table offers to assign. */
async function choose(id, { fit = true } = {}) {
  chosen = await get(`/api/reserve/projects/${id}?geometry=true`);
  const p = chosen.project;
  outline?.remove();
  outline = L.featureGroup().addTo(context.map);
  for (const piece of chosen.pieces) {
    const layer = L.geoJSON(piece.geometry, { style: OUTLINE });
    layer.bindTooltip(h('span', {}, `${p.code} · ${piece.code} ${piece.name} · ${fmt(piece.areaMu)} 亩`));
    outline.addLayer(layer);
  }
  if (fit && chosen.pieces.length) {
    context.map.fitBounds(outline.getBounds(), { padding: [20, 20], maxZoom: 15 });
  }
  for (const row of document.querySelectorAll('#projects-body tr')) {
    row.classList.toggle('shown', row.dataset.id === String(id));
  }
  document.getElementById('project-detail').replaceChildren(
    h(
      'h3',
      {},
      `${p.code} ${p.name}`,
      ' ',
      h(
        'span',
        { className: 'en' },
        `用地需求 demand ${fmt(p.landDemandMu)} 亩 · 已安排 assigned ${fmt(p.assignedMu)} 亩 · ` +
          (p.remainingMu > 0 ? `尚缺 short ${fmt(p.remainingMu)} 亩` : `超出 over ${fmt(-p.remainingMu)} 亩`),
      ),
    ),
    chosen.pieces.length
      ? h(
          'ul',
          { className: 'project-pieces' },
          ...chosen.pieces.map((piece) =>
            h(
              'li',
              { dataset: { id: String(piece.id) } },
              `${piece.code} ${piece.name} · ${piece.stageLabel} · ${fmt(piece.areaMu)} 亩 · ` +
                (piece.suppliedOn ? `${piece.suppliedOn} 供地 supplied` : `${piece.assignedOn} 安排 assigned`),
              ' ',
              mayAssign() && !piece.suppliedOn ? releaseButton(p, piece) : null,
            ),
          ),
        )
      : h('p', { className: 'en' }, '尚未安排储备用地 No reserve land assigned yet'),
    mayAssign()
      ? h('p', { className: 'en' }, `在下方储备地块表中点“安排给 ${p.code}”安排本区地块 Assign a piece of ${p.districtName} from the table below`)
      : null,
  );
  document.body.dataset.project = String(id);
  document.body.dataset.projectPieces = String(chosen.pieces.length);
  await context.changed();
  outline.bringToFront();
}

function releaseButton(project, piece) {
  const b = h('button', { type: 'button', className: 'piece-action back release-piece' }, '解除 Release');
  b.addEventListener('click', () =>
    del(`/api/reserve/projects/${project.id}/pieces/${piece.id}`)
      .then(() => loadProjects())
      .catch(showProblem),
  );
  return b;
}

/** The button of a row of the pieces table that assigns the piece to the chosen project (or null). */
export function assignButton(piece) {
  const p = chosen?.project;
  if (!p || !mayAssign() || piece.projectId || !ASSIGNABLE.has(piece.stage) || piece.districtCode !== p.districtCode) {
    return null;
  }
  const b = h('button', { type: 'button', className: 'piece-action assign-piece' }, `安排给 ${p.code}`);
  b.addEventListener('click', () =>
    post(`/api/reserve/projects/${p.id}/pieces`, { pieceId: piece.id })
      .then(() => loadProjects())
      .catch(showProblem),
  );
  return b;
}

function showProblem(error) {
  const box = document.getElementById('project-problem');
  box.replaceChildren(problemBox(error));
  box.hidden = false;
  setTimeout(() => {
    box.hidden = true;
  }, 10000);
}
