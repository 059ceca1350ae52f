package cn.foshan.redline.gisdata;

import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/** The generated city: plain records, geometries in the metric {@link Frame}. */
final class City {

  /** Data describe the city as of this date: no milestone or stage lies after it. */
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  /** The years with yearly indicators. */
  static final int[] INDICATOR_YEARS = {2023, 2024, 2025};

  private City() {}

  record District(
      String code,
      String name,
      String nameEn,
      double redLineMinimumKm2,
      double officialAreaKm2,
      Geometry lonLat,
      Geometry geom) {}

  record Town(
      String code,
      String name,
      String nameEn,
      String districtCode,
      Coordinate centre,
      Geometry lonLat,
      Geometry geom) {}

  record Cluster(
      int id,
      String code,
      String name,
      String nameEn,
      List<String> districtCodes,
      List<String> industries,
      boolean flagship,
      double weight,
      Geometry geom) {}

  record RedLine(int id, String code, String districtCode, int clusterId, Geometry geom) {}

  record VillagePark(
      int id,
      String code,
      String name,
      String districtCode,
      String townCode,
      String ownerVillage,
      String renovationType,
      Integer planYear,
      String status,
      double floorAreaBeforeM2,
      double plotRatioBefore,
      int enterprisesBefore,
      Double demolishedAreaM2,
      Double newFloorAreaM2,
      Double plotRatioAfter,
      Integer enterprisesAfter,
      boolean modernPark,
      String targetUse,
      LocalDate statusSince,
      List<StageEvent> ledger,
      Geometry geom) {}

  record StageEvent(String stage, LocalDate enteredOn, String actor, String documentNumber) {}

  record ReserveLand(
      int id,
      String code,
      String name,
      String districtCode,
      String townCode,
      Integer clusterId,
      String stage,
      LocalDate stageSince,
      String ownership,
      Double investmentPerMu,
      Double outputPerMu,
      Double taxPerMu,
      Double plotRatioMin,
      Double energyPer10kCny,
      String environmentalTerms,
      List<StageEvent> ledger,
      Geometry geom) {}

  /** A lot cut from a red-line polygon, before it becomes a parcel. */
  record Lot(Geometry geom, RedLine redLine) {}
}
