package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aBasemapIsAllowedByItsOriginOnly() {
    assertThat(ContentSecurityPolicy.basemapSource("https://{s}.tile.example.org/{z}/{x}/{y}.png"))
        .isEqualTo("https://*.tile.example.org");
    assertThat(ContentSecurityPolicy.basemapSource("http://tiles.intranet:8080/{z}/{x}/{y}.png"))
        .isEqualTo("http://tiles.intranet:8080");
    assertThat(ContentSecurityPolicy.basemapSource("/basemap/{z}/{x}/{y}.png")).isNull();
    assertThat(ContentSecurityPolicy.basemapSource("")).isNull();
    assertThat(
            new ContentSecurityPolicy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
                .policyFor("/index.html"))
        .contains("img-src 'self' data: https://*.tile.example.org;");
    assertThat(new ContentSecurityPolicy("").policyFor("/index.html"))
        .contains("img-src 'self' data:;");
  }

  @Test
  void aBasemapUrlThePolicyCannotNameIsRefused() {
    for (String url :
        new String[] {
          "javascript:alert(1)",
          "//tiles.example.org/{z}/{x}/{y}.png",
          "https://a{s}.example.org/{z}/{x}/{y}.png",
          "https://tiles.example.org;script-src */{z}/{x}/{y}.png",
          "https://tiles.example.org 'unsafe-inline'/{z}/{x}/{y}.png"
        }) {
      assertThatThrownBy(() -> new ContentSecurityPolicy(url))
          .as(url)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("redline.map.basemap-url");
    }
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
