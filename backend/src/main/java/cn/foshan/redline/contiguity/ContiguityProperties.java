package cn.foshan.redline.contiguity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gapM pieces of land at most this far apart (metres) belong to one patch (default 5: it
 *     closes digitising slivers, boundary walls and ditches between pieces meant to touch, while a
 *     road of two lanes, 7 m and more, still separates them)
 * @param bigBlockMu the size (mu) from which a patch is a big block (default 1,000 mu, 千亩: the
 *     plan's 千亩现代化工业园区; DOMAIN names no block size for 标准地)
 * @param trendYears the trend's length: at most this many year ends (default 10)
 */
@ConfigurationProperties("redline.contiguity")
record ContiguityProperties(Double gapM, Double bigBlockMu, Integer trendYears) {

  ContiguityProperties {
    gapM = gapM == null ? 5.0 : gapM;
    bigBlockMu = bigBlockMu == null ? 1000.0 : bigBlockMu;
    trendYears = trendYears == null ? 10 : trendYears;
    if (!(gapM >= 0 && gapM <= 1000) || !(bigBlockMu > 0) || trendYears < 1 || trendYears > 50) {
      throw new IllegalArgumentException(
          "redline.contiguity: gap-m in [0, 1000] m, big-block-mu > 0, trend-years in [1, 50]");
    }
  }
}
