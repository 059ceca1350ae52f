package cn.foshan.redline.renovation;

import java.util.List;

/**
 * 以增定改 of a year (per district, or the city's sum): what the renovation takes out of industry is
 * weighed against what is added, in land and in floor space.
 *
 * <ul>
 *   <li>Land: the area of the plans' parks (renovationMu) against the industrial land supplied that
 *       year (parcels granted, suppliedMu); balanceMu = supplied − renovation. Of the parks' land,
 *       industrialMu stays industrial (工改工) and convertedMu goes to another use.
 *   <li>Floor space: the floor area the plans' parks demolished against the new industrial floor
 *       area — built in the 工改工 parks, and on the parcels supplied that year; floorBalanceM2 = new
 *       − demolished.
 * </ul>
 */
record Balance(
    double renovationMu,
    double suppliedMu,
    int suppliedParcels,
    double balanceMu,
    boolean balanced,
    double industrialMu,
    double convertedMu,
    double demolishedFloorAreaM2,
    double newIndustrialFloorAreaM2,
    double floorBalanceM2,
    boolean floorBalanced) {

  static Balance of(
      double renovationMu,
      double suppliedMu,
      int suppliedParcels,
      double industrialMu,
      double convertedMu,
      double demolishedFloorAreaM2,
      double newIndustrialFloorAreaM2) {
    double balance = round(suppliedMu - renovationMu, 100);
    double floor = round(newIndustrialFloorAreaM2 - demolishedFloorAreaM2, 10);
    return new Balance(
        round(renovationMu, 100),
        round(suppliedMu, 100),
        suppliedParcels,
        balance,
        balance >= 0,
        round(industrialMu, 100),
        round(convertedMu, 100),
        round(demolishedFloorAreaM2, 10),
        round(newIndustrialFloorAreaM2, 10),
        floor,
        floor >= 0);
  }

  /** The city's balance: the districts' sums, weighed again. */
  static Balance sum(List<Balance> districts) {
    return of(
        districts.stream().mapToDouble(Balance::renovationMu).sum(),
        districts.stream().mapToDouble(Balance::suppliedMu).sum(),
        districts.stream().mapToInt(Balance::suppliedParcels).sum(),
        districts.stream().mapToDouble(Balance::industrialMu).sum(),
        districts.stream().mapToDouble(Balance::convertedMu).sum(),
        districts.stream().mapToDouble(Balance::demolishedFloorAreaM2).sum(),
        districts.stream().mapToDouble(Balance::newIndustrialFloorAreaM2).sum());
  }

  private static double round(double v, int scale) {
    return Math.round(v * scale) / (double) scale;
  }
}
