// The map page's view: the screen it is on, the room the panels leave for fitted extents, and the
// API's bboxes and points as Leaflet's.

export const narrowScreen = window.matchMedia('(max-width: 720px)').matches;
// On short screens the layer switcher opens on hover only, leaving room for the legend.
export const shortScreen = window.matchMedia('(max-height: 800px)').matches;

/** Leaflet bounds of an API bbox [west, south, east, north]. */
export const bboxBounds = ([west, south, east, north]) =>
  L.latLngBounds([south, west], [north, east]);

/** The city's extent: the union of its districts' extents. */
export const cityBounds = (districts) =>
  districts.reduce((bounds, d) => bounds.extend(bboxBounds(d.bbox)), L.latLngBounds([]));

/** Leaflet [lat, lon] of an API point [lon, lat]. */
export const latLngOf = ([lon, lat]) => [lat, lon];

/**
 * fitBounds padding that keeps a fitted extent clear of the quota panel on the left and, on wide
 * screens, of the legend on the right.
 */
export function unobstructedPadding(map) {
  const panel = document.getElementById('quota-panel');
  const legend = document.getElementById('legend');
  const left = panel.classList.contains('collapsed')
    ? 20
    : panel.offsetLeft + panel.offsetWidth + 20;
  // the legend is avoided too when that leaves room enough (300 px) between it and the panel
  const legendWidth =
    legend && !legend.classList.contains('collapsed') ? legend.offsetWidth + 30 : 0;
  const right = legendWidth && map.getSize().x - left - legendWidth >= 300 ? legendWidth : 20;
  return { paddingTopLeft: [left, 20], paddingBottomRight: [right, 20] };
}
