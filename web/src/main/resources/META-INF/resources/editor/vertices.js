// The vertex coordinates of the shape in the form: a folded list of its rings' points (latitude and
// longitude in CGCS2000, to 8 decimals, about a millimetre) with its ellipsoidal area, and for a
// stored feature the link to its boundary points as a 界址点坐标 file in EPSG:4547 (X, Y in metres).

import { h } from '../dom.js';
import { decimal, mu } from '../format.js';
import { polygonGeometry } from '../geo.js';
import { geometryArea } from '../geodesy.js';

/** The rings of a GeoJSON Polygon or MultiPolygon: [{part, ring, points}]. */
function rings(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((polygon, p) =>
    polygon.map((points, r) => ({ part: p + 1, ring: r + 1, points: points.slice(0, -1) })),
  );
}

/** The folded list of the working shape's vertices (kept open if it was open). */
export function vertexList(ed) {
  const geometry = polygonGeometry(ed.working);
  const area = geometryArea(geometry);
  const all = rings(geometry);
  const count = all.reduce((n, r) => n + r.points.length, 0);
  const wasOpen = document.getElementById('vertex-list')?.open ?? false;
  const rows = [];
  for (const { part, ring, points } of all.slice(0, 50)) {
    points.slice(0, 500).forEach(([lon, lat], i) =>
      rows.push(
        h(
          'tr',
          {},
          h('td', {}, `${part}-${ring}-${i + 1}`),
          h('td', {}, lat.toFixed(8)),
          h('td', {}, lon.toFixed(8)),
        ),
      ),
    );
  }
  const details = h(
    'details',
    { id: 'vertex-list', className: 'vertex-list' },
    h(
      'summary',
      {},
      `节点坐标 Vertices (${count}) · 面积 ${decimal(area, 1)} m² = ${mu(area * 0.0015)} 亩（椭球 ellipsoidal）`,
    ),
    ed.selected
      ? h(
          'a',
          {
            id: 'boundary-download',
            href: `/api/layers/${ed.selected.layer}/features/${ed.selected.id}/boundary.txt?crs=EPSG:4547`,
          },
          '下载界址点坐标（EPSG:4547）Boundary points as 界址点坐标 txt',
        )
      : null,
    h(
      'table',
      { className: 'vertex-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '点 Point'),
          h('th', {}, '纬度 Lat'),
          h('th', {}, '经度 Lon'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
  details.open = wasOpen;
  return details;
}
