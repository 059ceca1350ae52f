/**
 * OGC API – Features at {@code /ogc} over every {@link cn.foshan.redline.maps.FeatureLayer}: Part 1
 * (Core; GeoJSON made by PostGIS and streamed as bytes, and HTML), Part 2 (CRS84, EPSG:4490, 4547
 * and 3857, each in the axis order of its EPSG definition) and Part 3 (queryables, CQL2 text and
 * JSON). A filter names only a layer's declared queryables (an unknown name is a 400, never
 * ignored), every value in it is bound, and it stays within fixed limits of size and nesting;
 * nothing here knows a capability's tables.
 */
package cn.foshan.redline.ogc;
