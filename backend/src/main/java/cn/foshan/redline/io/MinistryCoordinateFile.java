package cn.foshan.redline.io;

import static cn.foshan.redline.io.SurveyCoordinates.MAX_POINTS;
import static cn.foshan.redline.io.SurveyCoordinates.assemble;
import static cn.foshan.redline.io.SurveyCoordinates.close;
import static cn.foshan.redline.io.SurveyCoordinates.point;
import static cn.foshan.redline.io.SurveyCoordinates.strip;

import cn.foshan.redline.io.SurveyCoordinates.Crs;
import cn.foshan.redline.io.SurveyCoordinates.Parsed;
import cn.foshan.redline.io.SurveyCoordinates.Part;
import cn.foshan.redline.io.SurveyCoordinates.Point;
import cn.foshan.redline.io.SurveyCoordinates.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ministry's 界址点坐标 exchange file (建设用地报批 / 勘测定界 坐标文件), read into parcels: a {@code [属性描述]}
 * section of {@code key=value} lines (坐标系, 几度分带, 带号… checked against the CRS chosen) and a {@code
 * [地块坐标]} section where each parcel is a header line (界址点数, 地块面积, 地块编号, 地块名称, 图形属性, 图幅号, 地块用途,
 * 地类编码, @) followed by its points {@code 点号,圈号,X,Y}. The rules of points, rings, holes and parts
 * are {@link SurveyCoordinates}'.
 */
final class MinistryCoordinateFile {

  private MinistryCoordinateFile() {}

  static Parsed parse(String[] lines, Crs crs) {
    Map<String, String> attributes = new LinkedHashMap<>();
    String section = null;
    List<Part> parts = new ArrayList<>();
    List<List<Point>> parcel = null;
    List<Point> ring = null;
    String ringNo = null;
    int expected = 0;
    int seen = 0;
    int headerLine = 0;
    int points = 0;
    int rings = 0;
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String t = strip(lines[i]);
      if (t.isEmpty()) {
        continue;
      }
      if (t.startsWith("[") && t.endsWith("]")) {
        section = t.substring(1, t.length() - 1).strip();
        if (section.equals("地块坐标")) {
          checkAttributes(attributes, crs, n);
        }
        continue;
      }
      if (section == null) {
        throw new Problem(
            n, "第 " + n + " 行在任何节（[属性描述]、[地块坐标]）之前（line " + n + ": before any section）");
      }
      if (!section.equals("地块坐标")) {
        int eq = t.indexOf('=');
        if (eq > 0) {
          attributes.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        continue;
      }
      String[] f = t.split("\\s*[,，]\\s*", -1);
      if (t.endsWith("@")) {
        if (parcel != null) {
          rings += finishParcel(parcel, ring, parts, expected, seen, headerLine);
        }
        try {
          expected = Integer.parseInt(f[0].strip());
        } catch (NumberFormatException e) {
          throw new Problem(
              n,
              "第 "
                  + n
                  + " 行地块首行的界址点数“"
                  + f[0]
                  + "”不是整数（line "
                  + n
                  + ": the parcel's point count is not a whole number）");
        }
        parcel = new ArrayList<>();
        ring = new ArrayList<>();
        ringNo = null;
        seen = 0;
        headerLine = n;
        continue;
      }
      if (parcel == null) {
        throw new Problem(
            n,
            "第 "
                + n
                + " 行的点不属于任何地块：缺少以 @ 结尾的地块首行（line "
                + n
                + ": a point before any parcel header ending in @）");
      }
      if (f.length != 4) {
        throw new Problem(
            n,
            "第 "
                + n
                + " 行应为“点号,圈号,X,Y”，此行有 "
                + f.length
                + " 项（line "
                + n
                + ": expected id,ring,X,Y; found "
                + f.length
                + " fields）");
      }
      if (ringNo != null && !f[1].equals(ringNo) && !ring.isEmpty()) {
        parcel.add(close(ring));
        ring = new ArrayList<>();
      }
      ringNo = f[1];
      ring.add(point(f[0], f[2], f[3], n, crs));
      seen++;
      points++;
      if (points > MAX_POINTS) {
        throw new Problem(n, "点数超过 " + MAX_POINTS + "（more than " + MAX_POINTS + " points）");
      }
    }
    if (parcel == null) {
      throw new Problem(0, "没有地块：缺少 [地块坐标] 节或地块首行（no parcel: no [地块坐标] section or parcel header）");
    }
    rings += finishParcel(parcel, ring, parts, expected, seen, headerLine);
    return new Parsed(crs, parts, points, rings, attributes);
  }

  private static int finishParcel(
      List<List<Point>> parcel,
      List<Point> ring,
      List<Part> parts,
      int expected,
      int seen,
      int headerLine) {
    if (!ring.isEmpty()) {
      parcel.add(close(ring));
    }
    if (parcel.isEmpty()) {
      throw new Problem(
          headerLine,
          "第 " + headerLine + " 行的地块没有点（line " + headerLine + ": the parcel has no points）");
    }
    if (expected != seen) {
      throw new Problem(
          headerLine,
          "第 "
              + headerLine
              + " 行的地块首行写有 "
              + expected
              + " 个界址点，其后却有 "
              + seen
              + " 个（line "
              + headerLine
              + ": the header says "
              + expected
              + " points, "
              + seen
              + " follow）");
    }
    parts.addAll(assemble(parcel));
    return parcel.size();
  }

  private static void checkAttributes(Map<String, String> a, Crs crs, int line) {
    String system = a.getOrDefault("坐标系", "");
    if (!system.isEmpty() && !system.contains("2000")) {
      throw new Problem(
          line,
          "文件的坐标系为“"
              + system
              + "”，只接受 2000国家大地坐标系（only CGCS2000 is read; the file says "
              + system
              + "）");
    }
    String zoneWidth = a.getOrDefault("几度分带", "");
    if (!zoneWidth.isEmpty() && !zoneWidth.equals("3") && crs.projected()) {
      throw new Problem(line, "文件为 " + zoneWidth + " 度分带，只接受 3 度分带（only 3° zones are read）");
    }
    String zone = a.getOrDefault("带号", "");
    if (!zone.isEmpty() && crs.projected() && !zone.equals(String.valueOf(crs.zone))) {
      throw new Problem(
          line,
          "文件的带号为 "
              + zone
              + "，与所选坐标系 "
              + crs.code()
              + "（"
              + crs.zone
              + " 带，中央经线 "
              + crs.centralMeridian
              + "°E）不符（the file's zone "
              + zone
              + " is not "
              + crs.code()
              + "'s zone "
              + crs.zone
              + "）");
    }
  }
}
