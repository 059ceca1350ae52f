package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.Cluster;
import cn.foshan.redline.gisdata.City.District;
import cn.foshan.redline.gisdata.City.RedLine;
import cn.foshan.redline.gisdata.City.StageEvent;
import cn.foshan.redline.gisdata.City.Town;
import cn.foshan.redline.gisdata.City.VillagePark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.quadtree.Quadtree;

/**
 * Village-level industrial parks 村级工业园: about 1,000 old parks of a few hundred mu, clustered around
 * the towns, a quarter of them in or across the industrial clusters, in every stage of renovation;
 * 33 of them are the projects becoming modern parks of over 1,000 mu, inside the red line.
 */
final class VillageParks {

  static final int COUNT = 1000;
  static final int MODERN = 33;

  private static final double MU = Geodesy.SQUARE_METRES_PER_MU;

  private VillageParks() {}

  static List<VillagePark> generate(
      long seed,
      List<District> districts,
      List<Town> towns,
      List<Cluster> clusters,
      List<RedLine> redLines) {
    Map<String, District> districtByCode = new HashMap<>();
    districts.forEach(d -> districtByCode.put(d.code(), d));
    Map<String, Geometry> insetDistrict = new HashMap<>();
    districts.forEach(d -> insetDistrict.put(d.code(), d.geom().buffer(-Clusters.DISTRICT_INSET)));
    Locator<Town> townAt = new Locator<>(towns, Town::geom);
    Quadtree placed = new Quadtree();
    List<Geometry> shapes = new ArrayList<>();
    List<Boolean> modern = new ArrayList<>();

    // The 33 modern-park projects: large, inside a red-line polygon each.
    double[] blockWeights = redLines.stream().mapToDouble(r -> r.geom().getArea()).toArray();
    Rng rng = Rng.of(seed, "modern-parks", 0);
    for (int attempt = 0; modern.size() < MODERN && attempt < 20_000; attempt++) {
      RedLine block = redLines.get(rng.weighted(blockWeights));
      double area = rng.uniform(1060, 1800) * MU;
      double aspect = rng.uniform(1, 2);
      Coordinate c =
          Shapes.randomPointIn(block.geom(), new IndexedPointInAreaLocator(block.geom()), rng);
      Polygon rect =
          Shapes.rectangle(
              c, Math.sqrt(area * aspect), Math.sqrt(area / aspect), rng.uniform(0, Math.PI));
      Polygon shape = Shapes.largest(rect.intersection(block.geom()));
      if (shape.getArea() >= 1030 * MU && isFree(placed, shape)) {
        placed.insert(shape.getEnvelopeInternal(), shape);
        shapes.add(shape);
        modern.add(true);
      }
    }
    // The other parks: most near the town centres, a quarter in or across a cluster.
    rng = Rng.of(seed, "village-parks", 0);
    for (int attempt = 0; shapes.size() < COUNT && attempt < 200_000; attempt++) {
      Coordinate c;
      if (rng.chance(0.25)) {
        Cluster cluster = rng.pick(clusters);
        c =
            Shapes.randomPointIn(
                cluster.geom(), new IndexedPointInAreaLocator(cluster.geom()), rng);
      } else {
        Town town = rng.pick(towns);
        c =
            new Coordinate(
                town.centre().x + rng.normal(0, 3500), town.centre().y + rng.normal(0, 3500));
      }
      Town town = townAt.at(c);
      if (town == null) {
        continue;
      }
      double area = Math.min(1200, Math.max(15, rng.logNormal(170, 0.8))) * MU;
      double aspect = rng.uniform(1, 2.5);
      Polygon rect =
          jitter(
              Shapes.rectangle(
                  c, Math.sqrt(area * aspect), Math.sqrt(area / aspect), rng.uniform(0, Math.PI)),
              rng);
      Polygon shape = Shapes.largest(rect.intersection(insetDistrict.get(town.districtCode())));
      if (shape.getArea() >= 0.85 * rect.getArea() && isFree(placed, shape)) {
        placed.insert(shape.getEnvelopeInternal(), shape);
        shapes.add(shape);
        modern.add(false);
      }
    }

    List<VillagePark> parks = new ArrayList<>();
    Map<String, Integer> seq = new HashMap<>();
    for (int i = 0; i < shapes.size(); i++) {
      Geometry shape = shapes.get(i);
      Town town = townAt.at(shape.getInteriorPoint().getCoordinate());
      int n = seq.merge(town.districtCode(), 1, Integer::sum);
      parks.add(
          describe(
              seed,
              Rng.of(seed, "village-park", i),
              i + 1,
              String.format("VP%s-%04d", town.districtCode(), n),
              town,
              modern.get(i),
              Shapes.multi((Polygon) shape)));
    }
    return parks;
  }

