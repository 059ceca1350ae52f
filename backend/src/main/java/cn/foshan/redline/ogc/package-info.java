/**
 * OGC API – Features at {@code /ogc} over every {@link cn.foshan.redline.maps.FeatureSource} (the
 * map layers and the read-only views): Part 1 (Core; GeoJSON made by PostGIS and streamed as bytes,
 * and HTML), Part 2 (CRS84, EPSG:4490, 4547 and 3857, each in the axis order of its EPSG
 * definition), Part 3 (queryables, CQL2 text and JSON) and Part 4 (writes, through change sets). A
 * filter names only a collection's declared queryables (an unknown name is a 400, never ignored),
 * every value in it is bound, and it stays within fixed limits of size and nesting; {@code
 * datetime} reads a layer keeping history as it was, and a view by year in its years. A source
 * needing a login is neither listed nor read for anyone else (401). Nothing here knows a
 * capability's tables.
 */
package cn.foshan.redline.ogc;
