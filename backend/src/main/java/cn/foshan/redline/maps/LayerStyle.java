package cn.foshan.redline.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a layer is drawn when the browser has no cartography of its own for it: a fill and an outline
 * colour, and optionally a fill colour per code of one coded tile attribute (its legend then lists
 * the codes). Served with the layer ({@code GET /api/layers}), so that a new layer is drawn and
 * explained without a change to the browser.
 *
 * @param fill the fill colour, #rrggbb (of features whose code has no colour of its own)
 * @param outline the outline colour, #rrggbb
 * @param fillOpacity 0–1
 * @param by the tile attribute (a column) whose codes choose the fill, or null
 * @param colours the fill colour of each code of {@code by}, in the codes' order
 */
public record LayerStyle(
    String fill, String outline, double fillOpacity, String by, Map<String, String> colours) {

  public LayerStyle {
    check(fill);
    check(outline);
    if (fillOpacity < 0 || fillOpacity > 1) {
      throw new IllegalArgumentException("fill opacity is 0–1: " + fillOpacity);
    }
    if ((by == null) != colours.isEmpty()) {
      throw new IllegalArgumentException("colours by code need the attribute they follow");
    }
    colours.values().forEach(LayerStyle::check);
    colours = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(colours));
  }

  /** One fill and one outline for every feature. */
  public static LayerStyle of(String fill, String outline, double fillOpacity) {
    return new LayerStyle(fill, outline, fillOpacity, null, Map.of());
  }

  /**
   * The fill chosen by the code of tile attribute {@code column}, each code's {@link #colour}, in
   * legend order; other codes are filled with {@code fill}.
   */
  @SafeVarargs
  public static LayerStyle byCode(
      String column,
      String fill,
      String outline,
      double fillOpacity,
      Map.Entry<String, String>... colours) {
    Map<String, String> byCode = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : colours) {
      if (byCode.put(c.getKey(), c.getValue()) != null) {
        throw new IllegalArgumentException("two colours for " + c.getKey());
      }
    }
    return new LayerStyle(fill, outline, fillOpacity, column, byCode);
  }

  /** The fill colour of a code. */
  public static Map.Entry<String, String> colour(String code, String colour) {
    return Map.entry(code, colour);
  }

  private static void check(String colour) {
    if (colour == null || !colour.matches("#[0-9a-f]{6}")) {
      throw new IllegalArgumentException("not a colour #rrggbb: " + colour);
    }
  }
}
