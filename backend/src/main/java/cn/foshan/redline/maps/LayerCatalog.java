package cn.foshan.redline.maps;

import cn.foshan.redline.system.ApiException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * All layers the capabilities offer, by id, in drawing order; and every feature source (the layers,
 * then the views that are not drawn), the collections of OGC API – Features.
 */
@Component
public class LayerCatalog {

  private final Map<String, FeatureLayer> layers = new LinkedHashMap<>();
  private final Map<String, FeatureSource> sources = new LinkedHashMap<>();

  LayerCatalog(List<FeatureSource> sources) {
    sources.stream()
        .filter(FeatureLayer.class::isInstance)
        .map(FeatureLayer.class::cast)
        .sorted(Comparator.comparingInt(FeatureLayer::drawOrder))
        .forEach(
            l -> {
              if (layers.put(l.id(), l) != null) {
                throw new IllegalStateException("two layers are called " + l.id());
              }
            });
    this.sources.putAll(layers);
    sources.stream()
        .filter(s -> !(s instanceof FeatureLayer))
        .sorted(Comparator.comparing(FeatureSource::id))
        .forEach(
            s -> {
              if (this.sources.put(s.id(), s) != null) {
                throw new IllegalStateException("two feature sources are called " + s.id());
              }
            });
  }

  /** The map's layers, bottom first. */
  public List<FeatureLayer> all() {
    return List.copyOf(layers.values());
  }

  /** The map layers, then the views: every collection of features there is. */
  public List<FeatureSource> sources() {
    return List.copyOf(sources.values());
  }

  /** The source of features with this id (a layer or a view), or null. */
  public FeatureSource source(String id) {
    return sources.get(id);
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
