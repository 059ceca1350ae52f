package cn.foshan.redline.maps;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Map settings. No internet basemap is assumed: the map stands on our own layers; a tile URL (e.g.
 * an intranet XYZ server, {@code https://tiles.example/{z}/{x}/{y}.png}) may be configured.
 *
 * @param basemapUrl XYZ tile URL template of an optional basemap, empty for none
 * @param basemapAttribution attribution shown with the basemap
 */
@ConfigurationProperties("redline.map")
public record MapProperties(String basemapUrl, String basemapAttribution) {

  public MapProperties {
    basemapUrl = basemapUrl == null ? "" : basemapUrl;
    basemapAttribution = basemapAttribution == null ? "" : basemapAttribution;
  }
}
