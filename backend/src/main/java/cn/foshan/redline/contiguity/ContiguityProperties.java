package cn.foshan.redline.contiguity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gapM pieces of land at most this far apart (metres) belong to one patch (default 5: it
 *     closes digitising slivers, boundary walls and ditches between pieces meant to touch, while a
 *     road of two lanes, 7 m and more, still separates them); 0 to 1,000 m
 * @param bigBlockMu the size (mu) from which a patch is a big block (default 1,000 mu, 千亩: the
 *     plan's 千亩现代化工业园区; DOMAIN names no block size for 标准地); above 0, at most {@link
 *     #MAX_BIG_BLOCK_MU}
 * @param trendYears the trend's length: at most this many year ends (default 10)
 * @param keepYearsOnStart whether the service starts making, in the background once it is ready,
 *     the trend's past year ends not kept yet (default true; the benchmarks set it false)
 */
@ConfigurationProperties("redline.contiguity")
record ContiguityProperties(
    Double gapM, Double bigBlockMu, Integer trendYears, Boolean keepYearsOnStart) {

  /**
   * The largest big-block size: 6,000,000 mu = 4,000 km² (4e9 m², more than all of Foshan's 3,798
   * km²), the bound keep_contiguity_year holds to as well (V63).
   */
  static final double MAX_BIG_BLOCK_MU = 6_000_000;

  ContiguityProperties {
    gapM = gapM == null ? 5.0 : gapM;
    bigBlockMu = bigBlockMu == null ? 1000.0 : bigBlockMu;
    trendYears = trendYears == null ? 10 : trendYears;
    keepYearsOnStart = keepYearsOnStart == null || keepYearsOnStart;
    if (!(gapM >= 0 && gapM <= 1000)
        || !(bigBlockMu > 0 && bigBlockMu <= MAX_BIG_BLOCK_MU)
        || trendYears < 1
        || trendYears > 50) {
      throw new IllegalArgumentException(
          "集聚连片设置有误：间距 0 至 1000 米，大块面积大于 0 且不超过 6000000 亩，年数 1 至 50"
              + "（redline.contiguity: gap-m in [0, 1000] m, big-block-mu in (0, 6000000] mu,"
              + " trend-years in [1, 50]）");
    }
  }
}
