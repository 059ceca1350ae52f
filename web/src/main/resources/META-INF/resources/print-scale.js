// The arithmetic of a printed drawing (print.html): paper sizes, the Leaflet zoom at which the map
// is drawn at a given scale, the scale bar's length.
//
// The map is drawn by Leaflet in Web Mercator (EPSG:3857: 256 · 2^z CSS px for the equator's
// 2πa) and printed by the browser at 96 CSS px to the inch (25.4 mm). A drawing at 1:S puts
// S · 25.4 / 96 / 1000 m of ground in one CSS px. Web Mercator stretches the ground by a/(N cos φ)
// along the parallel at latitude φ (N: the CGCS2000 ellipsoid's radius of curvature in the prime
// vertical), so the zoom is chosen to make the scale true along the parallel through the sheet's
// centre: 2^z = 2π N cos φ / (256 · S · 0.0254 / 96). Along the meridian Web Mercator (spherical
// formulas on ellipsoidal latitudes) is 0.52 % shorter at Foshan's latitude, and away from the
// centre the scale changes by tan φ · Δφ (±0.13 % over the height of an A3 sheet at 1:100,000);
// docs/print.md says so.

/** CGCS2000's ellipsoid: semi-major axis (m) and first eccentricity squared. */
const A = 6378137;
const E2 = 0.0066943800229;

/** CSS px per mm on paper: 96 px to the inch. */
export const PX_PER_MM = 96 / 25.4;

/** The scales offered; any whole scale from 1:500 to 1:100,000 may be typed. */
export const STANDARD_SCALES = [500, 1000, 2000, 5000, 10000, 25000, 50000, 100000];
export const MIN_SCALE = 500;
export const MAX_SCALE = 100000;

/** Paper sizes (ISO 216), mm, portrait: [width, height]. */
export const PAPERS = { A4: [210, 297], A3: [297, 420] };

/** The sheet's [width, height] in mm for a paper and orientation ('landscape' or 'portrait'). */
export function sheetSize(paper, orientation) {
  const [w, h] = PAPERS[paper];
  return orientation === 'landscape' ? [h, w] : [w, h];
}

/** Ground metres in one CSS px of paper at scale 1:scale. */
export const groundPerPx = (scale) => (scale * 25.4) / 96 / 1000;

/** The Leaflet zoom (fractional) that draws 1:scale along the parallel at latitude lat (degrees). */
export function zoomForScale(scale, lat) {
  const phi = (lat * Math.PI) / 180;
  const n = A / Math.sqrt(1 - E2 * Math.sin(phi) ** 2);
  return Math.log2((2 * Math.PI * n * Math.cos(phi)) / (256 * groundPerPx(scale)));
}

/** The standard scale nearest (in ratio) to a scale. */
export const nearestStandardScale = (scale) =>
  STANDARD_SCALES.reduce((best, s) =>
    Math.abs(Math.log(s / scale)) < Math.abs(Math.log(best / scale)) ? s : best,
  );

/**
 * A scale typed or chosen ("2000", "1:2000", "1：2,000") as a whole number in [500, 100000], or
 * null when it is not one.
 */
export function parseScale(text) {
  const match = /^\s*(?:1\s*[:：]\s*)?([0-9][0-9,，]*)\s*$/.exec(String(text ?? ''));
  if (!match) return null;
  const scale = Number(match[1].replace(/[,，]/g, ''));
  return Number.isInteger(scale) && scale >= MIN_SCALE && scale <= MAX_SCALE ? scale : null;
}

/**
 * The scale bar for 1:scale: a round ground length (1, 2 or 5 · 10^k m) drawn between 24 and 60
 * mm long (the sheet's side column is 62 mm wide), in 4 segments. Answers {groundM, lengthMm,
 * label}.
 */
export function scaleBar(scale) {
  const mmPerM = 1000 / scale;
  let groundM = 1;
  for (let k = 0; k < 12; k += 1) {
    for (const m of [1, 2, 5]) {
      const candidate = m * 10 ** k;
      if (candidate * mmPerM <= 60) groundM = candidate;
    }
  }
  return { groundM, lengthMm: groundM * mmPerM, label: distanceLabel(groundM) };
}

/** A ground distance as people write it on a drawing: 500 米 m, 2 千米 km. */
export const distanceLabel = (m) => (m >= 1000 ? `${m / 1000} 千米 km` : `${m} 米 m`);

/** 1:2,000 as written on a drawing. */
export const scaleText = (scale) => `1:${scale.toLocaleString('en-US')}`;
