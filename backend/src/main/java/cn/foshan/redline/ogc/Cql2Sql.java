package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.ogc.Cql2.Node;
import cn.foshan.redline.system.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * A {@link Cql2} tree as a condition on a layer's features relation {@code f}. The SQL text is made
 * of our own pieces only: each property becomes its queryable's column (an unknown name is a 400
 * that names it and lists the queryables), each literal a bound parameter cast to the type of what
 * it is compared with (a type from {@link Queryable.Type}, never from the request), and each
 * geometry literal bound as WKB and transformed from the filter CRS by {@link OgcCrs}.
 */
final class Cql2Sql {

  private final Map<String, Queryable> queryables;
  private final OgcCrs filterCrs;
  private final String collection;
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  private Cql2Sql(List<Queryable> queryables, OgcCrs filterCrs, String collection) {
    this.queryables = new LinkedHashMap<>();
    queryables.forEach(q -> this.queryables.put(q.name(), q));
    this.filterCrs = filterCrs;
    this.collection = collection;
  }

  static OgcFeatures.Condition translate(
      Node filter, List<Queryable> queryables, OgcCrs filterCrs, String collection) {
    Cql2Sql t = new Cql2Sql(queryables, filterCrs, collection);
    String sql = t.condition(filter);
    return new OgcFeatures.Condition("(" + sql + ")", Map.copyOf(t.parameters));
  }

  /** A scalar's SQL with its type (null for a literal, which takes the other side's type). */
  private record Typed(String sql, Queryable.Type type) {}

  private String condition(Node node) {
    if (node instanceof Cql2.And and) {
      return join(and.terms(), " AND ");
    } else if (node instanceof Cql2.Or or) {
      return join(or.terms(), " OR ");
    } else if (node instanceof Cql2.Not not) {
      return "NOT (" + condition(not.term()) + ")";
    } else if (node instanceof Cql2.Bool b) {
      return b.value() ? "true" : "false";
    } else if (node instanceof Cql2.Comparison c) {
      return comparison(c);
    } else if (node instanceof Cql2.Like like) {
      return like(like);
    } else if (node instanceof Cql2.Between between) {
      return between(between);
    } else if (node instanceof Cql2.In in) {
      return in(in);
    } else if (node instanceof Cql2.IsNull isNull) {
      Typed value = property(isNull.value(), "IS NULL");
      return value.sql() + (isNull.not() ? " IS NOT NULL" : " IS NULL");
    } else if (node instanceof Cql2.Spatial spatial) {
      return spatial(spatial);
    }
    throw Cql2.invalid("'" + describe(node) + "' stands where a condition was expected");
  }

  private String join(List<Node> terms, String op) {
    return terms.stream().map(t -> "(" + condition(t) + ")").collect(Collectors.joining(op));
  }

  private String comparison(Cql2.Comparison c) {
    Typed[] sides = pair(c.left(), c.right(), c.op());
    if (sides[0].type() == Queryable.Type.BOOLEAN && !c.op().equals("=") && !c.op().equals("<>")) {
      throw Cql2.invalid("true and false compare only with = and <>");
    }
    return sides[0].sql() + " " + c.op() + " " + sides[1].sql();
  }

  /** Both sides of a comparison, the literal one bound as the other's type. */
  private Typed[] pair(Node left, Node right, String op) {
    boolean leftLiteral = !(left instanceof Cql2.Property);
    boolean rightLiteral = !(right instanceof Cql2.Property);
    if (leftLiteral && rightLiteral) {
      Queryable.Type type = literalType(left);
      return new Typed[] {literal(left, type, op), literal(right, type, op)};
    }
    if (leftLiteral) {
      Typed r = property(right, op);
      return new Typed[] {literal(left, r.type(), op), r};
    }
    Typed l = property(left, op);
    if (rightLiteral) {
      return new Typed[] {l, literal(right, l.type(), op)};
    }
    Typed r = property(right, op);
    if (l.type() != r.type() && !(l.type().textual() && r.type().textual())) {
      if (!(l.type().numeric() && r.type().numeric())
          && !(l.type().temporal() && r.type().temporal())) {
        throw Cql2.invalid(
            "'" + name(left) + "' and '" + name(right) + "' are of different types: " + op);
      }
    }
    scalarOnly(l, op);
    return new Typed[] {l, r};
  }

