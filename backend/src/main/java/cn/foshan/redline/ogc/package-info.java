/**
 * OGC API – Features (Part 1, Core) at {@code /ogc} over every {@link
 * cn.foshan.redline.maps.FeatureLayer}: GeoJSON made by PostGIS, streamed, and HTML; nothing here
 * knows a capability's tables.
 */
package cn.foshan.redline.ogc;
