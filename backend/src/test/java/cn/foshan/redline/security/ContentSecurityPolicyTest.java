package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.maps.MapProperties;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The policy names a configured basemap's origin in img-src (and nothing else of it), refuses a
 * basemap URL it cannot name at start-up, and keeps inline script out of every page, Swagger UI's
 * included.
 */
@Tag("fast")
class ContentSecurityPolicyTest {

  @Test
  void aBasemapIsAllowedByItsHostsOnly() {
    assertThat(
            ContentSecurityPolicy.basemapSources(
                "https://{s}.tile.example.org/{z}/{x}/{y}.png", List.of("a", "b", "c")))
        .containsExactly(
            "https://a.tile.example.org",
            "https://b.tile.example.org",
            "https://c.tile.example.org");
    assertThat(
            ContentSecurityPolicy.basemapSources(
                "http://tiles.intranet:8080/{z}/{x}/{y}.png", List.of("a")))
        .containsExactly("http://tiles.intranet:8080");
    assertThat(ContentSecurityPolicy.basemapSources("/basemap/{z}/{x}/{y}.png", List.of()))
        .isEmpty();
    assertThat(ContentSecurityPolicy.basemapSources("", List.of())).isEmpty();
    assertThat(
            new ContentSecurityPolicy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
                .policyFor("/index.html"))
        .contains(
            "img-src 'self' data: https://a.tile.example.org https://b.tile.example.org"
                + " https://c.tile.example.org;")
        .doesNotContain("*");
    assertThat(new ContentSecurityPolicy("").policyFor("/index.html"))
        .contains("img-src 'self' data:;");
  }

  @Test
  void everyConfiguredBasemapAndNothingWiderIsAllowed() {
    // 天地图 in Web Mercator with its eight subdomains t0–t7 and its key, and an intranet server
    MapProperties map =
        new MapProperties(
            "",
            "",
            List.of(
                new MapProperties.Basemap(
                    "天地图 矢量",
                    "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
                        + "&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
                        + "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
                    "天地图",
                    "0,1,2,3,4,5,6,7",
                    "abc123",
                    null,
                    18),
                new MapProperties.Basemap(
                    "影像 Imagery",
                    "http://imagery.intranet:8090/{z}/{x}/{y}.jpg",
                    null,
                    null,
                    null,
                    null,
                    20)),
            null,
            null,
            null);
    String policy = new ContentSecurityPolicy(map.allBasemaps()).policyFor("/");
    String images =
        policy.substring(policy.indexOf("img-src"), policy.indexOf(';', policy.indexOf("img-src")));
    assertThat(images.split(" "))
        .containsExactly(
            "img-src",
            "'self'",
            "data:",
            "https://t0.tianditu.gov.cn",
            "https://t1.tianditu.gov.cn",
            "https://t2.tianditu.gov.cn",
            "https://t3.tianditu.gov.cn",
            "https://t4.tianditu.gov.cn",
            "https://t5.tianditu.gov.cn",
            "https://t6.tianditu.gov.cn",
            "https://t7.tianditu.gov.cn",
            "http://imagery.intranet:8090");
    assertThat(map.allBasemaps().get(0).tileUrl()).endsWith("&TILECOL={x}&tk=abc123");
  }

  @Test
  void aBasemapUrlThePolicyCannotNameIsRefused() {
    for (String url :
        new String[] {
          "javascript:alert(1)",
          "//tiles.example.org/{z}/{x}/{y}.png",
          "https://{a}.example.org/{z}/{x}/{y}.png",
          "https://*.example.org/{z}/{x}/{y}.png",
          "https://tiles.example.org;script-src */{z}/{x}/{y}.png",
          "https://tiles.example.org 'unsafe-inline'/{z}/{x}/{y}.png"
        }) {
      assertThatThrownBy(() -> new ContentSecurityPolicy(url))
          .as(url)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("redline.map.basemap-url");
    }
    assertThatThrownBy(
            () ->
                new MapProperties.Basemap(
                    "x",
                    "https://{s}.example.org/{z}/{x}/{y}.png",
                    null,
                    "a;b,c",
                    null,
                    null,
                    null))
        .hasMessageContaining("subdomains");
  }

  @Test
  void noPageMayHaveInlineScriptSwaggerUiAloneInlineStyles() {
    ContentSecurityPolicy csp = new ContentSecurityPolicy("");
    for (String path : new String[] {"/", "/efficiency.html", "/ogc", "/swagger-ui/index.html"}) {
      assertThat(csp.policyFor(path)).as(path).contains("script-src 'self';");
      assertThat(csp.policyFor(path)).as(path).doesNotContain("unsafe-eval");
    }
    assertThat(csp.policyFor("/efficiency.html")).contains("style-src 'self';");
    assertThat(csp.policyFor("/swagger-ui/index.html"))
        .contains("style-src 'self' 'unsafe-inline';");
    assertThat(csp.policyFor("/swagger-ui.html")).contains("style-src 'self' 'unsafe-inline';");
  }
}
