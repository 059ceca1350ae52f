package cn.foshan.redline.ogc;

import cn.foshan.redline.ogc.Cql2.And;
import cn.foshan.redline.ogc.Cql2.Between;
import cn.foshan.redline.ogc.Cql2.Bool;
import cn.foshan.redline.ogc.Cql2.Comparison;
import cn.foshan.redline.ogc.Cql2.In;
import cn.foshan.redline.ogc.Cql2.IsNull;
import cn.foshan.redline.ogc.Cql2.Like;
import cn.foshan.redline.ogc.Cql2.Limits;
import cn.foshan.redline.ogc.Cql2.Node;
import cn.foshan.redline.ogc.Cql2.Not;
import cn.foshan.redline.ogc.Cql2.Or;
import cn.foshan.redline.ogc.Cql2.Property;
import cn.foshan.redline.ogc.Cql2.Shape;
import cn.foshan.redline.ogc.Cql2.Spatial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A recursive-descent parser of CQL2 text (OGC 21-065 §8) into a {@link Cql2} tree: AND, OR, NOT,
 * comparisons, LIKE, BETWEEN, IN, IS NULL, TRUE/FALSE, DATE(…), TIMESTAMP(…), the spatial functions
 * with WKT and BBOX literals. Keywords are case-insensitive; a property is an identifier or a
 * double-quoted name. Every limit of {@link Limits} is checked as it goes.
 */
final class Cql2Text {

  private enum Kind {
    WORD,
    QUOTED_NAME,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  private record Token(Kind kind, String text, int at) {

    boolean is(String word) {
      return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
    }
  }

  private final List<Token> tokens;
  private final Limits limits = new Limits();
  private int position;

