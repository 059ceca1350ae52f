package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.StrictNumbers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The query parameters of the read operations, each read strictly (a 400 problem when wrong). */
final class OgcParameters {

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 10_000;

  private static final Set<String> ITEMS_PARAMETERS =
      Set.of("limit", "offset", "after", "bbox", "bbox-crs", "crs", "datetime", "properties");

  private OgcParameters() {}

  /** What the items of this layer take: the fixed parameters, filtering and its queryables. */
  static Set<String> items(FeatureSource layer) {
    Set<String> all = new java.util.LinkedHashSet<>(ITEMS_PARAMETERS);
    all.addAll(OgcFilters.PARAMETERS);
    all.addAll(OgcFilters.parameterNames(layer));
    return all;
  }

  /** Refuses a parameter other than f and those allowed (400), as the standard asks. */
  static void check(HttpServletRequest request, Set<String> allowed) {
    for (String name : request.getParameterMap().keySet()) {
      if (!name.equals("f") && !allowed.contains(name)) {
        throw ApiException.badRequest(
            "unknown-parameter",
            "Unknown parameter '"
                + name
                + "'"
                + (allowed.isEmpty()
                    ? ""
                    : "; this operation takes " + String.join(", ", allowed)));
      }
    }
  }

  /**
   * The {@code limit} parameter: a whole number from 1; above the maximum the maximum, not an error
   * (17-069r4, /req/core/fc-limit-response C).
   */
  static int limit(HttpServletRequest request) {
    String text = request.getParameter("limit");
    if (text != null && text.strip().matches("[0-9]{6,}")) {
      String digits = text.strip().replaceFirst("^0+(?=.)", "");
      if (digits.length() > 5 || Integer.parseInt(digits) > MAX_LIMIT) {
        return MAX_LIMIT;
      }
    }
    return (int) Math.min(integer(request, "limit", DEFAULT_LIMIT, 1, Long.MAX_VALUE), MAX_LIMIT);
  }

  /** The {@code offset} parameter: a whole number from 0, by default 0. */
  static long offset(HttpServletRequest request) {
    return integer(request, "offset", 0, 0, Long.MAX_VALUE);
  }

  private static long integer(
      HttpServletRequest request, String name, long fallback, long min, long max) {
    String text = request.getParameter(name);
    if (text == null) {
      return fallback;
    }
    Long value = StrictNumbers.wholeNumber(text);
    if (value != null && value >= min && value <= max) {
      return value;
    }
    throw ApiException.badRequest(
        "invalid-parameter",
        name + " must be a whole number from " + min + (max == Long.MAX_VALUE ? "" : " to " + max));
  }

  /**
   * The {@code properties} parameter: the names of the properties to return (each a property of the
   * layer's features, else 400); null when absent (all of them). {@code known} gives the layer's
   * property names (null while it has none), asked only when the parameter is there.
   */
  static List<String> properties(
      FeatureSource layer, String text, Supplier<Set<String>> propertyNames) {
    if (text == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    Set<String> known = propertyNames.get();
    for (String name : text.split(",", -1)) {
      String n = name.strip();
      if (n.isEmpty()) {
        continue;
      }
      if (n.length() > 64 || (known != null && !known.contains(n))) {
        throw ApiException.badRequest(
            "unknown-property",
            "'"
                + (n.length() > 64 ? n.substring(0, 64) + "…" : n)
                + "' is not a property of "
                + layer.id()
                + (known == null ? "" : "; its properties are " + String.join(", ", known)));
      }
      names.add(n);
    }
    if (names.size() > 100) {
      throw ApiException.badRequest("invalid-parameter", "properties names at most 100");
    }
    return names;
  }

  /** The key next links continue after: a number for layers keyed by numbers. */
  static String after(FeatureSource layer, String text) {
    if (text == null) {
      return null;
    }
    if (!layer.textIds() && !text.matches("-?[0-9]{1,18}")) {
      throw ApiException.badRequest(
          "invalid-parameter", "after must be a feature id of " + layer.id() + " (a number)");
    }
    if (text.length() > 100) {
      throw ApiException.badRequest("invalid-parameter", "after must be a feature id");
    }
    return text;
  }

  /** The service's own address as the client reached it. */
  static String base(HttpServletRequest request) {
    return ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
  }
}
