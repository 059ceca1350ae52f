package cn.foshan.redline.maps;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Map settings. No internet basemap is assumed: the map stands on our own layers; any number of
 * basemaps (XYZ tile URL templates, e.g. an intranet imagery server, or 天地图's WMTS in EPSG:3857
 * written as a template) may be configured, and the map page offers them in its switcher with
 * "none".
 *
 * @param basemapUrl XYZ tile URL template of a single basemap (the older setting), empty for none;
 *     offered as the first basemap, named 底图 Basemap
 * @param basemapAttribution attribution shown with that basemap
 * @param basemaps the basemaps offered (redline.map.basemaps[0].name=…, .url=…, .attribution=…,
 *     .subdomains=…, .token=…, .token-param=…, .max-zoom=…)
 * @param centerLat latitude of the initial view (default 23.02)
 * @param centerLon longitude of the initial view (default 112.95)
 * @param zoom zoom of the initial view (default 10: the whole city)
 */
@ConfigurationProperties("redline.map")
public record MapProperties(
    String basemapUrl,
    String basemapAttribution,
    List<Basemap> basemaps,
    Double centerLat,
    Double centerLon,
    Integer zoom) {

  private static final Pattern SUBDOMAIN = Pattern.compile("[A-Za-z0-9-]{1,30}");
  private static final Pattern TOKEN_PARAM = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,30}");

  public MapProperties {
    basemapUrl = basemapUrl == null ? "" : basemapUrl;
    basemapAttribution = basemapAttribution == null ? "" : basemapAttribution;
    basemaps = basemaps == null ? List.of() : List.copyOf(basemaps);
    centerLat = centerLat == null ? 23.02 : centerLat;
    centerLon = centerLon == null ? 112.95 : centerLon;
    zoom = zoom == null ? 10 : zoom;
  }

  /**
   * A basemap: an XYZ tile URL template ({z}, {x}, {y}, and {s} for one of the subdomains), its
   * name in the switcher, attribution, subdomains (comma-separated, or one letter each as Leaflet
   * takes "abc"; default abc), the deepest zoom it has tiles for (default 18), and an optional key
   * (天地图's tk) that the service appends to the URL as tokenParam=token (default tk). The key is
   * sent to every browser that shows the map (天地图 binds its browser keys to the site's domain).
   */
  public record Basemap(
      String name,
      String url,
      String attribution,
      String subdomains,
      String token,
      String tokenParam,
      Integer maxZoom) {

    public Basemap {
      name = name == null || name.isBlank() ? "底图 Basemap" : name.strip();
      url = url == null ? "" : url.strip();
      attribution = attribution == null ? "" : attribution;
      maxZoom = maxZoom == null ? 18 : maxZoom;
      if (url.isEmpty()) {
        throw new IllegalStateException(
            "redline.map.basemaps: the basemap " + name + " has no url");
      }
      if (maxZoom < 0 || maxZoom > 22) {
        throw new IllegalStateException(
            "redline.map.basemaps: max-zoom of " + name + " must be 0–22, not " + maxZoom);
      }
      for (String s : subdomainList(subdomains)) {
        if (!SUBDOMAIN.matcher(s).matches()) {
          throw new IllegalStateException(
              "redline.map.basemaps: subdomains of " + name + " must be names: " + subdomains);
        }
      }
      if (tokenParam != null && !TOKEN_PARAM.matcher(tokenParam).matches()) {
        throw new IllegalStateException(
            "redline.map.basemaps: token-param of " + name + " must be a name: " + tokenParam);
      }
    }

    /** The subdomains {s} stands for (Leaflet's abc when none are set). */
    public List<String> subdomainList() {
      return subdomainList(subdomains);
    }

    private static List<String> subdomainList(String subdomains) {
      if (subdomains == null || subdomains.isBlank()) {
        return List.of("a", "b", "c");
      }
      String s = subdomains.strip();
      return s.contains(",")
          ? Arrays.stream(s.split(",")).map(String::strip).toList()
          : s.chars().mapToObj(Character::toString).toList();
    }

    /** The template the browser asks tiles with: the URL with the key appended, if there is one. */
    public String tileUrl() {
      if (token == null || token.isBlank()) {
        return url;
      }
      String param = tokenParam == null ? "tk" : tokenParam;
      return url
          + (url.contains("?") ? "&" : "?")
          + param
          + "="
          + URLEncoder.encode(token.strip(), StandardCharsets.UTF_8);
    }
  }

  /** Every basemap offered: the single older one first (when set), then the list. */
  public List<Basemap> allBasemaps() {
    List<Basemap> all = new ArrayList<>();
    if (!basemapUrl.isBlank()) {
      all.add(new Basemap("底图 Basemap", basemapUrl, basemapAttribution, null, null, null, null));
    }
    all.addAll(basemaps);
    return all;
  }
}
