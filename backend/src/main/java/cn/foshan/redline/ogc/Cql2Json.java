package cn.foshan.redline.ogc;

import cn.foshan.redline.ogc.Cql2.Limits;
import cn.foshan.redline.ogc.Cql2.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * CQL2 JSON (OGC 21-065 §9) into a {@link Cql2} tree: {@code {"op": …, "args": […]}}, {@code
 * {"property": …}}, {@code {"date": …}}, {@code {"timestamp": …}}, {@code {"bbox": […]}}, GeoJSON
 * geometries, strings, numbers and booleans; within the same {@link Limits} as the text.
 */
final class Cql2Json {

  private final Limits limits = new Limits();

  private Cql2Json() {}

  static Node parse(String text, ObjectMapper json) {
    if (text.length() > Limits.MAX_TEXT) {
      throw Cql2.invalid("the filter is longer than " + Limits.MAX_TEXT + " characters");
    }
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JacksonException e) {
      throw Cql2.invalid("the filter is not JSON (" + Cql2.shorten(e.getOriginalMessage()) + ")");
    }
    if (root == null || root.isMissingNode()) {
      throw Cql2.invalid("the filter is empty");
    }
    return new Cql2Json().expression(root, 1);
  }

  private Node expression(JsonNode node, int depth) {
    limits.node(depth);
    if (node.isBoolean()) {
      return new Cql2.Bool(node.booleanValue());
    }
    if (!node.isObject() || !node.has("op")) {
      throw Cql2.invalid("expected an object with \"op\" and \"args\", found " + describe(node));
    }
    String op = node.get("op").isString() ? node.get("op").stringValue() : "";
    List<JsonNode> args = args(node, op);
    String lower = op.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "and", "or" -> {
        if (args.size() < 2) {
          throw Cql2.invalid("\"" + op + "\" takes two or more arguments");
        }
        List<Node> terms = new ArrayList<>();
        for (JsonNode a : args) {
          terms.add(expression(a, depth + 1));
        }
        return lower.equals("and") ? new Cql2.And(terms) : new Cql2.Or(terms);
      }
      case "not" -> {
        count(op, args, 1);
        return new Cql2.Not(expression(args.get(0), depth + 1));
      }
      case "isnull" -> {
        count(op, args, 1);
        return new Cql2.IsNull(scalar(args.get(0), depth + 1), false);
      }
      case "like" -> {
        count(op, args, 2);
        return new Cql2.Like(scalar(args.get(0), depth + 1), scalar(args.get(1), depth + 1), false);
      }
      case "between" -> {
        count(op, args, 3);
        return new Cql2.Between(
            scalar(args.get(0), depth + 1),
            scalar(args.get(1), depth + 1),
            scalar(args.get(2), depth + 1),
            false);
      }
      case "in" -> {
        count(op, args, 2);
        if (!args.get(1).isArray() || args.get(1).isEmpty()) {
          throw Cql2.invalid("the second argument of \"in\" is a non-empty list");
        }
        List<Node> list = new ArrayList<>();
        for (JsonNode item : args.get(1)) {
          list.add(scalar(item, depth + 1));
        }
        return new Cql2.In(scalar(args.get(0), depth + 1), list, false);
      }
      default -> {
        if (Cql2.COMPARISONS.contains(op)) {
          count(op, args, 2);
          return new Cql2.Comparison(
              op, scalar(args.get(0), depth + 1), scalar(args.get(1), depth + 1));
        }
        if (Cql2.SPATIAL.containsKey(lower)) {
          count(op, args, 2);
          return new Cql2.Spatial(
              lower,
              geometryOperand(args.get(0), depth + 1),
              geometryOperand(args.get(1), depth + 1));
        }
        throw Cql2.invalid(
            "unknown op \""
                + Cql2.shorten(op)
                + "\" (and, or, not, =, <>, <, >, <=, >=, like, between, in, isNull, s_intersects,"
                + " s_disjoint, s_contains, s_within, s_touches, s_overlaps, s_crosses, s_equals)");
      }
    }
  }

  private static List<JsonNode> args(JsonNode node, String op) {
    JsonNode args = node.get("args");
    if (args == null || !args.isArray()) {
      throw Cql2.invalid("\"" + Cql2.shorten(op) + "\" needs \"args\", a list");
    }
    List<JsonNode> list = new ArrayList<>();
    args.forEach(list::add);
    return list;
  }

  private static void count(String op, List<JsonNode> args, int n) {
    if (args.size() != n) {
      throw Cql2.invalid("\"" + op + "\" takes " + n + " argument" + (n == 1 ? "" : "s"));
    }
  }

  private Node scalar(JsonNode node, int depth) {
    limits.node(depth);
    if (node.isString()) {
      return new Cql2.Text(Limits.literal(node.stringValue()));
    }
    if (node.isNumber()) {
      return new Cql2.Numeric(Limits.number(Limits.literal(node.asString())));
    }
    if (node.isBoolean()) {
      return new Cql2.Bool(node.booleanValue());
    }
    if (node.isObject()) {
      if (node.has("property") && node.get("property").isString()) {
        return new Cql2.Property(Limits.literal(node.get("property").stringValue()));
      }
      if (node.has("date") && node.get("date").isString()) {
        return new Cql2.Date(Cql2.date(Limits.literal(node.get("date").stringValue())));
      }
      if (node.has("timestamp") && node.get("timestamp").isString()) {
        return new Cql2.Timestamp(
            Cql2.timestamp(Limits.literal(node.get("timestamp").stringValue())));
      }
    }
    throw Cql2.invalid(
        "expected a property, a string, a number, a boolean, a date or a timestamp, found "
            + describe(node));
  }

  private Node geometryOperand(JsonNode node, int depth) {
    limits.node(depth);
    if (node.isObject() && node.has("property")) {
      return scalar(node, depth);
    }
    if (node.isObject() && node.has("bbox") && node.get("bbox").isArray()) {
      JsonNode b = node.get("bbox");
      if (b.size() != 4 && b.size() != 6) {
        throw Cql2.invalid("a bbox has 4 numbers (or 6 with heights)");
      }
      double[] v = new double[b.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = number(b.get(i));
      }
      return Cql2.Shape.box(v, v.length);
    }
    if (node.isObject() && node.has("type")) {
      try {
        return new Cql2.Shape(geometry(node, depth + 1));
      } catch (IllegalArgumentException e) {
        throw Cql2.invalid("the geometry is not valid: " + e.getMessage());
      }
    }
    throw Cql2.invalid(
        "expected a property, a GeoJSON geometry or a bbox, found " + describe(node));
  }

  private Geometry geometry(JsonNode node, int depth) {
    limits.node(depth);
    var f = OgcGeometries.FACTORY;
    String type = node.path("type").asString("");
    if (type.equals("GeometryCollection")) {
      JsonNode parts = node.path("geometries");
      if (!parts.isArray()) {
        throw Cql2.invalid("a GeometryCollection needs \"geometries\"");
      }
      List<Geometry> list = new ArrayList<>();
      for (JsonNode part : parts) {
        list.add(geometry(part, depth + 1));
      }
      return f.createGeometryCollection(list.toArray(new Geometry[0]));
    }
    JsonNode c = node.path("coordinates");
    if (!c.isArray()) {
      throw Cql2.invalid("a GeoJSON " + Cql2.shorten(type) + " needs \"coordinates\"");
    }
    return switch (type) {
      case "Point" -> f.createPoint(point(c));
      case "LineString" -> f.createLineString(points(c));
      case "Polygon" -> polygon(c);
      case "MultiPoint" -> {
        List<Point> points = new ArrayList<>();
        for (JsonNode p : c) {
          points.add(f.createPoint(point(p)));
        }
        yield f.createMultiPoint(points.toArray(new Point[0]));
      }
      case "MultiLineString" -> {
        List<LineString> lines = new ArrayList<>();
        for (JsonNode l : c) {
          lines.add(f.createLineString(points(l)));
        }
        yield f.createMultiLineString(lines.toArray(new LineString[0]));
      }
      case "MultiPolygon" -> {
        List<Polygon> polygons = new ArrayList<>();
        for (JsonNode p : c) {
          polygons.add(polygon(p));
        }
        yield f.createMultiPolygon(polygons.toArray(new Polygon[0]));
      }
      default -> throw Cql2.invalid("unknown GeoJSON geometry type '" + Cql2.shorten(type) + "'");
    };
  }

  private Polygon polygon(JsonNode rings) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw Cql2.invalid("a polygon needs at least one ring");
    }
    List<LinearRing> list = new ArrayList<>();
    for (JsonNode ring : rings) {
      list.add(OgcGeometries.FACTORY.createLinearRing(points(ring)));
    }
    return OgcGeometries.FACTORY.createPolygon(
        list.get(0), list.subList(1, list.size()).toArray(new LinearRing[0]));
  }

  private Coordinate[] points(JsonNode array) {
    if (!array.isArray()) {
      throw Cql2.invalid("expected a list of positions, found " + describe(array));
    }
    List<Coordinate> list = new ArrayList<>();
    for (JsonNode p : array) {
      list.add(point(p));
    }
    return list.toArray(new Coordinate[0]);
  }

  private Coordinate point(JsonNode p) {
    limits.coordinates(1);
    if (!p.isArray() || p.size() != 2) {
      throw Cql2.invalid("a position is two numbers, found " + describe(p));
    }
    return new Coordinate(number(p.get(0)), number(p.get(1)));
  }

  private static double number(JsonNode n) {
    if (!n.isNumber()) {
      throw Cql2.invalid("expected a number, found " + describe(n));
    }
    double v = n.asDouble();
    if (!Double.isFinite(v)) {
      throw Cql2.invalid("a coordinate is not finite");
    }
    return v;
  }

  private static String describe(JsonNode node) {
    return Cql2.shorten(node.toString());
  }
}