  private Cql2Text(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Node parse(String text) {
    if (text.length() > Limits.MAX_TEXT) {
      throw Cql2.invalid("the filter is longer than " + Limits.MAX_TEXT + " characters");
    }
    Cql2Text parser = new Cql2Text(tokenize(text));
    Node node = parser.orExpression(1);
    if (parser.peek().kind != Kind.END) {
      throw parser.unexpected("the end of the filter");
    }
    return node;
  }

  // ---- tokens

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        StringBuilder value = new StringBuilder();
        int start = i++;
        while (true) {
          if (i >= s.length()) {
            throw Cql2.invalid("a string opened at " + (start + 1) + " is not closed");
          }
          char d = s.charAt(i++);
          if (d == '\'') {
            if (i < s.length() && s.charAt(i) == '\'') {
              value.append('\'');
              i++;
            } else {
              break;
            }
          } else {
            value.append(d);
          }
          if (value.length() > Limits.MAX_LITERAL) {
            Limits.literal(value.toString());
          }
        }
        tokens.add(new Token(Kind.STRING, Limits.literal(value.toString()), start));
      } else if (c == '"') {
        int start = i++;
        int end = s.indexOf('"', i);
        if (end < 0) {
          throw Cql2.invalid("a property name opened at " + (start + 1) + " is not closed");
        }
        tokens.add(new Token(Kind.QUOTED_NAME, Limits.literal(s.substring(i, end)), start));
        i = end + 1;
      } else if (Character.isDigit(c)
          || ((c == '-' || c == '+' || c == '.')
              && i + 1 < s.length()
              && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
        int start = i++;
        while (i < s.length()) {
          char d = s.charAt(i);
          boolean exponentSign =
              (d == '-' || d == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
          if (Character.isDigit(d) || d == '.' || d == 'e' || d == 'E' || exponentSign) {
            i++;
          } else {
            break;
          }
        }
        tokens.add(new Token(Kind.NUMBER, Limits.literal(s.substring(start, i)), start));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i++;
        while (i < s.length()
            && (Character.isLetterOrDigit(s.charAt(i))
                || s.charAt(i) == '_'
                || s.charAt(i) == ':'
                || s.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, Limits.literal(s.substring(start, i)), start));
      } else if ("<>=".indexOf(c) >= 0) {
        int start = i++;
        if (i < s.length() && (s.charAt(i) == '=' || (c == '<' && s.charAt(i) == '>'))) {
          i++;
        }
        tokens.add(new Token(Kind.SYMBOL, s.substring(start, i), start));
      } else if ("(),".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i++));
      } else {
        throw Cql2.invalid(
            "unexpected character '"
                + new String(Character.toChars(s.codePointAt(i)))
                + "' at "
                + (i + 1));
      }
    }
    tokens.add(new Token(Kind.END, "", s.length()));
    return tokens;
  }

  private Token peek() {
    return tokens.get(Math.min(position, tokens.size() - 1));
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  /**
   * The next token; past the end, the end again (position keeps counting, so that a step back after
   * it is exact).
   */
  private Token next() {
    Token t = peek();
    position++;
    return t;
  }

  private boolean accept(String word) {
    if (peek().is(word)) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw unexpected("'" + word + "'");
    }
  }

  private cn.foshan.redline.system.ApiException unexpected(String wanted) {
    Token t = peek();
    return Cql2.invalid(
        "expected "
            + wanted
            + " at "
            + (t.at + 1)
            + ", found "
            + (t.kind == Kind.END ? "the end" : "'" + Cql2.shorten(t.text) + "'"));
  }

  // ---- boolean expressions

  private Node orExpression(int depth) {
    limits.node(depth);
    List<Node> terms = new ArrayList<>();
    terms.add(andExpression(depth));
    while (accept("OR")) {
      limits.node(depth);
      terms.add(andExpression(depth));
    }
    return terms.size() == 1 ? terms.get(0) : new Or(terms);
  }

  private Node andExpression(int depth) {
    List<Node> terms = new ArrayList<>();
    terms.add(notExpression(depth));
    while (accept("AND")) {
      limits.node(depth);
      terms.add(notExpression(depth));
    }
    return terms.size() == 1 ? terms.get(0) : new And(terms);
  }

  private Node notExpression(int depth) {
    limits.node(depth);
    if (accept("NOT")) {
      return new Not(notExpression(depth + 1));
    }
    return primary(depth);
  }

  private Node primary(int depth) {
    limits.node(depth);
    Token t = peek();
    if (t.is("(")) {
      next();
      Node inner = orExpression(depth + 1);
      expect(")");
      return inner;
    }
    if (t.kind == Kind.WORD && Cql2.SPATIAL.containsKey(t.text.toLowerCase(Locale.ROOT))) {
      next();
      expect("(");
      Node left = geometryOperand(depth + 1);
      expect(",");
      Node right = geometryOperand(depth + 1);
      expect(")");
      return new Spatial(t.text.toLowerCase(Locale.ROOT), left, right);
    }
    if ((t.is("TRUE") || t.is("FALSE")) && !continuesPredicate(peek(1))) {
      next();
      return new Bool(t.is("TRUE"));
    }
    return predicate(depth);
  }

  private static boolean continuesPredicate(Token t) {
    return (Cql2.COMPARISONS.contains(t.text) && t.kind == Kind.SYMBOL)
        || t.is("LIKE")
        || t.is("BETWEEN")
        || t.is("IN")
        || t.is("IS")
        || t.is("NOT");
  }

  private Node predicate(int depth) {
    Node left = scalar(depth);
    Token t = peek();
    if (t.kind == Kind.SYMBOL && Cql2.COMPARISONS.contains(t.text)) {
      next();
      return new Comparison(t.text, left, scalar(depth));
    }
    if (accept("IS")) {
      boolean not = accept("NOT");
      expect("NULL");
      return new IsNull(left, not);
    }
    boolean not = accept("NOT");
    if (accept("LIKE")) {
      return new Like(left, scalar(depth), not);
    }
    if (accept("BETWEEN")) {
      Node low = scalar(depth);
      expect("AND");
      return new Between(left, low, scalar(depth), not);
    }
    if (accept("IN")) {
      expect("(");
      List<Node> list = new ArrayList<>();
      do {
        limits.node(depth);
        list.add(scalar(depth));
      } while (accept(","));
      expect(")");
      return new In(left, list, not);
    }
    throw unexpected("a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN, IS NULL)");
  }

  /** A property, a string, a number, TRUE/FALSE, DATE('…') or TIMESTAMP('…'). */
  private Node scalar(int depth) {
    limits.node(depth);
    Token t = next();
    if (t.kind == Kind.STRING) {
      return new Cql2.Text(t.text);
    } else if (t.kind == Kind.NUMBER) {
      return new Cql2.Numeric(Limits.number(t.text));
    } else if (t.kind == Kind.QUOTED_NAME) {
      return new Property(t.text);
    } else if (t.kind == Kind.WORD && !isKeyword(t)) {
      if (t.is("TRUE") || t.is("FALSE")) {
        return new Bool(t.is("TRUE"));
      }
      if ((t.is("DATE") || t.is("TIMESTAMP")) && peek().is("(")) {
        next();
        Token value = next();
        if (value.kind != Kind.STRING) {
          position--;
          throw unexpected("a quoted " + t.text.toUpperCase(Locale.ROOT));
        }
        expect(")");
        return t.is("DATE")
            ? new Cql2.Date(Cql2.date(value.text))
            : new Cql2.Timestamp(Cql2.timestamp(value.text));
      }
      return new Property(t.text);
    }
    position--;
    throw unexpected("a property or a value");
  }

  private static boolean isKeyword(Token t) {
    for (String k : List.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL")) {
      if (t.is(k)) {
        return true;
      }
    }
    return false;
  }

  // ---- geometries

  private Node geometryOperand(int depth) {
    limits.node(depth);
    Token t = peek();
    if (t.kind == Kind.QUOTED_NAME) {
      next();
      return new Property(t.text);
    }
    if (t.kind != Kind.WORD) {
      throw unexpected("a geometry (a property, WKT or BBOX)");
    }
    String word = t.text.toUpperCase(Locale.ROOT);
    if (!peek(1).is("(")) {
      next();
      return new Property(t.text);
    }
    next();
    if (word.equals("BBOX")) {
      expect("(");
      double[] v = new double[6];
      int n = 0;
      do {
        if (n == 6) {
          throw unexpected("')' after at most 6 numbers of BBOX");
        }
        v[n++] = coordinate();
      } while (accept(","));
      expect(")");
      if (n != 4 && n != 6) {
        throw Cql2.invalid("BBOX takes 4 numbers (or 6 with heights)");
      }
      return Shape.box(v, n);
    }
    return new Shape(wkt(word, depth + 1));
  }

  private Geometry wkt(String word, int depth) {
    limits.node(depth);
    var f = OgcGeometries.FACTORY;
    try {
      return switch (word) {
        case "POINT" -> {
          expect("(");
          Point p = f.createPoint(point());
          expect(")");
          yield p;
        }
        case "LINESTRING" -> f.createLineString(points());
        case "POLYGON" -> polygon();
        case "MULTIPOINT" -> {
          expect("(");
          List<Point> points = new ArrayList<>();
          do {
            boolean wrapped = accept("(");
            points.add(f.createPoint(point()));
            if (wrapped) {
              expect(")");
            }
          } while (accept(","));
          expect(")");
          yield f.createMultiPoint(points.toArray(new Point[0]));
        }
        case "MULTILINESTRING" -> {
          expect("(");
          List<LineString> lines = new ArrayList<>();
          do {
            lines.add(f.createLineString(points()));
          } while (accept(","));
          expect(")");
          yield f.createMultiLineString(lines.toArray(new LineString[0]));
        }
        case "MULTIPOLYGON" -> {
          expect("(");
          List<Polygon> polygons = new ArrayList<>();
          do {
            polygons.add(polygon());
          } while (accept(","));
          expect(")");
          yield f.createMultiPolygon(polygons.toArray(new Polygon[0]));
        }
        case "GEOMETRYCOLLECTION" -> {
          expect("(");
          List<Geometry> parts = new ArrayList<>();
          do {
            Token t = next();
            if (t.kind != Kind.WORD || !peek().is("(")) {
              position--;
              throw unexpected("a WKT geometry");
            }
            parts.add(wkt(t.text.toUpperCase(Locale.ROOT), depth + 1));
          } while (accept(","));
          expect(")");
          yield f.createGeometryCollection(parts.toArray(new Geometry[0]));
        }
        default ->
            throw Cql2.invalid(
                "unknown geometry '"
                    + Cql2.shorten(word)
                    + "' (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON,"
                    + " GEOMETRYCOLLECTION, BBOX)");
      };
    } catch (IllegalArgumentException e) {
      // JTS refuses rings that are not closed or too short, lines of one point
      throw Cql2.invalid("the " + word + " is not a valid geometry: " + e.getMessage());
    }
  }

  private Polygon polygon() {
    expect("(");
    List<LinearRing> rings = new ArrayList<>();
    do {
      rings.add(OgcGeometries.FACTORY.createLinearRing(points()));
    } while (accept(","));
    expect(")");
    return OgcGeometries.FACTORY.createPolygon(
        rings.get(0), rings.subList(1, rings.size()).toArray(new LinearRing[0]));
  }

  private Coordinate[] points() {
    expect("(");
    List<Coordinate> list = new ArrayList<>();
    do {
      list.add(point());
    } while (accept(","));
    expect(")");
    return list.toArray(new Coordinate[0]);
  }

  private Coordinate point() {
    limits.coordinates(1);
    double x = coordinate();
    double y = coordinate();
    if (peek().kind == Kind.NUMBER) {
      throw Cql2.invalid("geometries of the filter have two coordinates a point, not three");
    }
    return new Coordinate(x, y);
  }

  private double coordinate() {
    Token t = next();
    if (t.kind != Kind.NUMBER) {
      position--;
      throw unexpected("a coordinate");
    }
    double v = Limits.number(t.text).doubleValue();
    if (!Double.isFinite(v)) {
      throw Cql2.invalid("the coordinate " + Cql2.shorten(t.text) + " is not finite");
    }
    return v;
  }
}
