// Geometry helpers for editing: GeoJSON to Leaflet and back at full precision (Leaflet's own
// toGeoJSON rounds to 6 decimals, which would undo snapping to a neighbour's vertex), areas, and
// a point-in-polygon test.

/** Leaflet latlngs of a GeoJSON Polygon or MultiPolygon (a one-part MultiPolygon as a Polygon). */
export function latLngsOf(geometry) {
  const ring = (coordinates) => {
    const points = coordinates.map(([lon, lat]) => L.latLng(lat, lon));
    const [first, last] = [points[0], points[points.length - 1]];
    if (points.length > 1 && first.lat === last.lat && first.lng === last.lng) points.pop();
    return points;
  };
  if (geometry.type === 'Polygon') return geometry.coordinates.map(ring);
  if (geometry.type === 'MultiPolygon') {
    const parts = geometry.coordinates.map((polygon) => polygon.map(ring));
    return parts.length === 1 ? parts[0] : parts;
  }
  throw new Error(`不是多边形 Not a polygon: ${geometry.type}`);
}

/** True when Leaflet latlngs are of a multi-polygon ([[[LatLng]]]). */
function isMulti(latlngs) {
  return Array.isArray(latlngs[0]) && Array.isArray(latlngs[0][0]);
}

/** The GeoJSON Polygon or MultiPolygon of an L.Polygon, rings closed, coordinates unrounded. */
export function polygonGeometry(layer) {
  const latlngs = layer.getLatLngs();
  const ring = (points) => {
    const coordinates = points.map((p) => [p.lng, p.lat]);
    if (coordinates.length) coordinates.push([...coordinates[0]]);
    return coordinates;
  };
  if (isMulti(latlngs)) {
    return { type: 'MultiPolygon', coordinates: latlngs.map((polygon) => polygon.map(ring)) };
  }
  const rings = Array.isArray(latlngs[0]) ? latlngs : [latlngs];
  return { type: 'Polygon', coordinates: rings.map(ring) };
}

/** The GeoJSON LineString of an L.Polyline. */
export function lineGeometry(layer) {
  const latlngs = layer.getLatLngs().flat(Infinity);
  return { type: 'LineString', coordinates: latlngs.map((p) => [p.lng, p.lat]) };
}

const EARTH_RADIUS = 6378137;
const rad = (degrees) => (degrees * Math.PI) / 180;

/** Area of a lon/lat ring on the sphere, m² (close enough to the ellipsoid for a live read-out). */
function ringArea(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += rad(x2 - x1) * (2 + Math.sin(rad(y1)) + Math.sin(rad(y2)));
  }
  return Math.abs((sum * EARTH_RADIUS * EARTH_RADIUS) / 2);
}

/** Area of a GeoJSON Polygon or MultiPolygon, m². */
export function areaM2(geometry) {
  if (!geometry) return 0;
  const polygonArea = (rings) =>
    rings.reduce((total, ring, i) => total + (i === 0 ? 1 : -1) * ringArea(ring), 0);
  if (geometry.type === 'Polygon') return polygonArea(geometry.coordinates);
  if (geometry.type === 'MultiPolygon') {
    return geometry.coordinates.reduce((total, polygon) => total + polygonArea(polygon), 0);
  }
  return 0;
}

/** m² to mu (亩): 1 mu = 666.67 m². */
export const muOf = (m2) => m2 * 0.0015;

/** Whether [lon, lat] lies in a GeoJSON Polygon or MultiPolygon (even-odd rule over all rings). */
export function contains(geometry, [x, y]) {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** Leaflet bounds of a GeoJSON geometry or feature (invalid bounds when empty). */
export function boundsOf(geojson) {
  try {
    return L.geoJSON(geojson).getBounds();
  } catch {
    return L.latLngBounds([]);
  }
}
