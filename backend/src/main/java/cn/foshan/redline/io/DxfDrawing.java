package cn.foshan.redline.io;

import cn.foshan.redline.io.SurveyCoordinates.Crs;
import cn.foshan.redline.io.SurveyCoordinates.Part;
import cn.foshan.redline.io.SurveyCoordinates.Point;
import cn.foshan.redline.io.SurveyCoordinates.Problem;
import cn.foshan.redline.system.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A DXF drawing (勘测定界图) read as survey rings: GDAL's DXF driver (ogr2ogr, blocks inlined) turns its
 * entities into GeoJSON features; every closed polyline (LWPOLYLINE/POLYLINE with the closed flag,
 * or ending on its first point) and every HATCH boundary is a ring, anything else (open lines,
 * text, points) is skipped. CAD's x is the easting (with or without the zone number in front) and y
 * the northing, in the CRS the user names; in EPSG:4490 x is the longitude and y the latitude.
 * Rings are taken largest first, so that a ring inside an earlier one is its hole whatever the
 * drawing's order; a ring drawn twice (a hatch over its boundary) counts once. Bounded: the file's
 * size (4 MB, checked by the caller), one GDAL process among the import slots, 20 s, 10,000
 * entities and {@link SurveyCoordinates#MAX_POINTS} points.
 */
@Component
class DxfDrawing {

  /**
   * The largest drawing read (4 MB, as any request body: redline.http.max-body): DXF is verbose,
   * some 60 bytes a vertex.
   */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final int MAX_ENTITIES = 10_000;

  private final Gdal gdal;
  private final ImportSlots slots;
  private final ObjectMapper json;

  DxfDrawing(Gdal gdal, ImportSlots slots, ObjectMapper json) {
    this.gdal = gdal;
    this.slots = slots;
    this.json = json;
  }

  /**
   * Whether the bytes are a DXF file: binary DXF's sentinel, or ASCII DXF's first group "0 SECTION"
   * (after comments).
   */
  static boolean looks(byte[] body) {
    String head =
        new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1)
            .stripLeading();
    if (head.startsWith("AutoCAD Binary DXF")) {
      return true;
    }
    String[] lines = head.split("\r\n|\r|\n", -1);
    int i = 0;
    while (i + 1 < lines.length && lines[i].strip().equals("999")) {
      i += 2; // a comment group
    }
    return i + 1 < lines.length
        && lines[i].strip().equals("0")
        && lines[i + 1].strip().equals("SECTION");
  }

  /** The drawing's closed polylines as parts in the CRS (a {@link Problem} naming the entity). */
  SurveyCoordinates.Parsed read(byte[] body, Crs crs) {
    String features;
    try (ImportSlots.Slot slot = slots.take()) {
      Path work = Gdal.workDirectory("import");
      try {
        Files.write(work.resolve("drawing.dxf"), body);
        features =
            gdal.run(
                work,
                List.of(
                    "ogr2ogr",
                    "-f",
                    "GeoJSONSeq",
                    "-limit",
                    String.valueOf(MAX_ENTITIES + 1),
                    "-select",
                    "EntityHandle,Layer",
                    "/vsistdout/",
                    "drawing.dxf"),
                TIMEOUT);
      } catch (Gdal.GdalException e) {
        throw new Problem(
            0, "无法读取 DXF 文件（GDAL）：" + firstLine(e.getMessage()) + "（the DXF file cannot be read）");
      } finally {
        Gdal.deleteTree(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rings(features, crs);
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.lines().findFirst().orElse("");
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  /** The features GDAL wrote (one GeoJSON feature a line) as parts. */
  SurveyCoordinates.Parsed rings(String features, Crs crs) {
    List<List<Point>> rings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int entities = 0;
    int points = 0;
    for (String line : features.lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      if (++entities > MAX_ENTITIES) {
        throw new Problem(0, "DXF 实体超过 10,000 个（more than 10,000 entities in the drawing）");
      }
      JsonNode feature = json.readTree(line);
      JsonNode geometry = feature.get("geometry");
      if (geometry == null || geometry.isNull()) {
        continue;
      }
      String handle = feature.at("/properties/EntityHandle").asString("");
      String layer = feature.at("/properties/Layer").asString("");
      String name = "多段线 " + handle + (layer.isEmpty() ? "" : "（图层 " + layer + "）");
      for (JsonNode ring : closedRings(geometry)) {
        points += ring.size();
        if (points > SurveyCoordinates.MAX_POINTS) {
          throw new Problem(0, "点数超过 100,000（more than 100,000 points）");
        }
        List<Point> r = new ArrayList<>();
        for (int k = 0; k < ring.size(); k++) {
          r.add(point(ring.get(k), name + "第 " + (k + 1) + " 点", crs));
        }
        if (new TreeSet<>(r.stream().map(p -> p.x() + " " + p.y()).toList()).size() < 3) {
          throw new Problem(
              0, name + " 不足 3 个不同的点（" + handle + ": a ring needs at least 3 distinct points）");
        }
        if (seen.add(key(r))) {
          rings.add(r);
        }
      }
    }
    if (rings.isEmpty()) {
      throw new Problem(
          0, "DXF 中没有闭合多段线：地块边界须画成闭合的多段线或填充（no closed polyline or hatch in the drawing)");
    }
    rings.sort(Comparator.comparingDouble((List<Point> r) -> -Math.abs(area(r))));
    List<Part> parts = SurveyCoordinates.assemble(rings);
    return new SurveyCoordinates.Parsed(crs, parts, points, rings.size(), Map.of());
  }

  /** The rings of a geometry that close: a closed LineString, the rings of (Multi)Polygons. */
  private static List<JsonNode> closedRings(JsonNode geometry) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode c = geometry.get("coordinates");
    switch (geometry.path("type").asString("")) {
      case "LineString" -> {
        if (c.size() >= 4 && c.get(0).equals(c.get(c.size() - 1))) {
          out.add(c);
        }
      }
      case "MultiLineString" -> {
        for (JsonNode l : c) {
          if (l.size() >= 4 && l.get(0).equals(l.get(l.size() - 1))) {
            out.add(l);
          }
        }
      }
      case "Polygon" -> c.forEach(out::add);
      case "MultiPolygon" -> c.forEach(p -> p.forEach(out::add));
      default -> {
        // points, text, open lines: not a boundary
      }
    }
    return out;
  }

  /**
   * The CRS of a drawing, which must be named (DXF says none): EPSG:4547, EPSG:4546 or EPSG:4490,
   * as for pasted coordinates.
   */
  static Crs statedCrs(String crs) {
    Crs c = Crs.of(crs);
    if (c == null) {
      throw ApiException.badRequest(
          "crs-required",
          (crs == null || crs.isBlank() ? "DXF 图形不带坐标系，请选择它的坐标系：" : "DXF 图形的坐标系只能是 ")
              + "EPSG:4547、EPSG:4546 或 EPSG:4490（a DXF drawing does not say its CRS: name it"
              + " with crs=EPSG:4547, EPSG:4546 or EPSG:4490）");
    }
    return c;
  }

  /**
   * How far a drawing's eastings move in the CRS named, from its extent in CAD x/y: minus the zone
   * number's millions when they carry it, else 0. Both corners are checked as a vertex is ({@link
   * #point}: the zone number the CRS's, the coordinates plausible in it); eastings with the zone
   * number and without in one drawing are a {@link Problem}.
   */
  static double eastingShift(double west, double south, double east, double north, Crs crs) {
    point(JsonNodeFactory.instance.arrayNode().add(west).add(south), "图形范围的西南角", crs);
    point(JsonNodeFactory.instance.arrayNode().add(east).add(north), "图形范围的东北角", crs);
    if (!crs.projected()) {
      return 0;
    }
    if ((west >= 1_000_000) != (east >= 1_000_000)) {
      throw new Problem(
          0, "图形中的 X（东坐标）有的带带号、有的不带（some eastings carry the zone number, some do not）");
    }
    return west >= 1_000_000 ? -crs.zone * 1_000_000.0 : 0;
  }

  /**
   * A vertex: CAD x is the easting (zone number in front or not) or longitude, y the northing or
   * latitude.
   */
  static Point point(JsonNode xy, String name, Crs crs) {
    double x = xy.get(0).asDouble();
    double y = xy.get(1).asDouble();
    if (!crs.projected()) {
      if (!(y >= 3 && y <= 54 && x >= 73 && x <= 136)) {
        throw new Problem(
            0,
            name
                + "的经度 "
                + x
                + "、纬度 "
                + y
                + " 不在中国范围内；请确认所选坐标系（"
                + name
                + ": longitude/latitude outside China; check the CRS）");
      }
      return new Point(name, 0, x, y);
    }
    if (x >= 1_000_000) {
      int zone = (int) Math.floor(x / 1_000_000);
      if (zone != crs.zone) {
        throw new Problem(
            0,
            name
                + "的 X（东坐标）带号为 "
                + zone
                + "，与所选坐标系 "
                + crs.code()
                + "（"
                + crs.zone
                + " 带）不符（the easting's zone "
                + zone
                + " is not "
                + crs.code()
                + "'s zone "
                + crs.zone
                + "）");
      }
      x =
          new BigDecimal(xy.get(0).asString())
              .subtract(BigDecimal.valueOf(zone * 1_000_000L))
              .doubleValue();
    }
    if (x < 100_000 || x > 900_000 || y < 0 || y > 10_000_000) {
      throw new Problem(
          0,
          name
              + "的坐标 x="
              + xy.get(0).asString()
              + "、y="
              + xy.get(1).asString()
              + " 不像 "
              + crs.code()
              + " 的坐标（CAD 的 x 为东坐标，y 为北坐标）（not a "
              + crs.code()
              + " coordinate; CAD x is the easting, y the northing）");
    }
    return new Point(name, 0, x, y);
  }

  private static String key(List<Point> ring) {
    return new TreeSet<>(ring.stream().map(p -> p.x() + " " + p.y()).toList()).toString();
  }

  /** The shoelace area of a ring (its units squared). */
  private static double area(List<Point> r) {
    double s = 0;
    for (int i = 0; i + 1 < r.size(); i++) {
      s += r.get(i).x() * r.get(i + 1).y() - r.get(i + 1).x() * r.get(i).y();
    }
    return s / 2;
  }
}
