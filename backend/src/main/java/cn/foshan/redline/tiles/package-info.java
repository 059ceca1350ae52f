/**
 * Mapbox Vector Tiles for every layer, made by PostGIS ({@code ST_AsMVT}) and sent as they come:
 * the service adds a revalidation check and nothing else. A tile's ETag is its layer's revision,
 * which a trigger raises on every write, so an unchanged tile is answered 304 without running the
 * query.
 */
package cn.foshan.redline.tiles;
