package cn.foshan.redline.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled load the demo city into an empty database (default true)
 * @param seed the seed of the demo city (default 2022)
 * @param parcels the number of parcels (default 20,000; a million or more for benchmarks)
 * @param reload replace the demo city already loaded (refused if the data is not a demo city)
 */
@ConfigurationProperties("redline.demo")
record DemoProperties(Boolean enabled, Long seed, Integer parcels, Boolean reload) {

  DemoProperties {
    enabled = enabled == null || enabled;
    seed = seed == null ? 2022L : seed;
    parcels = parcels == null ? 20_000 : parcels;
    reload = reload != null && reload;
  }
}
