package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.RedLine;
import cn.foshan.redline.gisdata.City.ReserveLand;
import cn.foshan.redline.gisdata.City.StageEvent;
import cn.foshan.redline.gisdata.City.Town;
import cn.foshan.redline.gisdata.City.VillagePark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.quadtree.Quadtree;

/**
 * Reserve land 储备用地: contiguous pieces of a few hundred mu cut from red-line polygons, clear of the
 * village parks, about 30,000 mu across all stages of the ledger (收储 → 整备 → 达标 → 供地 → 开工), of which
 * about 62 % (≈ 18,600 mu) is ready to supply: the city's rolling reserve of at least 17,000 mu,
 * kept as the plan asks, so that the demo shows a city that meets it (a district may still fall
 * short of its share, which the dashboards then point out).
 */
final class Reserves {

  static final double TOTAL_MU = 30_000;
  static final List<String> STAGES =
      List.of("ACQUIRED", "PREPARING", "READY", "SUPPLIED", "STARTED");
  private static final double[] STAGE_SHARE = {0.08, 0.10, 0.62, 0.12, 0.08};
  private static final double MU = Geodesy.SQUARE_METRES_PER_MU;
  private static final List<String> ENVIRONMENTAL_TERMS =
      List.of(
          "不得新建燃煤锅炉；VOCs 排放执行广东省地方标准",
          "废水接入园区污水处理厂，不得直排；噪声执行 3 类区标准",
          "单位产值能耗不高于全市同行业平均水平；一般工业固废综合利用率不低于 90%",
          "禁止引入高污染、高耗能项目；环评审批后方可开工");

  private Reserves() {}

  static List<ReserveLand> generate(
      long seed, List<RedLine> redLines, List<VillagePark> parks, List<Town> towns) {
    Quadtree taken = new Quadtree();
    for (VillagePark park : parks) {
      Geometry halo = park.geom().buffer(10);
      taken.insert(halo.getEnvelopeInternal(), halo);
    }
    Locator<Town> townAt = new Locator<>(towns, Town::geom);
    double[] weights = redLines.stream().mapToDouble(r -> r.geom().getArea()).toArray();
    Rng rng = Rng.of(seed, "reserve", 0);
    List<Geometry> shapes = new ArrayList<>();
    List<RedLine> blocks = new ArrayList<>();
    double total = 0;
    for (int attempt = 0; total < TOTAL_MU * MU && attempt < 50_000; attempt++) {
      RedLine block = redLines.get(rng.weighted(weights));
      double target = Math.min(1800, Math.max(150, rng.logNormal(420, 0.55))) * MU;
      double aspect = rng.uniform(1, 2.2);
      double angle = rng.uniform(0, Math.PI);
      Coordinate c =
          Shapes.randomPointIn(block.geom(), new IndexedPointInAreaLocator(block.geom()), rng);
      Geometry free =
          free(
              block.geom(),
              taken,
              Shapes.rectangle(c, 6 * Math.sqrt(target), 6 * Math.sqrt(target), 0));
      double scale =
          Shapes.solveIncreasing(
              s -> piece(c, target, aspect, angle, s, free).getArea(), target, 0.3, 3);
      Polygon shape = piece(c, target, aspect, angle, scale, free);
      if (shape.getArea() >= 0.8 * target) {
        Geometry halo = shape.buffer(10);
        taken.insert(halo.getEnvelopeInternal(), halo);
        shapes.add(shape);
        blocks.add(block);
        total += shape.getArea();
      }
    }

    // Stages by area share, in a random order of the pieces.
    List<Integer> order = new ArrayList<>();
    double[] keys = new double[shapes.size()];
    for (int i = 0; i < shapes.size(); i++) {
      order.add(i);
      keys[i] = rng.uniform();
    }
    order.sort(Comparator.comparingDouble(i -> keys[i]));
    String[] stageOf = new String[shapes.size()];
    double cumulative = 0;
    for (int i : order) {
      double share = cumulative / total;
      double bound = 0;
      int s = 0;
      while (s < STAGES.size() - 1 && share >= bound + STAGE_SHARE[s]) {
        bound += STAGE_SHARE[s];
        s++;
      }
      stageOf[i] = STAGES.get(s);
      cumulative += shapes.get(i).getArea();
    }

    List<ReserveLand> pieces = new ArrayList<>();
    Map<String, Integer> seq = new HashMap<>();
    for (int i = 0; i < shapes.size(); i++) {
      Geometry shape = shapes.get(i);
      Town town = townAt.at(shape.getInteriorPoint().getCoordinate());
      int n = seq.merge(town.districtCode(), 1, Integer::sum);
      pieces.add(
          describe(
              Rng.of(seed, "reserve-piece", i),
              i + 1,
              String.format("CB%s-%03d", town.districtCode(), n),
              town,
              blocks.get(i),
              stageOf[i],
              Shapes.multi((Polygon) shape)));
    }
    return pieces;
  }

  private static Geometry free(Geometry block, Quadtree taken, Polygon window) {
    Geometry free = block.buffer(-Lots.EDGE).intersection(window);
    for (Object o : taken.query(window.getEnvelopeInternal())) {
      free = free.difference((Geometry) o);
    }
    return free;
  }

  private static Polygon piece(
      Coordinate c, double target, double aspect, double angle, double scale, Geometry free) {
    double side = Math.sqrt(target) * scale;
    Polygon rect = Shapes.rectangle(c, side * Math.sqrt(aspect), side / Math.sqrt(aspect), angle);
    return Shapes.largest(rect.intersection(free));
  }

  private static ReserveLand describe(
      Rng rng, int id, String code, Town town, RedLine block, String stage, Geometry geom) {
    int stageIndex = STAGES.indexOf(stage);
    LocalDate since = City.AS_OF.minusDays(rng.integer(10, 420));
    List<StageEvent> ledger = new ArrayList<>();
    LocalDate date = since;
    for (int s = stageIndex; s >= 0; s--) {
      ledger.add(
          0,
          new StageEvent(STAGES.get(s), date, actor(STAGES.get(s), town), document(s, date, rng)));
      date = date.minusDays(rng.integer(60, 360));
    }
    boolean collective = stageIndex == 0 && rng.chance(0.5);
    boolean indicators = stageIndex >= 2 || rng.chance(0.4);
    String place = Names.place(rng);
    return new ReserveLand(
        id,
        code,
        town.name() + place + "片区储备用地",
        town.districtCode(),
        town.code(),
        block.clusterId(),
        stage,
        since,
        collective ? "COLLECTIVE" : "STATE",
        indicators ? round(rng.uniform(250, 500), 10) : null,
        indicators ? round(rng.uniform(400, 900), 10) : null,
        indicators ? round(rng.uniform(20, 45), 1) : null,
        indicators ? round(rng.uniform(1.2, 3.0), 0.1) : null,
        indicators ? round(rng.uniform(0.04, 0.2), 0.01) : null,
        indicators ? rng.pick(ENVIRONMENTAL_TERMS) : null,
        ledger,
        geom);
  }

  private static String actor(String stage, Town town) {
    return switch (stage) {
      case "ACQUIRED", "PREPARING" -> town.name() + "土地储备中心";
      case "READY", "SUPPLIED" -> "佛山市自然资源局";
      default -> "项目建设单位";
    };
  }

  private static String document(int stage, LocalDate date, Rng rng) {
    String word = new String[] {"储", "整", "标", "供", "施"}[stage];
    return "佛自然" + word + "〔" + date.getYear() + "〕" + rng.integer(1, 180) + "号";
  }

  static double round(double value, double step) {
    return Math.round(value / step) * step;
  }
}
