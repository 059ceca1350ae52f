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
 *
 * <p>The editing classes ask for a layer through the static {@link #get} and {@link #all}: the
 * catalog's editable layers are published here when the component starts (the same in every
 * application context, as they follow from the code). Injecting the component into the eight
 * editing classes that look layers up would remove this static state (left open in issue 14).
 */
@Component
final class EditableLayers {

  private static volatile Map<String, EditableLayer> layers = Map.of();

  EditableLayers(LayerCatalog catalog) {
    Map<String, EditableLayer> editable = new LinkedHashMap<>();
    for (FeatureLayer layer : catalog.all()) {
      layer.editable().ifPresent(e -> editable.put(layer.id(), new EditableLayer(layer, e)));
    }
    publish(java.util.Collections.unmodifiableMap(editable));
  }

  private static void publish(Map<String, EditableLayer> editable) {
    layers = editable;
  }

  static List<EditableLayer> all() {
    return List.copyOf(layers.values());
  }

  /** The editable layer with this id, or a 400 problem naming the editable layers. */
  static EditableLayer get(String id) {
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
