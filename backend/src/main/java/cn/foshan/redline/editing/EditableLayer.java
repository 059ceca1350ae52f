package cn.foshan.redline.editing;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition.Editing;
import cn.foshan.redline.maps.LayerField;
import java.util.List;
import java.util.Optional;

/**
 * A layer that can be edited, as its capability defines it: its table, and the attributes a client
 * may give, by property name (camelCase, as in the API) and column. Derived attributes (district,
 * town, cluster) follow from the shape when not given.
 */
record EditableLayer(FeatureLayer layer, Editing editing) {

  String id() {
    return layer.id();
  }

  String table() {
    return layer.table();
  }

  /** What one of its features is called, Chinese. */
  String name() {
    return editing.name();
  }

  String nameEn() {
    return editing.nameEn();
  }

  String codePrefix() {
    return editing.codePrefix();
  }

  List<LayerField> fields() {
    return layer.fields();
  }

  Optional<LayerField> field(String property) {
    return fields().stream().filter(f -> f.property().equals(property)).findFirst();
  }
}
