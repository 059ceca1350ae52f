package cn.foshan.redline.gisdata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Commercial factory buildings (商品厂房) on a few of the larger parcels granted since 2010, each at a
 * stage that follows its parcel's milestones, and the units of those selling or in use: their sold
 * and leased areas cut into units, a few to non-industrial occupants — the cases the factory alerts
 * look for.
 */
final class FactoryBuildings {

  static final String[] STAGES = {
    "INDUSTRY_INTRODUCTION", "APPROVAL", "CONSTRUCTION", "SALES", "OPERATION", "ASSESSMENT"
  };

  private final long seed;
  private final Connection connection;
  private final long changeSetId;

  FactoryBuildings(long seed, Connection connection, long changeSetId) {
    this.seed = seed;
    this.connection = connection;
    this.changeSetId = changeSetId;
  }

  /**
   * Stage of the factory building on a parcel (index into STAGES), from the parcel's completion
   * (epoch day, or {@link Landholders#NONE}): before it, up to construction; in its first year,
   * sales; later operation or assessment.
   */
  static int stage(long seed, int parcel, int completedOn) {
    Rng rng = Rng.of(seed, "factory-stage", parcel);
    if (completedOn == Landholders.NONE) {
      return rng.integer(0, 2);
    }
    long since = City.AS_OF.toEpochDay() - completedOn;
    if (since < 365) {
      return 3;
    }
    return rng.chance(0.6) ? 4 : 5;
  }

  long writeBuildings(Landholders holders) throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "factory_building",
            "id, code, name, parcel_id, developer, stage, stage_since, floor_area_m2, sold_area_m2,"
                + " leased_area_m2, sale_price_cny_m2, rent_cny_m2_month, geom, change_set_id")) {
      int[] sequence = new int[Landholders.DISTRICTS.size()];
      int id = 0;
      for (Map.Entry<Integer, Geometry> parcel : holders.factoryParcels().entrySet()) {
        int parcelId = parcel.getKey();
        int i = parcelId - 1;
        Rng rng = Rng.of(seed, "factory", i);
        Geometry footprint = Shapes.largest(parcel.getValue().buffer(-6));
        if (footprint.isEmpty()) {
          footprint = parcel.getValue();
        }
        int completedOn = holders.completedOn(i);
        int stage = stage(seed, i, completedOn);
        double floor = holders.areaMu(i) * Geodesy.SQUARE_METRES_PER_MU * rng.uniform(2.5, 4.5);
        double taken =
            switch (stage) {
              case 3 -> rng.uniform(0.2, 0.6);
              case 4 -> rng.uniform(0.6, 0.97);
              case 5 -> rng.uniform(0.7, 0.98);
              default -> 0;
            };
        double soldShare = rng.uniform(0.3, 0.7);
        double price = rng.uniform(4000, 9500) * (rng.chance(0.05) ? 1.6 : 1);
        double rent = rng.uniform(14, 32) * (rng.chance(0.05) ? 1.7 : 1);
        LocalDate since =
            stage >= 3 && completedOn != Landholders.NONE
                ? LocalDate.ofEpochDay(completedOn).plusDays(stage == 3 ? 0 : rng.integer(200, 600))
                : LocalDate.ofEpochDay(holders.grantedOn(i)).plusDays(rng.integer(0, 300));
        if (since.isAfter(City.AS_OF)) {
          since = City.AS_OF;
        }
        String brand = Names.brand(rng);
        int district = holders.districtIndex(i);
        int seq = ++sequence[district];
        copy.integer(++id)
            .text(String.format("SP%s-%03d", Landholders.DISTRICTS.get(district), seq))
            .text(brand + new String[] {"智造产业园", "科技园", "工业园", "创新园"}[rng.integer(0, 3)])
            .integer(parcelId)
            .text("佛山市" + brand + "产业园开发有限公司")
            .text(STAGES[stage])
            .date(since)
            .decimal(floor, 1)
            .decimal(floor * taken * soldShare, 1)
            .decimal(floor * taken * (1 - soldShare), 1)
            .decimal(stage >= 3 ? price : null, 2)
            .decimal(stage >= 3 ? rent : null, 2)
            .geometry(footprint)
            .integer(changeSetId)
            .end();
      }
      return copy.rows();
    }
  }

  /**
   * Units of the factory buildings that are selling or in use, read back as written: their sold and
   * leased areas cut into units of 300–3,000 m², priced around the building's price or rent, a few
   * to non-industrial occupants (trading, offices).
   */
  long writeUnits() throws SQLException, IOException {
    record Building(
        long id,
        String code,
        double sold,
        double leased,
        Double price,
        Double rent,
        LocalDate since) {}
    List<Building> buildings = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, code, sold_area_m2, leased_area_m2, sale_price_cny_m2,"
                    + " rent_cny_m2_month, stage_since FROM factory_building"
                    + " WHERE sold_area_m2 + leased_area_m2 > 0 ORDER BY id")) {
      while (rs.next()) {
        buildings.add(
            new Building(
                rs.getLong(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getObject(5) == null ? null : rs.getDouble(5),
                rs.getObject(6) == null ? null : rs.getDouble(6),
                rs.getObject(7, LocalDate.class)));
      }
    }
    String[] industries = {"33", "34", "35", "38", "39", "29", "21"};
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "factory_unit",
            "factory_building_id, unit_no, floor_area_m2, deal, occupant, occupant_industrial,"
                + " industry_code, price_cny_m2, rent_cny_m2_month, deal_on, change_set_id")) {
      for (Building b : buildings) {
        Rng rng = Rng.of(seed, "factory-units", b.id());
        int n = 0;
        for (String deal : new String[] {"SOLD", "LEASED"}) {
          double left = Math.floor((deal.equals("SOLD") ? b.sold() : b.leased()) * 10) / 10;
          while (left >= 0.1) {
            double size = Math.min(left, Math.round(rng.uniform(300, 3000) * 10) / 10.0);
            if (left - size < 100) {
              size = left;
            }
            left = Math.round((left - size) * 10) / 10.0;
            boolean industrial = !rng.chance(0.04);
            double premium = rng.chance(0.03) ? rng.uniform(1.4, 1.9) : rng.uniform(0.9, 1.1);
            String name = Names.brand(rng);
            LocalDate dealOn = b.since().plusDays(rng.integer(0, 200));
            copy.integer(b.id())
                .text(String.format("%s-%03d", b.code(), ++n))
                .decimal(size, 1)
                .text(deal)
                .text(
                    industrial
                        ? "佛山市" + name + "制造有限公司"
                        : "佛山市"
                            + name
                            + new String[] {"商贸有限公司", "电子商务有限公司", "物业管理有限公司"}[rng.integer(0, 2)])
                .bool(industrial)
                .text(industrial ? industries[rng.integer(0, industries.length - 1)] : null)
                .decimal(
                    deal.equals("SOLD") ? (b.price() == null ? 6000.0 : b.price()) * premium : null,
                    2)
                .decimal(
                    deal.equals("LEASED") ? (b.rent() == null ? 22.0 : b.rent()) * premium : null,
                    2)
                .date(dealOn.isAfter(City.AS_OF) ? City.AS_OF : dealOn)
                .integer(changeSetId)
                .end();
          }
        }
      }
      return copy.rows();
    }
  }
}
