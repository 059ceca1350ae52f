package cn.foshan.redline.redline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param warningMarginRatio a district (or the city) whose red line exceeds its minimum by less
 *     than this share of the minimum is flagged WARNING (default 0.05: within 5%)
 */
@ConfigurationProperties("redline.quota")
record QuotaProperties(Double warningMarginRatio) {

  QuotaProperties {
    warningMarginRatio = warningMarginRatio == null ? 0.05 : warningMarginRatio;
  }
}
