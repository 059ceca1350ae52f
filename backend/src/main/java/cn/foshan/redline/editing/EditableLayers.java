package cn.foshan.redline.editing;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The editable layers: those of the catalog whose definition says how they are edited, in drawing
 * order. Editing names no layer; a capability makes its layer editable in its definition.
 */
@Component
final class EditableLayers {

  private final Map<String, EditableLayer> layers;

  EditableLayers(LayerCatalog catalog) {
    Map<String, EditableLayer> editable = new LinkedHashMap<>();
    for (FeatureLayer layer : catalog.all()) {
      layer.editable().ifPresent(e -> editable.put(layer.id(), new EditableLayer(layer, e)));
    }
    this.layers = java.util.Collections.unmodifiableMap(editable);
  }

  List<EditableLayer> all() {
    return List.copyOf(layers.values());
  }

  /** The editable layer with this id, or a 400 problem naming the editable layers. */
  EditableLayer get(String id) {
    Map<String, EditableLayer> known = layers;
    EditableLayer layer = known.get(id);
    if (layer == null) {
      throw ApiException.badRequest(
          "not-editable",
          "图层 “"
              + id
              + "” 不能编辑，可编辑的图层："
              + String.join("、", known.keySet())
              + "（layer '"
              + id
              + "' cannot be edited; editable layers: "
              + String.join(", ", known.keySet())
              + "）");
    }
    return layer;
  }
}
