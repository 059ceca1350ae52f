// The planner's page (efficiency.js), what its parts share: the API, the query form and the page's
// state, the session, and the requests.

import { ApiError, get } from './api.js';
import { setUpPageHeader } from './page-header.js';

export const API = '/api/efficiency';
/** The exports of a query: tables, and files GIS tools open (a Shapefile in UTF-8 with its .cpg). */
export const EXPORT_FORMATS = ['csv', 'geojson', 'xlsx', 'shp', 'gpkg', 'kml'];

export const form = document.getElementById('query-form');
export const state = {
  user: null,
  started: false,
  offset: 0,
  total: 0,
  polygon: null, // the drawn query area (L.Polygon)
  rows: new Map(), // parcelId → table row
  features: new Map(), // parcelId → Leaflet layer of the result
  selected: null,
  breachOffset: 0,
  activeTab: 'results-panel',
  clusters: [],
  districts: [],
  queries: 0,
  choroplethRequest: null,
  legendClasses: null,
};

/** Who is logged in; the page follows its changes (efficiency.js). */
export const session = setUpPageHeader();

/** A request of the page; a 401 means the session ended: the page asks for a login again. */
export async function request(url, options) {
  try {
    return await get(url, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) await session.refresh();
    throw error;
  }
}

export const withFormat = (params, format) => {
  const p = new URLSearchParams(params);
  p.set('format', format);
  return p;
};

/**
 * The features of a page's items only: the map draws the page the table shows (GeoJSON asked for
 * with the page's limit and offset; kept to the page's ids should an answer hold more).
 */
export function onPage(collection, items, key) {
  const ids = new Set(items.map((item) => item[key]));
  return {
    type: 'FeatureCollection',
    features: (collection.features ?? []).filter((f) => ids.has(f.properties?.[key])),
  };
}
