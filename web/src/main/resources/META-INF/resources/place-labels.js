// The district and cluster names on the map, each shown with its layer, within its zooms, and
// hidden where it would overlap a name ranked above it.

import { h } from './dom.js';
import { latLngOf } from './map-view.js';

/** Zooms of the place names: district names up to 12, cluster names from 11, in English from 13. */
const DISTRICT_LABELS_MAX_ZOOM = 12;
const CLUSTER_LABELS_MIN_ZOOM = 11;
const ENGLISH_LABELS_MIN_ZOOM = 13;

/**
 * The district and cluster names on the map, at their label points, each shown with its layer and
 * within its zooms. A name that would overlap one ranked above it is hidden: the districts rank
 * first, then the flagship clusters, then the larger clusters.
 */
export function addPlaceLabels(state, districts, clusters) {
  const { map } = state;
  const pane = map.getPane('labels');
  const districtLabels = districts.map((d) =>
    placeLabel(d.labelPoint, h('span', { className: 'district-label' }, d.name, english(d))),
  );
  const ranked = [...clusters].sort((a, b) => b.flagship - a.flagship || b.areaKm2 - a.areaKm2);
  const clusterLabels = ranked.map((c) =>
    placeLabel(
      c.labelPoint,
      h(
        'span',
        { className: 'cluster-label', title: c.nameEn, dataset: { code: c.code } },
        c.name,
        english(c),
      ),
    ),
  );
  const groups = [
    {
      layer: state.layers.district,
      zooms: [0, DISTRICT_LABELS_MAX_ZOOM],
      labels: L.layerGroup(districtLabels),
    },
    {
      layer: state.layers.cluster,
      zooms: [CLUSTER_LABELS_MIN_ZOOM, Infinity],
      labels: L.layerGroup(clusterLabels),
    },
  ];

  const update = () => {
    const zoom = map.getZoom();
    for (const { layer, zooms, labels } of groups) {
      const shown = layer && map.hasLayer(layer) && zoom >= zooms[0] && zoom <= zooms[1];
      if (shown) labels.addTo(map);
      else labels.remove();
    }
    pane.classList.toggle('english', zoom >= ENGLISH_LABELS_MIN_ZOOM);
    const districtsFirst = ['.district-label', '.cluster-label'];
    declutter(districtsFirst.flatMap((selector) => [...pane.querySelectorAll(selector)]));
  };
  map.on('zoomend overlayadd overlayremove', update);
  update();
}

/** The English name under a place name. */
function english(place) {
  return h('span', { className: 'en' }, place.nameEn);
}

/** A place name on the map, centred on `point` [lon, lat]. */
function placeLabel(point, element) {
  return L.marker(latLngOf(point), {
    pane: 'labels',
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: 'place-label', html: element, iconSize: null }),
  });
}

/** Hides each of `labels` (highest rank first) that comes within 4 px of one shown before it. */
function declutter(labels) {
  const gap = 4;
  const shown = [];
  for (const label of labels) {
    const box = label.getBoundingClientRect();
    const free = shown.every(
      (other) =>
        box.right + gap < other.left ||
        box.left - gap > other.right ||
        box.bottom + gap < other.top ||
        box.top - gap > other.bottom,
    );
    label.style.visibility = free ? '' : 'hidden';
    if (free) shown.push(box);
  }
}

