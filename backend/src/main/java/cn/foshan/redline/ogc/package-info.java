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
 *
 * <p>Each resource is one document type ({@link cn.foshan.redline.ogc.OgcDocument}; a page of
 * features, streamed, is {@link cn.foshan.redline.ogc.OgcItems}), made once by the controller and
 * written by the writer of the format negotiated ({@link cn.foshan.redline.ogc.OgcFormat}): {@link
 * cn.foshan.redline.ogc.OgcJsonWriter} or {@link cn.foshan.redline.ogc.OgcHtmlWriter}. The SQL is
 * in files under {@code sql/ogc}, composed only through {@link
 * cn.foshan.redline.system.SqlTemplate}.
 */
package cn.foshan.redline.ogc;
