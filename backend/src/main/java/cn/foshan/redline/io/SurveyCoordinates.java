package cn.foshan.redline.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Survey coordinates (勘测定界 results) as text, read into rings: a pasted list or the ministry's 界址点坐标
 * exchange file ([属性描述] / [地块坐标]). Pure Java, no database: the transform and the validity check are
 * the database's ({@code sql/io/transform_survey_rings.sql}).
 *
 * <p>Rules, in both forms:
 *
 * <ul>
 *   <li>X is the northing and Y the easting (as surveyors write them); in EPSG:4490, X is the
 *       latitude and Y the longitude, in degrees (north first, as in the projected lists and as
 *       EPSG:4490 orders its axes).
 *   <li>In EPSG:4547 (zone 38, CM 114°E) and EPSG:4546 (zone 37, CM 111°E) the easting may carry
 *       the zone number in front (38xxxxxx.xxx); it must be the CRS's zone, and is stripped.
 *   <li>A ring closes when a point repeats its first one, or is closed here. Each ring has at least
 *       3 distinct points (4 with the closing one).
 *   <li>Holes and parts: within a parcel (the ministry file's header line; a pasted list is one
 *       parcel), a ring lying inside an earlier part's outer ring is a hole of that part (圈号 2, 3…
 *       in the ministry's convention); any other ring starts a new part.
 * </ul>
 *
 * <p>A pasted list: one point a line, {@code 点号,X,Y} or {@code 点号,圈号,X,Y}, separated by commas,
 * tabs or spaces; a blank line, or a change of 圈号, starts the next ring; lines starting with {@code
 * #} are comments.
 */
final class SurveyCoordinates {

  /** The CRSs read, with their Gauss-Krüger zone (0: geographic). */
  enum Crs {
    EPSG_4547(4547, 38, 114),
    EPSG_4546(4546, 37, 111),
    EPSG_4490(4490, 0, 0);

    final int srid;
    final int zone;
    final int centralMeridian;

    Crs(int srid, int zone, int centralMeridian) {
      this.srid = srid;
      this.zone = zone;
      this.centralMeridian = centralMeridian;
    }

    boolean projected() {
      return zone != 0;
    }

    String code() {
      return "EPSG:" + srid;
    }

    static Crs of(String text) {
      String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
      for (Crs c : values()) {
        if (t.equals(c.code()) || t.equals(String.valueOf(c.srid))) {
          return c;
        }
      }
      return null;
    }
  }

  /** A line that cannot be read: its number (1-based; 0 for the whole text) and why. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    Problem(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  /** One point as typed: its id, the line it came from, and x = easting/lon, y = northing/lat. */
  record Point(String id, int line, double x, double y) {}

  /** A polygon: its outer ring and its holes, each closed (first point repeated last). */
  record Part(List<Point> shell, List<List<Point>> holes) {}

  /** What was read: the parts, the number of points typed and of rings. */
  record Parsed(Crs crs, List<Part> parts, int points, int rings, Map<String, String> attributes) {

    /** The shape as WKT in the CRS's own x/y (easting, northing; lon, lat). */
    String wkt() {
      StringBuilder s = new StringBuilder("MULTIPOLYGON(");
      for (int p = 0; p < parts.size(); p++) {
        s.append(p == 0 ? "(" : ",(");
        ring(s, parts.get(p).shell());
        for (List<Point> hole : parts.get(p).holes()) {
          s.append(',');
          ring(s, hole);
        }
        s.append(')');
      }
      return s.append(')').toString();
    }

    private static void ring(StringBuilder s, List<Point> ring) {
      s.append('(');
      for (int i = 0; i < ring.size(); i++) {
        if (i > 0) {
          s.append(',');
        }
        s.append(ring.get(i).x()).append(' ').append(ring.get(i).y());
      }
      s.append(')');
    }

    /** Every point, to name the one nearest a place (x/y in the CRS). */
    Point nearest(double x, double y) {
      Point best = null;
      double d = Double.MAX_VALUE;
      for (Part part : parts) {
        List<List<Point>> rings = new ArrayList<>();
        rings.add(part.shell());
        rings.addAll(part.holes());
        for (List<Point> r : rings) {
          for (Point p : r) {
            double e = Math.hypot(p.x() - x, p.y() - y);
            if (e < d) {
              d = e;
              best = p;
            }
          }
        }
      }
      return best;
    }
  }

  static final int MAX_POINTS = 100_000;

  private static final GeometryFactory JTS = new GeometryFactory();

  private SurveyCoordinates() {}

  static Parsed parse(String text, Crs crs) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    boolean ministry = false;
    for (String l : lines) {
      String t = strip(l);
      if (t.isEmpty()) {
        continue;
      }
      ministry = t.startsWith("[");
      break;
    }
    return ministry ? MinistryCoordinateFile.parse(lines, crs) : pasted(lines, crs);
  }

  static String strip(String line) {
    String t = line.strip();
    return t.startsWith("\uFEFF") ? t.substring(1).strip() : t;
  }

  private static Parsed pasted(String[] lines, Crs crs) {
    List<List<Point>> rings = new ArrayList<>();
    List<Point> ring = new ArrayList<>();
    String ringNo = null;
    int points = 0;
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String t = strip(lines[i]);
      if (t.startsWith("#")) {
        continue;
      }
      if (t.isEmpty()) {
        if (!ring.isEmpty()) {
          rings.add(close(ring));
          ring = new ArrayList<>();
        }
        continue;
      }
      String[] f = t.split("[,，\\t ]+", -1);
      String no = null;
      if (f.length == 4) {
        no = f[1];
      } else if (f.length != 3) {
        throw new Problem(
            n,
            "第 "
                + n
                + " 行应为“点号,X,Y”或“点号,圈号,X,Y”，此行有 "
                + f.length
                + " 项（line "
                + n
                + ": expected id,X,Y or id,ring,X,Y; found "
                + f.length
                + " fields）");
      }
      if (ringNo != null && no != null && !no.equals(ringNo) && !ring.isEmpty()) {
        rings.add(close(ring));
        ring = new ArrayList<>();
      }
      ringNo = no;
      ring.add(point(f[0], f[f.length - 2], f[f.length - 1], n, crs));
      points++;
      if (points > MAX_POINTS) {
        throw new Problem(n, "点数超过 " + MAX_POINTS + "（more than " + MAX_POINTS + " points）");
      }
      if (ring.size() > 3 && same(ring.get(0), ring.get(ring.size() - 1))) {
        rings.add(close(ring));
        ring = new ArrayList<>();
      }
    }
    if (!ring.isEmpty()) {
      rings.add(close(ring));
    }
    if (rings.isEmpty()) {
      throw new Problem(0, "没有坐标（no coordinates in the text）");
    }
    List<Part> parts = assemble(rings);
    return new Parsed(crs, parts, points, rings.size(), Map.of());
  }

  static Point point(String id, String xText, String yText, int n, Crs crs) {
    double north;
    double east;
    try {
      north = Double.parseDouble(xText.strip());
      east = Double.parseDouble(yText.strip());
    } catch (NumberFormatException e) {
      throw new Problem(
          n,
          "第 "
              + n
              + " 行的坐标“"
              + xText
              + "”“"
              + yText
              + "”不是数字（line "
              + n
              + ": the coordinates are not numbers）");
    }
    if (!Double.isFinite(north) || !Double.isFinite(east)) {
      throw new Problem(n, "第 " + n + " 行的坐标不是有限数（line " + n + ": coordinates must be finite）");
    }
    if (!crs.projected()) {
      double lat = north;
      double lon = east;
      if (!(lat >= 3 && lat <= 54 && lon >= 73 && lon <= 136)) {
        String swapped =
            lon >= 3 && lon <= 54 && lat >= 73 && lat <= 136
                ? "；似乎经纬度顺序颠倒：应先写纬度 X，再写经度 Y（latitude first, then longitude）"
                : "";
        throw new Problem(
            n,
            "第 "
                + n
                + " 行的纬度 "
                + lat
                + "、经度 "
                + lon
                + " 不在中国范围内"
                + swapped
                + "（line "
                + n
                + ": latitude/longitude outside China）");
      }
      return new Point(id, n, lon, lat);
    }
    if (east >= 1_000_000) {
      int zone = (int) Math.floor(east / 1_000_000);
      if (zone != crs.zone) {
        throw new Problem(
            n,
            "第 "
                + n
                + " 行 Y 坐标的带号为 "
                + zone
                + "，与所选坐标系 "
                + crs.code()
                + "（"
                + crs.zone
                + " 带）不符（line "
                + n
                + ": the easting's zone "
                + zone
                + " is not "
                + crs.code()
                + "'s zone "
                + crs.zone
                + "）");
      }
      // exactly, in decimal: 38407702.340 → 407702.34, not 407702.3400000036
      east =
          new java.math.BigDecimal(yText.strip())
              .subtract(java.math.BigDecimal.valueOf(zone * 1_000_000L))
              .doubleValue();
    }
    if (east < 100_000 || east > 900_000 || north < 0 || north > 10_000_000) {
      throw new Problem(
          n,
          "第 "
              + n
              + " 行的坐标 X="
              + xText
              + "、Y="
              + yText
              + " 不像 "
              + crs.code()
              + " 的坐标（X 为北坐标，Y 为东坐标）（line "
              + n
              + ": not a "
              + crs.code()
              + " coordinate; X is the northing, Y the easting）");
    }
    return new Point(id, n, east, north);
  }

  static boolean same(Point a, Point b) {
    return a.x() == b.x() && a.y() == b.y();
  }

  static List<Point> close(List<Point> ring) {
    List<Point> r = new ArrayList<>(ring);
    if (!same(r.get(0), r.get(r.size() - 1))) {
      Point first = r.get(0);
      r.add(new Point(first.id(), first.line(), first.x(), first.y()));
    }
    if (r.size() < 4) {
      int line = ring.get(0).line();
      throw new Problem(
          line,
          "从第 "
              + line
              + " 行起的环只有 "
              + (r.size() - 1)
              + " 个不同的点，至少要 3 个（闭合后 4 个）（line "
              + line
              + ": a ring needs at least 3 distinct points, 4 with the closing one）");
    }
    return r;
  }

  /** Rings in order into polygons: inside an earlier part's outer ring, a hole; else a new part. */
  static List<Part> assemble(List<List<Point>> rings) {
    List<Part> parts = new ArrayList<>();
    List<Polygon> shells = new ArrayList<>();
    for (List<Point> ring : rings) {
      Polygon polygon = JTS.createPolygon(linear(ring));
      int owner = -1;
      for (int i = 0; i < shells.size(); i++) {
        if (shells.get(i).covers(polygon.getInteriorPoint())
            && shells.get(i).getEnvelopeInternal().covers(polygon.getEnvelopeInternal())) {
          owner = i;
          break;
        }
      }
      if (owner < 0) {
        shells.add(polygon);
        parts.add(new Part(ring, new ArrayList<>()));
      } else {
        parts.get(owner).holes().add(ring);
      }
    }
    return parts;
  }

  private static LinearRing linear(List<Point> ring) {
    Coordinate[] c = new Coordinate[ring.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = new Coordinate(ring.get(i).x(), ring.get(i).y());
    }
    return JTS.createLinearRing(c);
  }
}