  private String like(Cql2.Like like) {
    Typed value = like.value() instanceof Cql2.Property ? property(like.value(), "LIKE") : null;
    if (value == null) {
      value = literal(like.value(), Queryable.Type.TEXT, "LIKE");
    }
    if (!value.type().textual()) {
      throw Cql2.invalid("LIKE compares text; '" + describe(like.value()) + "' is not text");
    }
    if (!(like.pattern() instanceof Cql2.Text text)) {
      throw Cql2.invalid("the pattern of LIKE is text in single quotes");
    }
    int escapes = 0;
    for (int i = text.value().length() - 1; i >= 0 && text.value().charAt(i) == '\\'; i--) {
      escapes++;
    }
    if (escapes % 2 == 1) {
      throw Cql2.invalid("the pattern of LIKE ends with its escape character (\\)");
    }
    Typed pattern = literal(like.pattern(), Queryable.Type.TEXT, "LIKE");
    // CQL2's wildcards are SQL's (% and _), its escape the backslash, as PostgreSQL's default
    return value.sql() + (like.not() ? " NOT LIKE " : " LIKE ") + pattern.sql();
  }

  private String between(Cql2.Between b) {
    Typed value = property(b.value(), "BETWEEN");
    if (!value.type().numeric() && !value.type().temporal()) {
      throw Cql2.invalid(
          "BETWEEN needs a number or a date; '" + name(b.value()) + "' is " + value.type());
    }
    String low = operand(b.low(), value.type(), "BETWEEN");
    String high = operand(b.high(), value.type(), "BETWEEN");
    return value.sql() + (b.not() ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high;
  }

  private String in(Cql2.In in) {
    Typed value = property(in.value(), "IN");
    scalarOnly(value, "IN");
    List<String> items = new ArrayList<>();
    for (Node item : in.list()) {
      items.add(operand(item, value.type(), "IN"));
    }
    return value.sql() + (in.not() ? " NOT IN (" : " IN (") + String.join(", ", items) + ")";
  }

  /** A property of the given type, or a literal bound as that type. */
  private String operand(Node node, Queryable.Type type, String op) {
    if (node instanceof Cql2.Property) {
      Typed p = property(node, op);
      if (p.type() != type && !(p.type().numeric() && type.numeric())) {
        throw Cql2.invalid("'" + name(node) + "' is not of the type " + op + " needs here");
      }
      return p.sql();
    }
    return literal(node, type, op).sql();
  }

  private String spatial(Cql2.Spatial s) {
    boolean anyShape = s.op().equals("s_intersects") || s.op().equals("s_disjoint");
    for (Cql2.Node side : List.of(s.left(), s.right())) {
      if (!anyShape
          && side instanceof Cql2.Shape shape
          && shape.geometry().getClass() == org.locationtech.jts.geom.GeometryCollection.class) {
        throw Cql2.invalid(
            "a GEOMETRYCOLLECTION goes with S_INTERSECTS and S_DISJOINT only, not " + s.op());
      }
    }
    String a = geometry(s.left());
    String b = geometry(s.right());
    String function = Cql2.SPATIAL.get(s.op());
    return function + "(" + a + ", " + b + ")";
  }

  private String geometry(Node node) {
    if (node instanceof Cql2.Property) {
      Typed p = property(node, "a spatial function");
      if (p.type() != Queryable.Type.GEOMETRY) {
        throw Cql2.invalid("'" + name(node) + "' is not a geometry");
      }
      return p.sql();
    }
    if (node instanceof Cql2.Shape shape) {
      Geometry g =
          OgcGeometries.inPostgisOrder(shape.geometry(), filterCrs, "a geometry of the filter");
      IsValidOp valid = new IsValidOp(g);
      if (!valid.isValid() && valid.getValidationError() != null) {
        throw Cql2.invalid(
            "a geometry of the filter is not valid: " + valid.getValidationError().getMessage());
      }
      return filterCrs.toStorage(bind(OgcGeometries.wkb(g)));
    }
    throw Cql2.invalid("'" + describe(node) + "' is not a geometry");
  }

  // ---- properties and literals

  private Typed property(Node node, String op) {
    if (!(node instanceof Cql2.Property p)) {
      throw Cql2.invalid(op + " needs a property, found '" + describe(node) + "'");
    }
    Queryable q = queryables.get(p.name());
    if (q == null) {
      throw ApiException.badRequest(
          "unknown-property",
          "'"
              + Cql2.shorten(p.name())
              + "' is not a queryable of "
              + collection
              + "; its queryables are "
              + String.join(", ", queryables.keySet()),
          Map.of("queryables", List.copyOf(queryables.keySet())));
    }
    return new Typed(q.sql(), q.type());
  }

  private static void scalarOnly(Typed t, String op) {
    if (t.type() == Queryable.Type.GEOMETRY) {
      throw Cql2.invalid("a geometry is compared with the spatial functions, not with " + op);
    }
  }

  private static Queryable.Type literalType(Node node) {
    if (node instanceof Cql2.Text) {
      return Queryable.Type.TEXT;
    } else if (node instanceof Cql2.Numeric) {
      return Queryable.Type.NUMBER;
    } else if (node instanceof Cql2.Bool) {
      return Queryable.Type.BOOLEAN;
    } else if (node instanceof Cql2.Date) {
      return Queryable.Type.DATE;
    } else if (node instanceof Cql2.Timestamp) {
      return Queryable.Type.TIMESTAMP;
    }
    throw Cql2.invalid("'" + describe(node) + "' is not a value to compare");
  }

  /** A literal bound as the given type; a literal that is not of it is a 400. */
  private Typed literal(Node node, Queryable.Type type, String op) {
    Object value =
        switch (type) {
          case TEXT, CODE -> node instanceof Cql2.Text t ? t.value() : null;
          case INTEGER, NUMBER -> node instanceof Cql2.Numeric n ? number(n.value(), type) : null;
          case BOOLEAN -> node instanceof Cql2.Bool b ? b.value() : null;
          case DATE ->
              node instanceof Cql2.Date d
                  ? d.value()
                  : node instanceof Cql2.Text t
                      ? Cql2.date(t.value())
                      : node instanceof Cql2.Timestamp ts ? ts.value() : null;
          case TIMESTAMP ->
              node instanceof Cql2.Timestamp ts
                  ? ts.value()
                  : node instanceof Cql2.Date d
                      ? d.value()
                      : node instanceof Cql2.Text t ? Cql2.timestamp(t.value()) : null;
          case GEOMETRY -> null;
        };
    if (value == null) {
      throw Cql2.invalid(
          "'"
              + describe(node)
              + "' is not a "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + (type.textual() ? " (text goes in single quotes)" : "")
              + ", as "
              + op
              + " needs here");
    }
    String sqlType = type.sqlType;
    if (value instanceof OffsetDateTime) {
      sqlType = "timestamptz";
    } else if (value instanceof LocalDate) {
      sqlType = "date";
    } else if (value instanceof BigDecimal) {
      sqlType = "numeric";
    }
    return new Typed("CAST(" + bind(value) + " AS " + sqlType + ")", type);
  }

  /** An integral number for an integer column stays a long (its index applies); else numeric. */
  private static Object number(BigDecimal value, Queryable.Type type) {
    if (type == Queryable.Type.INTEGER) {
      try {
        return value.longValueExact();
      } catch (ArithmeticException e) {
        return value;
      }
    }
    return value;
  }

  private String bind(Object value) {
    String name = "cql" + parameters.size();
    parameters.put(name, value);
    return ":" + name;
  }

  private static String name(Node node) {
    return node instanceof Cql2.Property p ? Cql2.shorten(p.name()) : describe(node);
  }

  private static String describe(Node node) {
    if (node instanceof Cql2.Property p) {
      return Cql2.shorten(p.name());
    } else if (node instanceof Cql2.Text t) {
      return "'" + Cql2.shorten(t.value()) + "'";
    } else if (node instanceof Cql2.Numeric n) {
      return Cql2.shorten(n.value().toString());
    } else if (node instanceof Cql2.Bool b) {
      return Boolean.toString(b.value());
    } else if (node instanceof Cql2.Date d) {
      return "DATE('" + d.value() + "')";
    } else if (node instanceof Cql2.Timestamp t) {
      return "TIMESTAMP('" + t.value() + "')";
    } else if (node instanceof Cql2.Shape s) {
      return s.geometry().getGeometryType();
    }
    return "a condition";
  }
}
