// 坐标录入: a shape from survey coordinates (勘测定界) — a pasted list, the ministry's 界址点坐标 txt
// file, or a DXF drawing — read by the server (POST /api/geometry/parse?crs=) into a shape in
// CGCS2000 that becomes the working shape: a new feature, or the selected feature's new shape. It
// then goes to the draft like a drawn one (the same rules, the same preview).

import { ApiError, api } from '../api.js';
import { button, h } from '../dom.js';
import { boundsOf, latLngsOf } from '../geo.js';
import { readValues, renderForm } from './form.js';
import { setMode } from './modes.js';
import { makeWorking, startNew } from './shape.js';
import { layerName } from './state.js';
import { say } from './status.js';

const CRS = [
  ['EPSG:4547', 'CGCS2000 / 3° 38 带 (114°E) EPSG:4547'],
  ['EPSG:4546', 'CGCS2000 / 3° 37 带 (111°E) EPSG:4546'],
  ['EPSG:4490', 'CGCS2000 经纬度 lat/lon EPSG:4490'],
];

/** The box's controls, in ui.coordsBox (built once by the panel). */
export function createCoordsBox() {
  const crs = h('select', { id: 'coords-crs', name: 'crs' });
  for (const [value, label] of CRS) crs.append(h('option', { value }, label));
  const text = h('textarea', {
    id: 'coords-text',
    name: 'coordinates',
    rows: 6,
    placeholder: '点号,X(北),Y(东) 每行一点，例：\nJ1,2547180.125,38407702.340\nJ2,2547178.560,38407948.910',
  });
  const file = h('input', { id: 'coords-file', type: 'file', name: 'file' });
  file.setAttribute('accept', '.txt,.dxf,text/plain');
  const box = {
    crs,
    text,
    file,
    target: h('div', { id: 'coords-target', className: 'coords-target' }),
    error: h('div', { id: 'coords-error', className: 'coords-error', role: 'alert' }),
    read: button('coords-read', '读取坐标', 'Read', 'primary small'),
    close: button('coords-close', '关闭', 'Close', 'small'),
  };
  box.element = h(
    'div',
    { id: 'coords-box', className: 'coords-box', hidden: true },
    h('div', { className: 'coords-title' }, '坐标录入 ', h('span', { className: 'en' }, 'Survey coordinates')),
    box.target,
    h('label', { className: 'stacked', htmlFor: 'coords-crs' }, h('span', {}, '坐标系 ', h('span', { className: 'en' }, 'CRS')), crs),
    h(
      'label',
      { className: 'stacked', htmlFor: 'coords-text' },
      h('span', {}, '粘贴坐标 ', h('span', { className: 'en' }, 'Paste: point, X northing, Y easting')),
      text,
    ),
    h(
      'label',
      { className: 'stacked', htmlFor: 'coords-file' },
      h('span', {}, '或选择文件 ', h('span', { className: 'en' }, 'or a file: 界址点坐标 .txt, .dxf')),
      file,
    ),
    box.error,
    h('div', { className: 'button-row' }, box.read, box.close),
  );
  return box;
}

/** Opens (or closes) the box, saying whether it makes a new feature or replaces the selected one's shape. */
export function toggleCoords(ed) {
  const box = ed.ui.coords;
  if (!box.element.hidden) {
    closeCoords(ed);
    return;
  }
  setMode(ed, null);
  box.element.hidden = false;
  box.error.replaceChildren();
  renderTarget(ed);
  ed.ui.toolButtons.get('coords').setAttribute('aria-pressed', 'true');
  box.text.focus();
}

export function closeCoords(ed) {
  const box = ed.ui.coords;
  box.element.hidden = true;
  ed.ui.toolButtons.get('coords')?.setAttribute('aria-pressed', 'false');
}

function renderTarget(ed) {
  const box = ed.ui.coords;
  const code = ed.feature?.properties?.code;
  box.target.textContent =
    ed.action === 'update' && ed.selected
      ? `将替换所选${layerName(ed, ed.selected.layer)} ${code ?? `#${ed.selected.id}`} 的形状 Replaces the selected feature's shape`
      : `将新建${layerName(ed, ed.layer)} Makes a new feature`;
}

/** The body to send: the chosen file (typed by its extension) or the pasted text. */
function body(box) {
  const file = box.file.files?.[0];
  if (file) {
    const dxf = /\.dxf$/i.test(file.name);
    return new Blob([file], { type: dxf ? 'application/dxf' : 'text/plain' });
  }
  const text = box.text.value.trim();
  return text ? new Blob([text], { type: 'text/plain;charset=UTF-8' }) : null;
}

/** Reads the coordinates on the server and makes the shape the working one. */
export async function readCoords(ed) {
  const box = ed.ui.coords;
  const payload = body(box);
  box.error.replaceChildren();
  if (!payload) {
    box.error.textContent = '请粘贴坐标或选择文件 Paste coordinates or choose a file';
    return;
  }
  box.read.disabled = true;
  try {
    const answer = await api('POST', `/api/geometry/parse?crs=${encodeURIComponent(box.crs.value)}`, payload);
    useShape(ed, answer.geometry);
    closeCoords(ed);
    box.text.value = '';
    box.file.value = '';
    say(
      ed,
      `已读取 ${answer.points} 个点、${answer.rings} 个环：填写属性后保存到草稿。 Read ${answer.points} points in ${answer.rings} rings: fill in the attributes and save to the draft.`,
      'ok',
    );
  } catch (error) {
    const p = error instanceof ApiError ? error.problem : null;
    box.error.replaceChildren(
      h('b', {}, p?.line ? `第 ${p.line} 行 Line ${p.line}: ` : ''),
      p?.detail ?? error.message,
    );
  } finally {
    box.read.disabled = false;
  }
}

/** The shape read: the selected feature's new shape (its form kept), or a new feature's. */
function useShape(ed, geometry) {
  const latlngs = latLngsOf(geometry);
  if (ed.action === 'update' && ed.selected) {
    const values = readValues(ed, false);
    const keep = { feature: ed.feature, selected: ed.selected, action: ed.action };
    makeWorking(ed, latlngs);
    Object.assign(ed, keep, { geometryChanged: true });
    renderForm(ed, ed.feature?.properties ?? {}, values);
    setMode(ed, 'vertices');
  } else {
    startNew(ed, latlngs);
  }
  const bounds = boundsOf(geometry);
  if (bounds.isValid()) ed.ctx.state.fitBounds(bounds, 18);
}