  private static boolean isFree(Quadtree placed, Geometry shape) {
    Geometry halo = shape.buffer(15);
    PreparedGeometry prepared = PreparedGeometryFactory.prepare(halo);
    for (Object o : placed.query(halo.getEnvelopeInternal())) {
      if (prepared.intersects((Geometry) o)) {
        return false;
      }
    }
    return true;
  }

  /** Moves the corners of a quadrilateral a little, so parks are not perfect rectangles. */
  private static Polygon jitter(Polygon rect, Rng rng) {
    Coordinate[] cs = rect.getExteriorRing().getCoordinates();
    double size = Math.sqrt(rect.getArea());
    Coordinate[] moved = new Coordinate[cs.length];
    for (int i = 0; i < cs.length - 1; i++) {
      moved[i] =
          new Coordinate(
              cs[i].x + rng.uniform(-0.12, 0.12) * size, cs[i].y + rng.uniform(-0.12, 0.12) * size);
    }
    moved[cs.length - 1] = moved[0].copy();
    Polygon p = Shapes.FACTORY.createPolygon(moved);
    return p.isValid() ? p : rect;
  }

  private static VillagePark describe(
      long seed, Rng rng, int id, String code, Town town, boolean modernPark, Geometry geom) {
    double areaM2 = Geodesy.area(Frame.toDegrees(geom));
    String village = Names.place(rng);
    String status;
    if (modernPark) {
      status = pickStatus(rng, new double[] {0, 0, 6, 12, 7, 8});
    } else {
      status = pickStatus(rng, new double[] {38, 14, 10, 16, 10, 12});
    }
    String type = null;
    Integer planYear = null;
    if (!status.equals("NOT_PLANNED")) {
      type =
          modernPark
              ? "FULL"
              : new String[] {"FULL", "LIGHT", "COMPREHENSIVE"}
                  [rng.weighted(new double[] {45, 30, 25})];
      planYear =
          switch (status) {
            case "PLANNED" -> rng.integer(2026, 2027);
            case "DEMOLITION" -> rng.integer(2025, 2026);
            case "CONSTRUCTION" -> rng.integer(2023, 2025);
            case "COMPLETED" -> rng.integer(2021, 2024);
            default -> rng.integer(2019, 2023);
          };
    }
    double ratioBefore = Math.min(1.6, Math.max(0.3, rng.normal(0.85, 0.2)));
    double floorBefore = areaM2 * ratioBefore;
    int enterprisesBefore = Math.max(1, (int) Math.round(floorBefore / rng.uniform(1500, 4000)));
    Double demolished = null;
    Double newFloor = null;
    Double ratioAfter = null;
    Integer enterprisesAfter = null;
    int stage =
        List.of("NOT_PLANNED", "PLANNED", "DEMOLITION", "CONSTRUCTION", "COMPLETED", "PRODUCTION")
            .indexOf(status);
    if (stage >= 2) {
      double share =
          switch (type) {
            case "FULL" -> stage == 2 ? rng.uniform(0.3, 0.9) : 1.0;
            case "LIGHT" -> rng.uniform(0.1, 0.3);
            default -> rng.uniform(0, 0.08);
          };
      demolished = floorBefore * share;
      double targetRatio =
          switch (type) {
            case "FULL" -> rng.uniform(2.6, 3.8);
            case "LIGHT" -> ratioBefore * rng.uniform(1.2, 1.6);
            default -> ratioBefore * rng.uniform(1.0, 1.15);
          };
      double finalFloor = areaM2 * targetRatio;
      double toBuild = Math.max(0, finalFloor - (floorBefore - demolished));
      newFloor = stage == 2 ? 0.0 : stage == 3 ? toBuild * rng.uniform(0.2, 0.7) : toBuild;
      if (stage >= 4) {
        ratioAfter = (floorBefore - demolished + newFloor) / areaM2;
      }
      if (stage == 5) {
        enterprisesAfter =
            Math.max(
                1,
                (int) Math.round((floorBefore - demolished + newFloor) / rng.uniform(3000, 9000)));
      }
    }
    // 微改造 and 综合整治 have no demolition stage of their own (what they pull down is recorded
    // with the works), and 综合整治 ends when the works are accepted: no production stage
    if (!"FULL".equals(type) && status.equals("DEMOLITION")) {
      status = "CONSTRUCTION";
    }
    if ("COMPREHENSIVE".equals(type) && status.equals("PRODUCTION")) {
      status = "COMPLETED";
      enterprisesAfter = null;
    }
    List<StageEvent> ledger = ledger(seed, id, type, planYear, status);
    return new VillagePark(
        id,
        code,
        village + "村工业区",
        town.districtCode(),
        town.code(),
        town.name() + village + "村",
        type,
        planYear,
        status,
        floorBefore,
        ratioBefore,
        enterprisesBefore,
        demolished,
        newFloor,
        ratioAfter,
        enterprisesAfter,
        modernPark,
        targetUse(seed, id, type, modernPark),
        ledger.isEmpty() ? null : ledger.get(ledger.size() - 1).enteredOn(),
        ledger,
        geom);
  }

