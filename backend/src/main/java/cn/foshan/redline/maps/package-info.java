/**
 * The map's layers, offered through one small interface: each capability declares its polygon
 * layers as {@link cn.foshan.redline.maps.FeatureLayer}s (the features a tile holds, and its
 * features as a relation to filter); tiles, identify and OGC API – Features depend on that
 * interface only, never on a capability's tables. Also the map's settings (optional basemap) and
 * the layer list.
 */
package cn.foshan.redline.maps;
