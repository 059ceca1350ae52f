/**
 * Import and export of files. An import reads a file (zipped Shapefile, GeoPackage, GeoJSON, KML,
 * CSV or XLSX with a WKT column) with GDAL into a staging table, one layer of it (a file of several
 * is read in the layer the user names), in a CRS the file states or the user states, never guessed;
 * shows a preview (count, extent, invalid shapes with their repairs, attribute mapping, and the
 * editing rules' verdict); then goes in as one change set through the editing system's bulk path,
 * so the same rules and history hold as for the map. A hostile or broken file is refused with a 4xx
 * problem and leaves nothing behind; a crash at any moment leaves the import whole or absent, its
 * job in step with its change set. An export writes any relation of (id, geom, properties) in a
 * chosen format and CRS with GDAL. For the capabilities that take tables rather than shapes,
 * XlsxReader streams the first sheet of an uploaded .xlsx as rows of text, after the same zip
 * checks as every upload. Survey coordinates (勘测定界: a pasted list or the ministry's 界址点坐标 file) are
 * read into a shape ({@code SurveyCoordinates}, transformed and checked by PostGIS) and a feature's
 * boundary is written in that file's format ({@code SurveyController}).
 */
package cn.foshan.redline.io;
