package cn.foshan.redline.reserve;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param warningMarginRatio the reserve (of the city or a district) less than this share above its
 *     target is flagged WARNING, an early warning before it falls below (default 0.05: within 5%)
 */
@ConfigurationProperties("redline.reserve")
record ReserveProperties(Double warningMarginRatio) {

  ReserveProperties {
    warningMarginRatio = warningMarginRatio == null ? 0.05 : warningMarginRatio;
  }
}
