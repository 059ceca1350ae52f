/**
 * The map's layers, offered through one small interface: each capability declares its polygon
 * layers as {@link cn.foshan.redline.maps.FeatureLayer}s (the features a tile holds, and its
 * features as a relation to filter), and may offer other features as read-only views ({@link
 * cn.foshan.redline.maps.FeatureSource}, not drawn as tiles); tiles, identify and OGC API –
 * Features depend on these interfaces only, never on a capability's tables. A layer keeping history
 * is read as of a moment from the kept versions; a source whose features need a login says so, and
 * only OGC API (which checks it) offers it. Also the map's settings and the layer list.
 */
package cn.foshan.redline.maps;
