package cn.foshan.redline.reserve;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param minimumBlockMu a piece is READY (达标) only in a contiguous block (集中成片) of at least this
 *     many mu, with the READY pieces it touches (default 50)
 * @param warningMarginRatio the reserve (of the city or a district) less than this share above its
 *     target is flagged WARNING, an early warning before it falls below (default 0.05: within 5%)
 */
@ConfigurationProperties("redline.reserve")
record ReserveProperties(Double minimumBlockMu, Double warningMarginRatio) {

  ReserveProperties {
    minimumBlockMu = minimumBlockMu == null ? 50.0 : minimumBlockMu;
    warningMarginRatio = warningMarginRatio == null ? 0.05 : warningMarginRatio;
  }
}
