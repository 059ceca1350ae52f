/**
 * Mapbox Vector Tiles for every layer, of one layer or of several in one tile, made by PostGIS
 * ({@code ST_AsMVT}) and sent as they come: the service adds a revalidation check and nothing else.
 * A tile's ETag is its hash with its layers' revisions, which a trigger raises on every write: a
 * tile whose layers have not changed is answered 304 without running the query, and one whose
 * layers changed elsewhere is answered 304 after it, by its hash, so it is never stale.
 */
package cn.foshan.redline.tiles;
