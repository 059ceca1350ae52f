package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The filters of an items request (OGC API – Features Part 3): {@code filter} in CQL2 text or JSON
 * ({@code filter-lang}), its CRS ({@code filter-crs}), and the queryables given as query parameters
 * ({@code ?district=440605}, equality), all joined by AND into one condition on the features.
 */
@Component
class OgcFilters {

  /** The parameters of filtering, besides the queryables themselves. */
  static final Set<String> PARAMETERS = Set.of("filter", "filter-lang", "filter-crs");

  /**
   * The languages {@code filter-lang} takes. {@code cql-text} is the name GDAL's OAPIF driver (up
   * to 3.6 at least) looks for and sends: CQL2 text under its draft name.
   */
  static final List<String> LANGUAGES = List.of("cql2-text", "cql2-json", "cql-text");

  private final ObjectMapper json;

  OgcFilters(ObjectMapper json) {
    this.json = json;
  }

  /** The names of the queryables that are query parameters too (all but the geometry). */
  static Set<String> parameterNames(FeatureSource layer) {
    Set<String> names = new LinkedHashSet<>();
    layer.queryables().stream()
        .filter(q -> q.type() != Queryable.Type.GEOMETRY)
        .forEach(q -> names.add(q.name()));
    return names;
  }

  /** The request's filters as one condition, or null when it has none. */
  OgcFeatures.Condition condition(FeatureSource layer, HttpServletRequest request) {
    List<Cql2.Node> terms = new ArrayList<>();
    for (Queryable q : layer.queryables()) {
      String value = request.getParameter(q.name());
      if (value != null && q.type() != Queryable.Type.GEOMETRY) {
        terms.add(new Cql2.Comparison("=", new Cql2.Property(q.name()), parameterValue(q, value)));
      }
    }
    String filter = request.getParameter("filter");
    String language = request.getParameter("filter-lang");
    String crs = request.getParameter("filter-crs");
    if (filter == null && (language != null || crs != null)) {
      throw ApiException.badRequest(
          "invalid-parameter", "filter-lang and filter-crs go with a filter");
    }
    if (filter != null) {
      if (language != null && !LANGUAGES.contains(language)) {
        throw ApiException.badRequest(
            "invalid-parameter", "filter-lang must be cql2-text (the default) or cql2-json");
      }
      terms.add(
          "cql2-json".equals(language) ? Cql2Json.parse(filter, json) : Cql2Text.parse(filter));
    }
    if (terms.isEmpty()) {
      return null;
    }
    Cql2.Node all = terms.size() == 1 ? terms.get(0) : new Cql2.And(terms);
    return Cql2Sql.translate(all, layer.queryables(), OgcCrs.of(crs, "filter-crs"), layer.id());
  }

  /** A queryable's query-parameter value as the literal of its type. */
  private static Cql2.Node parameterValue(Queryable q, String value) {
    Cql2.Limits.literal(value);
    return switch (q.type()) {
      case INTEGER, NUMBER -> new Cql2.Numeric(Cql2.Limits.number(value.strip()));
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw ApiException.badRequest("invalid-parameter", q.name() + " must be true or false");
        }
        yield new Cql2.Bool(value.equals("true"));
      }
      case DATE -> new Cql2.Date(Cql2.date(value));
      case TIMESTAMP -> new Cql2.Timestamp(Cql2.timestamp(value));
      default -> new Cql2.Text(value);
    };
  }
}
