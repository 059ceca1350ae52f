/**
 * The map's layers, each defined once by the capability that owns it ({@link
 * cn.foshan.redline.maps.LayerDefinition}: table, fields with bilingual labels and code lists,
 * queryables, history, tile attributes, drawing, and how it is edited), offered through one small
 * interface ({@link cn.foshan.redline.maps.FeatureLayer}); capabilities may offer other features as
 * read-only views ({@link cn.foshan.redline.maps.FeatureSource}, not drawn as tiles). Tiles,
 * identify, OGC API – Features, editing and the browser ({@code /api/layers}) read the definitions
 * from the {@link cn.foshan.redline.maps.LayerCatalog}, never a capability's tables or a list of
 * layer ids. A layer keeping history is read as of a moment from the kept versions; a source whose
 * features need a login says so, and only OGC API (which checks it) offers it. Also the map's
 * settings and the layer list.
 */
package cn.foshan.redline.maps;