  /**
   * The use after renovation of a planned park: 工改工 for nine in ten (every modern park), the rest
   * commerce, housing, public facilities or green land.
   */
  private static String targetUse(long seed, int id, String type, boolean modernPark) {
    if (type == null) {
      return null;
    }
    Rng rng = Rng.of(seed, "village-park-use", id);
    if (modernPark || rng.chance(0.9)) {
      return "INDUSTRIAL";
    }
    return new String[] {"COMMERCIAL", "RESIDENTIAL", "PUBLIC", "ECOLOGICAL"}[rng.integer(0, 3)];
  }

  /** The statuses a park of a renovation type passes through, in order. */
  static List<String> path(String type) {
    return switch (type) {
      case "FULL" -> List.of("PLANNED", "DEMOLITION", "CONSTRUCTION", "COMPLETED", "PRODUCTION");
      case "LIGHT" -> List.of("PLANNED", "CONSTRUCTION", "COMPLETED", "PRODUCTION");
      default -> List.of("PLANNED", "CONSTRUCTION", "COMPLETED");
    };
  }

  /**
   * The renovation ledger of a park up to its status: planned in the December before its plan year
   * (or shortly before {@link City#AS_OF} for next year's plan), each later status at an even step
   * from there to a day between halfway and the end of the time since. From a stream of its own, so
   * the park's other figures stay as they were.
   */
  private static List<StageEvent> ledger(
      long seed, int id, String type, Integer planYear, String status) {
    List<StageEvent> ledger = new ArrayList<>();
    if (type == null) {
      return ledger;
    }
    Rng rng = Rng.of(seed, "village-park-ledger", id);
    LocalDate planned = LocalDate.of(planYear - 1, 12, 1).plusDays(rng.integer(0, 25));
    if (!planned.isBefore(City.AS_OF)) {
      planned = City.AS_OF.minusDays(rng.integer(10, 120));
    }
    List<String> path = path(type);
    int steps = path.indexOf(status);
    long span = City.AS_OF.toEpochDay() - planned.toEpochDay();
    long end = planned.toEpochDay() + Math.max(steps, (long) (span * rng.uniform(0.5, 0.98)));
    for (int k = 0; k <= steps; k++) {
      long day =
          k == 0
              ? planned.toEpochDay()
              : planned.toEpochDay() + (end - planned.toEpochDay()) * k / steps;
      ledger.add(new StageEvent(path.get(k), LocalDate.ofEpochDay(day), "demo-generator", null));
    }
    return ledger;
  }

  private static String pickStatus(Rng rng, double[] weights) {
    return new String[] {
          "NOT_PLANNED", "PLANNED", "DEMOLITION", "CONSTRUCTION", "COMPLETED", "PRODUCTION"
        }
        [rng.weighted(weights)];
  }
}
