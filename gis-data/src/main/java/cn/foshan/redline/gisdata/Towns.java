package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.District;
import cn.foshan.redline.gisdata.City.Town;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Towns 镇街: the Voronoi cells of their approximate centres inside each real district. Together the
 * towns of a district cover it, without overlaps. Worked in longitude/latitude, on the district
 * geometry exactly as stored, so that no change of frame moves a shared boundary.
 */
final class Towns {

  private Towns() {}

  static List<Town> generate(List<District> districts) {
    Map<String, List<Map<String, String>>> byDistrict = new HashMap<>();
    for (Map<String, String> row : Tsv.read("towns.tsv")) {
      byDistrict.computeIfAbsent(row.get("district"), k -> new ArrayList<>()).add(row);
    }
    List<Town> towns = new ArrayList<>();
    for (District district : districts) {
      List<Map<String, String>> rows = byDistrict.getOrDefault(district.code(), List.of());
      Map<Coordinate, Map<String, String>> bySite = new HashMap<>();
      for (Map<String, String> row : rows) {
        bySite.put(
            new Coordinate(Double.parseDouble(row.get("lon")), Double.parseDouble(row.get("lat"))),
            row);
      }
      for (Map.Entry<Coordinate, Geometry> cell :
          voronoi(bySite.keySet(), district.lonLat()).entrySet()) {
        Map<String, String> row = bySite.get(cell.getKey());
        Geometry lonLat = Shapes.polygonal(cell.getValue().intersection(district.lonLat()), 0);
        towns.add(
            new Town(
                row.get("code"),
                row.get("name"),
                row.get("name_en"),
                district.code(),
                new Coordinate(Frame.x(cell.getKey().x), Frame.y(cell.getKey().y)),
                lonLat,
                Frame.toMetres(lonLat)));
      }
    }
    towns.sort((a, b) -> a.code().compareTo(b.code()));
    return towns;
  }

  /** The Voronoi cell of every site, clipped to a generous frame around the area. */
  static Map<Coordinate, Geometry> voronoi(Iterable<Coordinate> sites, Geometry area) {
    List<Coordinate> list = new ArrayList<>();
    sites.forEach(list::add);
    Map<Coordinate, Geometry> cells = new HashMap<>();
    if (list.size() == 1) {
      cells.put(list.get(0), area.getEnvelope());
      return cells;
    }
    Envelope frame = new Envelope(area.getEnvelopeInternal());
    frame.expandBy(Math.max(frame.getWidth(), frame.getHeight()));
    VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
    builder.setSites(list);
    builder.setClipEnvelope(frame);
    Geometry diagram = builder.getDiagram(Shapes.FACTORY);
    for (int i = 0; i < diagram.getNumGeometries(); i++) {
      Geometry cell = diagram.getGeometryN(i);
      cells.put((Coordinate) cell.getUserData(), cell);
    }
    return cells;
  }
}
