// 参考图层 Reference layers, for the bureau: the layers loaded from files (GET
// /api/reference-layers) with their provenance; a new one loaded from a file (POST, multipart),
// renamed (PATCH) or deleted (DELETE). Everything from the data is put in the page as text
// (dom.js).

import { api, ApiError, del, get } from './api.js';
import { h } from './dom.js';
import { foshanTime } from './format.js';
import { commitsRole } from './session.js';
import { setUpPageHeader } from './page-header.js';

const body = document.getElementById('reference-body');
const message = document.getElementById('reference-message');
const form = document.getElementById('reference-upload');
let canChange = false;

function say(text) {
  message.textContent = text;
}

function problem(error) {
  return error instanceof ApiError ? error.message : `出错了 Error — ${error.message}`;
}

function row(layer) {
  const name = h('span', { className: 'reference-name' }, layer.name);
  const actions = h('td', {});
  if (canChange) {
    const rename = h('button', { type: 'button', className: 'header-button' }, '改名 Rename');
    rename.addEventListener('click', () => startRename(layer, name, rename));
    const remove = h('button', { type: 'button', className: 'header-button' }, '删除 Delete');
    remove.addEventListener('click', async () => {
      if (!window.confirm(`删除参考图层“${layer.name}”？Delete the reference layer?`)) return;
      try {
        await del(`/api/reference-layers/${layer.id}`);
        say(`已删除 Deleted: ${layer.name}`);
        await refresh();
      } catch (error) {
        say(problem(error));
      }
    });
    actions.append(rename, ' ', remove);
  }
  return h(
    'tr',
    { dataset: { id: String(layer.id) } },
    h('td', {}, name),
    h('td', { title: layer.fileLayer ?? '' }, layer.fileName),
    h('td', {}, layer.crs),
    h('td', { className: 'num' }, layer.featureCount),
    h('td', {}, layer.sourceNote ?? ''),
    h('td', {}, `${layer.createdBy} · ${foshanTime(layer.createdAt)}`),
    h('td', { className: 'detail', title: layer.sha256 }, layer.sha256.slice(0, 12)),
    actions,
  );
}

function startRename(layer, name, button) {
  const input = h('input', { value: layer.name, maxLength: 100, 'aria-label': '新名称 New name' });
  const save = h('button', { type: 'button', className: 'button primary' }, '保存 Save');
  save.addEventListener('click', async () => {
    try {
      await api('PATCH', `/api/reference-layers/${layer.id}`, { name: input.value });
      say(`已改名 Renamed: ${input.value}`);
      await refresh();
    } catch (error) {
      say(problem(error));
    }
  });
  name.replaceChildren(input, ' ', save);
  button.hidden = true;
}

async function refresh() {
  try {
    const layers = await get('/api/reference-layers');
    body.replaceChildren(...layers.map(row));
    if (!layers.length) say('还没有参考图层 No reference layers yet');
  } catch (error) {
    body.replaceChildren();
    say(problem(error));
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData();
  for (const field of ['file', 'name', 'sourceNote', 'crs', 'encoding']) {
    const element = form.elements[field];
    const value = field === 'file' ? element.files[0] : element.value.trim();
    if (value) data.append(field, value);
  }
  say('导入中… Loading…');
  try {
    const layer = await api('POST', '/api/reference-layers', data);
    say(`已导入 Loaded: ${layer.name} · ${layer.featureCount} 个要素 features · ${layer.crs}`);
    form.reset();
    await refresh();
  } catch (error) {
    say(problem(error));
  }
});

const session = setUpPageHeader();
session.onChange((user) => {
  canChange = commitsRole(user?.role);
  form.hidden = !canChange;
  refresh();
});
session.refresh();
