// Measuring on the map (测量), for everyone: a control under the zoom buttons; while it is on, each
// click on the map adds a point, the line's geodesic length and, from three points, the enclosed
// area (ellipsoidal, CGCS2000: geodesy.js) are shown in m or km, m², km² and 亩. Backspace removes
// the last point, Esc or the button ends measuring; 清除 starts again.
//
// For tests: window.redline.measure = {points: [[lon, lat]…], lengthM, areaM2}.

import { h } from './dom.js';
import { decimal } from './format.js';
import { ellipsoidalArea, geodesicLength } from './geodesy.js';

const STYLE = { color: '#d81b60', weight: 2.5, dashArray: '6 4', interactive: false };

/** A length for people: metres below 10 km, else km. */
export function lengthText(m) {
  return m < 10000 ? `${decimal(m, 2)} m` : `${decimal(m / 1000, 3)} km`;
}

/** An area in m² (km² from 1 km²) and 亩 (1 亩 = 666.67 m²). */
export function areaText(m2) {
  const metric = m2 < 1e6 ? `${decimal(m2, 1)} m²` : `${decimal(m2 / 1e6, 4)} km²`;
  return `${metric} = ${decimal(m2 * 0.0015, 2)} 亩`;
}

/** Adds the control to the map; state.mapMode is 'measure' while measuring. */
export function addMeasureTool(map, state) {
  const hooks = { points: [], lengthM: 0, areaM2: 0 };
  window.redline.measure = hooks;
  const line = L.polyline([], STYLE);
  const closing = L.polygon([], { ...STYLE, weight: 1, fillColor: '#f48fb1', fillOpacity: 0.2 });
  const vertices = L.layerGroup();
  let on = false;

  const toggle = h(
    'button',
    { type: 'button', id: 'measure-toggle', className: 'measure-toggle', title: '测量距离和面积 Measure distance and area' },
    '测量',
  );
  toggle.setAttribute('aria-pressed', 'false');
  const readout = h('div', { id: 'measure-readout', className: 'measure-readout', role: 'status', hidden: true });
  const clear = h('button', { type: 'button', id: 'measure-clear', className: 'measure-clear' }, '清除 Clear');

  function render() {
    const points = hooks.points;
    hooks.lengthM = geodesicLength(points);
    hooks.areaM2 = points.length >= 3 ? ellipsoidalArea(points) : 0;
    const latlngs = points.map(([lon, lat]) => L.latLng(lat, lon));
    line.setLatLngs(latlngs);
    closing.setLatLngs(points.length >= 3 ? latlngs : []);
    vertices.clearLayers();
    for (const ll of latlngs) {
      vertices.addLayer(L.circleMarker(ll, { radius: 3, color: STYLE.color, interactive: false }));
    }
    readout.replaceChildren(
      h('div', {}, points.length ? `距离 Distance: ${lengthText(hooks.lengthM)}` : '点击地图放置测量点 Click the map to place points'),
      points.length >= 3 ? h('div', { id: 'measure-area' }, `面积 Area: ${areaText(hooks.areaM2)}`) : null,
      h('div', { className: 'measure-note' }, 'CGCS2000 椭球 ellipsoidal · Backspace 撤销 undo · Esc 结束 end'),
      clear,
    );
  }

  function setOn(value) {
    on = value;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.classList.toggle('active', on);
    readout.hidden = !on;
    map.getContainer().classList.toggle('measuring', on);
    if (on) {
      state.mapMode = 'measure';
      for (const layer of [closing, line, vertices]) layer.addTo(map);
      render();
    } else {
      if (state.mapMode === 'measure') state.mapMode = null;
      hooks.points = [];
      for (const layer of [closing, line, vertices]) layer.remove();
    }
  }

  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    const div = L.DomUtil.create('div', 'leaflet-bar measure-control');
    div.append(toggle, readout);
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(map);

  toggle.addEventListener('click', () => setOn(!on));
  clear.addEventListener('click', () => {
    hooks.points = [];
    render();
  });
  map.on('click', (e) => {
    if (!on || state.mapMode !== 'measure') return;
    const { lat, lng } = e.latlng;
    hooks.points = [...hooks.points, [lng, lat]];
    render();
  });
  document.addEventListener('keydown', (e) => {
    if (!on || e.target.closest?.('input, select, textarea')) return;
    if (e.key === 'Escape') setOn(false);
    else if (e.key === 'Backspace' && hooks.points.length) {
      e.preventDefault();
      hooks.points = hooks.points.slice(0, -1);
      render();
    }
  });
}
