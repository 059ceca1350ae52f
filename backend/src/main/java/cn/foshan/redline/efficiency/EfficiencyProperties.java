package cn.foshan.redline.efficiency;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the compliance check and the park assessment ({@code redline.efficiency.*}).
 *
 * @param idleGraceDays land is idle (闲置土地) when works have not started more than this many days
 *     after the agreed start date (default 365, as in 闲置土地处置办法)
 * @param concentrationDenominator what 工业集中度 divides a park's output by: {@code DISTRICT} (default:
 *     the industrial output of all reporting parcels of the park's district) or {@code CITY} (of
 *     the whole city)
 * @param computeOnStart whether the service computes, before it starts, every year that has figures
 *     but no indicators yet (default true; a 1,000,000-parcel city takes minutes a year, so the
 *     benchmarks start with false and compute the year they measure)
 */
@ConfigurationProperties("redline.efficiency")
record EfficiencyProperties(
    Integer idleGraceDays, String concentrationDenominator, Boolean computeOnStart) {

  EfficiencyProperties {
    idleGraceDays = idleGraceDays == null ? 365 : idleGraceDays;
    computeOnStart = computeOnStart == null || computeOnStart;
    concentrationDenominator =
        concentrationDenominator == null ? "DISTRICT" : concentrationDenominator;
    if (!concentrationDenominator.equals("DISTRICT") && !concentrationDenominator.equals("CITY")) {
      throw new IllegalArgumentException(
          "redline.efficiency.concentration-denominator must be DISTRICT or CITY");
    }
  }
}
