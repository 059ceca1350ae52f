package cn.foshan.redline.maps;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Map settings. No internet basemap is assumed: the map stands on our own layers; a tile URL (e.g.
 * an intranet XYZ server, {@code https://tiles.example/{z}/{x}/{y}.png}) may be configured.
 *
 * @param basemapUrl XYZ tile URL template of an optional basemap, empty for none
 * @param basemapAttribution attribution shown with the basemap
 * @param centerLat latitude of the initial view (default 23.02)
 * @param centerLon longitude of the initial view (default 112.95)
 * @param zoom zoom of the initial view (default 10: the whole city)
 */
@ConfigurationProperties("redline.map")
public record MapProperties(
    String basemapUrl,
    String basemapAttribution,
    Double centerLat,
    Double centerLon,
    Integer zoom) {

  public MapProperties {
    basemapUrl = basemapUrl == null ? "" : basemapUrl;
    basemapAttribution = basemapAttribution == null ? "" : basemapAttribution;
    centerLat = centerLat == null ? 23.02 : centerLat;
    centerLon = centerLon == null ? 112.95 : centerLon;
    zoom = zoom == null ? 10 : zoom;
  }
}
