package cn.foshan.redline.factory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The thresholds of the factory alerts (settings {@code redline.factory.*}).
 *
 * @param priceOverMedian a price or rent above the district's median by more than this share is
 *     speculation (default 0.3: 30% above the median)
 * @param vacancyMax a building in use with more than this share of its floor area neither sold nor
 *     leased is flagged (default 0.3)
 */
@ConfigurationProperties("redline.factory")
record FactoryAlertProperties(Double priceOverMedian, Double vacancyMax) {

  FactoryAlertProperties {
    priceOverMedian = priceOverMedian == null ? 0.3 : priceOverMedian;
    vacancyMax = vacancyMax == null ? 0.3 : vacancyMax;
  }
}
