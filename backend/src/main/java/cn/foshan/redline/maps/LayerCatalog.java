package cn.foshan.redline.maps;

import cn.foshan.redline.system.ApiException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** All layers the capabilities offer, by id, in drawing order. */
@Component
public class LayerCatalog {

  private final Map<String, FeatureLayer> layers = new LinkedHashMap<>();

  LayerCatalog(List<FeatureLayer> layers) {
    layers.stream()
        .sorted(Comparator.comparingInt(FeatureLayer::drawOrder))
        .forEach(
            l -> {
              if (this.layers.put(l.id(), l) != null) {
                throw new IllegalStateException("two layers are called " + l.id());
              }
            });
  }

  public List<FeatureLayer> all() {
    return List.copyOf(layers.values());
  }

  /** The layer with this id, or a 404 problem (for a layer named in a path). */
  public FeatureLayer get(String id) {
    FeatureLayer layer = layers.get(id);
    if (layer == null) {
      throw ApiException.notFound("unknown-layer", unknown(id));
    }
    return layer;
  }

  /**
   * The layers with these ids, in drawing order, or a 400 problem (for layers named in a query).
   */
  public List<FeatureLayer> select(List<String> ids) {
    for (String id : ids) {
      if (!layers.containsKey(id)) {
        throw ApiException.badRequest("unknown-layer", unknown(id));
      }
    }
    return layers.values().stream().filter(l -> ids.contains(l.id())).toList();
  }

  private String unknown(String id) {
    return "There is no layer '" + id + "'. Layers: " + String.join(", ", layers.keySet());
  }
}
